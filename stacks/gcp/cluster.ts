// GKE Standard cluster with one node pool per data plane role. The official module prefers
// Autopilot; Standard gives each Brainstore role a dedicated, tainted pool of local-SSD
// machines from Config (examples/braintrust-data-plane-gke-standard). Regional in production
// (control plane and nodes across zones), zonal for testing.
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster/index.js';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool/index.js';
import { DataGoogleComputeZones } from '@cdktf/provider-google/lib/data-google-compute-zones/index.js';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member/index.js';
import type { Config } from '../../src/config/schema.js';
import { labelsFor, resourceName } from '../common/naming.js';
import { dataPlanePools, poolMaxNodes, type PoolSpec } from '../common/helm-values.js';
import { bootDiskType, DEFAULT_API_MACHINE, localSsdCount, machineShape } from './machine-types.js';
import { POD_RANGE, SERVICE_RANGE, type GcpNetwork } from './network.js';
import { serviceAccountId } from './identity.js';
import type { GcpDataKey } from './kms.js';

export const CONTROL_PLANE_CIDR = '172.16.0.0/28';

export interface GcpClusterProps {
  config: Config;
  projectId: string;
  network: GcpNetwork;
  /** Customer-managed key for etcd secrets and node boot disks (official module). */
  dataKey: GcpDataKey;
  /** Enable the Gateway API (the HTTPS ingress is a GKE Gateway). */
  gatewayApi?: boolean;
}

export class GkeCluster extends Construct {
  readonly cluster: ContainerCluster;
  readonly pools: ContainerNodePool[] = [];
  /** Zone (testing) or region (production): what `gcloud container clusters get-credentials` needs. */
  readonly location: string;
  private readonly zoneNames: string[];
  private readonly dataKey: GcpDataKey;

  constructor(scope: Construct, id: string, props: GcpClusterProps) {
    super(scope, id);
    const { config, projectId, network, dataKey } = props;
    this.dataKey = dataKey;
    const production = config.tier === 'production';
    // config.zones pins them; else the region's zones that are UP, read at plan time.
    const zoneNames = config.zones ?? new DataGoogleComputeZones(this, 'zones', { region: config.region!, status: 'UP' }).names;
    this.location = production ? config.region! : (config.zones?.[0] ?? Fn.element(zoneNames, 0));
    this.zoneNames = zoneNames;

    const nodeAccount = new ServiceAccount(this, 'node-sa', {
      accountId: serviceAccountId(config, 'nodes'),
      displayName: `${config.name} GKE nodes`,
    });
    new ProjectIamMember(this, 'node-sa-role', {
      project: projectId,
      role: 'roles/container.defaultNodeServiceAccount',
      member: `serviceAccount:${nodeAccount.email}`,
    });

    this.cluster = new ContainerCluster(this, 'gke', {
      name: resourceName(config, 'gke'),
      location: this.location,
      network: network.network.id,
      subnetwork: network.subnet.id,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: POD_RANGE.name,
        servicesSecondaryRangeName: SERVICE_RANGE.name,
      },
      // Nodes have no public IPs (egress via Cloud NAT); the control plane keeps a public
      // endpoint so terraform's helm provider and kubectl can reach it.
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: false,
        masterIpv4CidrBlock: CONTROL_PLANE_CIDR,
      },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: production,
      releaseChannel: { channel: 'REGULAR' },
      workloadIdentityConfig: { workloadPool: `${projectId}.svc.id.goog` },
      datapathProvider: 'ADVANCED_DATAPATH',
      maintenancePolicy: { dailyMaintenanceWindow: { startTime: '03:00' } },
      resourceLabels: labelsFor(config),
      // Kubernetes Secrets (braintrust-secrets among them) encrypted in etcd with our key.
      databaseEncryption: { state: 'ENCRYPTED', keyName: dataKey.key.id },
      // Installs the Gateway API CRDs and GKE's GatewayClasses (stacks/gcp/ingress.ts).
      ...(props.gatewayApi ? { gatewayApiConfig: { channel: 'CHANNEL_STANDARD' } } : {}),
      dependsOn: [network.privateServiceAccess, dataKey.grants.gke],
    });

    const pools = dataPlanePools(config, DEFAULT_API_MACHINE, (type) => machineShape(type, config.tier));
    for (const pool of pools) this.pools.push(this.nodePool(config, pool, nodeAccount.email));
  }

  /**
   * Where a pool's nodes go. Zonal (testing): `count` nodes in the cluster's zone. Regional
   * (production): spread over min(count, 3) zones with ceil(count / zones) nodes each, so the
   * initial size stays within the autoscaling totals (a writer pool of 1 is one node, not one
   * per zone of the region).
   */
  private placement(config: Config, count: number): { initialNodeCount: number; nodeLocations?: string[] } {
    const pinned = config.zones;
    if (config.tier !== 'production' && !pinned) return { initialNodeCount: count };
    // With `zones` set, the pool spreads over the first min(count, zones) of them (only those).
    const zones = Math.max(1, Math.min(count, pinned?.length ?? 3));
    return {
      initialNodeCount: Math.ceil(count / zones),
      nodeLocations: Array.from({ length: zones }, (_, i) => (pinned ? pinned[i] : Fn.element(this.zoneNames, i))),
    };
  }

  private nodePool(config: Config, pool: PoolSpec, serviceAccount: string): ContainerNodePool {
    const brainstore = pool.role !== 'api';
    const ssds = brainstore ? localSsdCount(pool.instanceType, config.tier) : 0;
    return new ContainerNodePool(this, `pool-${pool.role}`, {
      name: pool.role,
      cluster: this.cluster.id,
      location: this.location,
      ...this.placement(config, pool.count),
      // total_* counts span all zones of a regional cluster (plain node_count is per zone).
      // Every pool may double: the chart rolls Deployments with maxSurge 100% and
      // maxUnavailable 0, and Brainstore pods repel each other (one per node), so an upgrade
      // needs room for a second set of pods before the old ones go (poolMaxNodes).
      autoscaling: {
        totalMinNodeCount: pool.count,
        totalMaxNodeCount: poolMaxNodes(pool),
        locationPolicy: 'BALANCED',
      },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: pool.instanceType,
        diskType: bootDiskType(pool.instanceType),
        diskSizeGb: 100,
        bootDiskKmsKey: this.dataKey.key.id,
        serviceAccount,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        labels: pool.labels,
        resourceLabels: labelsFor(config),
        taint: pool.taint ? [{ key: pool.taint.key, value: pool.taint.value, effect: 'NO_SCHEDULE' }] : undefined,
        // Local NVMe SSDs back the node's ephemeral storage, so Brainstore's emptyDir cache
        // lives on them (Helm chart README, "GKE Standard Mode").
        ephemeralStorageLocalSsdConfig: ssds > 0 ? { localSsdCount: ssds } : undefined,
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      lifecycle: { ignoreChanges: ['initial_node_count'] },
      dependsOn: [this.dataKey.grants.compute],
    });
  }
}
