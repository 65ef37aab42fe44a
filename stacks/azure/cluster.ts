// AKS (official module modules/k8s): a system pool for cluster add-ons and one user pool per
// data plane role on the VM sizes from Config. Brainstore pools are tainted to their role and
// use Lsv3/Lasv3 sizes whose NVMe disks Azure Container Storage (acstor extension) turns into
// the `local` StorageClass the chart's Brainstore volumes use. OS disks stay Managed: an
// ephemeral OS disk would take the local disk Brainstore needs (module comment).
import { Construct } from 'constructs';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool/index.js';
import { KubernetesClusterExtension } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-extension/index.js';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import { dataPlanePools, poolMaxNodes, type PoolRole, type PoolSpec } from '../common/helm-values.js';
import type { AzureNetwork } from './network.js';
import { DEFAULT_API_VM, machineShape, SYSTEM_POOL } from './vm-sizes.js';

/** AKS pool names: at most 12 lowercase letters and digits. */
export const POOL_NAMES: Record<PoolRole, string> = {
  api: 'api',
  'brainstore-reader': 'bsreader',
  'brainstore-writer': 'bswriter',
  brainstore: 'brainstore',
};

const ZONES = ['1', '2', '3'];

export interface AksProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
}

export class AksCluster extends Construct {
  readonly cluster: KubernetesCluster;
  readonly pools: KubernetesClusterNodePool[] = [];
  readonly containerStorage: KubernetesClusterExtension;

  constructor(scope: Construct, id: string, props: AksProps) {
    super(scope, id);
    const { config, group, network } = props;
    const production = config.tier === 'production';
    const tags = tagsFor(config);

    // The control plane manages the internal load balancer in the API subnet and the node
    // subnet's egress: it needs Network Contributor on the VNet before the cluster exists.
    const controlPlane = new UserAssignedIdentity(this, 'identity', {
      name: resourceName(config, 'aks'),
      resourceGroupName: group.name,
      location: group.location,
      tags,
    });
    const networkRole = new RoleAssignment(this, 'network-contributor', {
      scope: network.vnet.id,
      roleDefinitionName: 'Network Contributor',
      principalId: controlPlane.principalId,
      principalType: 'ServicePrincipal',
    });

    const system = SYSTEM_POOL[config.tier];
    this.cluster = new KubernetesCluster(this, 'aks', {
      name: resourceName(config, 'aks'),
      resourceGroupName: group.name,
      location: group.location,
      dnsPrefix: config.name,
      skuTier: production ? 'Standard' : 'Free',
      automaticUpgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      identity: { type: 'UserAssigned', identityIds: [controlPlane.id] },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      roleBasedAccessControlEnabled: true,
      // The chart syncs braintrust-secrets from Key Vault through the CSI driver.
      keyVaultSecretsProvider: { secretRotationEnabled: true },
      defaultNodePool: {
        name: 'system',
        vmSize: system.vmSize,
        nodeCount: system.count,
        onlyCriticalAddonsEnabled: true,
        vnetSubnetId: network.aksSubnet.id,
        osDiskType: 'Managed',
        zones: config.zones ?? (production ? ZONES : undefined),
        temporaryNameForRotation: 'systemtmp',
        upgradeSettings: { maxSurge: '10%' },
      },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        loadBalancerSku: 'standard',
        outboundType: 'userAssignedNATGateway',
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIp: '10.0.0.10',
      },
      tags,
      dependsOn: [networkRole, network.natAssociation, ...network.nsgAssociations],
    });

    const pools = dataPlanePools(config, DEFAULT_API_VM, machineShape);
    for (const pool of pools) this.pools.push(this.nodePool(config, pool, network));

    this.containerStorage = new KubernetesClusterExtension(this, 'acstor', {
      // The name must be `acstor` for Azure CLI compatibility.
      name: 'acstor',
      clusterId: this.cluster.id,
      extensionType: 'microsoft.azurecontainerstoragev2',
      dependsOn: this.pools,
    });
  }

  private nodePool(config: Config, pool: PoolSpec, network: AzureNetwork): KubernetesClusterNodePool {
    const production = config.tier === 'production';
    return new KubernetesClusterNodePool(this, `pool-${pool.role}`, {
      name: POOL_NAMES[pool.role],
      kubernetesClusterId: this.cluster.id,
      mode: 'User',
      vmSize: pool.instanceType,
      // Every pool autoscales up to twice its size: the chart rolls Deployments with maxSurge
      // 100% and maxUnavailable 0, and Brainstore pods repel each other (one per node), so an
      // upgrade needs room for a second set of pods (official module: 2-10 nodes per pool).
      autoScalingEnabled: true,
      nodeCount: pool.count,
      minCount: pool.count,
      maxCount: poolMaxNodes(pool),
      vnetSubnetId: network.aksSubnet.id,
      osDiskType: 'Managed',
      zones: config.zones ?? (production ? ZONES : undefined),
      nodeLabels: pool.labels,
      nodeTaints: pool.taint ? [`${pool.taint.key}=${pool.taint.value}:${pool.taint.effect}`] : undefined,
      upgradeSettings: { maxSurge: pool.role === 'api' ? '33%' : '1' },
      tags: tagsFor(config),
      // The autoscaler owns the node count after creation.
      lifecycle: { ignoreChanges: ['node_count'] },
    });
  }
}
