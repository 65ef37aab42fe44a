// What a config deploys, counted: the machines of every node group (with the size autoscaling
// may reach), the database, the cache and the network pieces that bill by the hour. Pure: the
// same pool rules the stacks use (stacks/common/helm-values.ts, the per-cloud tables), so cost
// and the preflight quota check agree with what terraform will create.
import type { Config } from '../config/schema.js';
import { dataPlanePools } from '../../stacks/common/helm-values.js';
import { DEFAULT_API_MACHINE, localSsdCount, machineShape as gcpShape } from '../../stacks/gcp/machine-types.js';
import { DEFAULT_API_VM, SYSTEM_POOL, machineShape as azureShape } from '../../stacks/azure/vm-sizes.js';

export type Component = 'api' | 'postgres' | 'redis' | 'brainstore-reader' | 'brainstore-writer' | 'brainstore' | 'kubernetes' | 'network';

export interface NodeGroup {
  component: Component;
  instanceType: string;
  /** Nodes running after install. */
  count: number;
  /** Nodes autoscaling may reach (quota must hold this many). */
  maxCount: number;
  /** GCP local SSD disks per node (375 GB each), for the LOCAL_SSD_TOTAL_GB quota. */
  localSsds?: number;
}

export interface Inventory {
  cloud: Config['cloud'];
  region: string;
  tier: Config['tier'];
  /** Virtual machines: Brainstore, and on GKE/AKS the API and system pools. */
  nodes: NodeGroup[];
  postgres: { instanceType: string; storageGiB: number; iops: number; /** primary + standby */ instances: number };
  redis: { instanceType: string; nodes: number; highAvailability: boolean };
  /** Managed NAT gateways (0 with an existing VPC). */
  natGateways: number;
  /** Elastic/public IPs the stack allocates (the NAT's). */
  publicIps: number;
  /** VPCs/VNets/networks the stack creates. */
  networks: number;
  /** Internal network load balancers (AWS: one per Brainstore node group). */
  loadBalancers: number;
  /** Managed Kubernetes control planes billed by the hour (GKE; AKS Standard tier). */
  paidClusters: number;
}

// AWS production runs at least two readers (stacks/aws/brainstore.ts MIN_PRODUCTION_READERS);
// every Brainstore auto scaling group may double (maxSize = 2 x count).
const MIN_AWS_PRODUCTION_READERS = 2;

function awsNodes(config: Config): NodeGroup[] {
  const b = config.brainstore;
  const group = (component: Component, count: number, instanceType: string): NodeGroup => ({ component, instanceType, count, maxCount: count * 2 });
  if (b.combined) return [group('brainstore', Math.max(1, b.combined.count), b.combined.instanceType)];
  const readers = config.tier === 'production' ? Math.max(MIN_AWS_PRODUCTION_READERS, b.readers!.count) : Math.max(1, b.readers!.count);
  return [group('brainstore-reader', readers, b.readers!.instanceType), group('brainstore-writer', Math.max(1, b.writers!.count), b.writers!.instanceType)];
}

/** GKE/AKS pools: Brainstore pools are fixed, the API pool may double. */
function kubernetesNodes(config: Config): NodeGroup[] {
  const gcp = config.cloud === 'gcp';
  const pools = gcp
    ? dataPlanePools(config, DEFAULT_API_MACHINE, (t) => gcpShape(t, config.tier))
    : dataPlanePools(config, DEFAULT_API_VM, azureShape);
  const nodes: NodeGroup[] = pools.map((p) => ({
    component: p.role,
    instanceType: p.instanceType,
    count: p.count,
    maxCount: p.role === 'api' ? p.count * 2 : p.count,
    ...(gcp && p.role !== 'api' ? { localSsds: localSsdCount(p.instanceType, config.tier) } : {}),
  }));
  if (!gcp) {
    const system = SYSTEM_POOL[config.tier];
    nodes.unshift({ component: 'kubernetes', instanceType: system.vmSize, count: system.count, maxCount: system.count });
  }
  return nodes;
}

export function inventoryOf(config: Config): Inventory {
  const production = config.tier === 'production';
  const region = config.region ?? '';
  const base = {
    cloud: config.cloud,
    region,
    tier: config.tier,
    postgres: { instanceType: config.postgres.instanceType, storageGiB: config.postgres.storageGiB, iops: config.postgres.iops, instances: production ? 2 : 1 },
  };
  switch (config.cloud) {
    case 'aws': {
      const nodes = awsNodes(config);
      const ownVpc = !config.network?.existingVpcId;
      return {
        ...base, nodes,
        redis: { instanceType: config.redis.instanceType, nodes: production ? 2 : 1, highAvailability: production },
        natGateways: ownVpc ? 1 : 0, publicIps: ownVpc ? 1 : 0, networks: ownVpc ? 1 : 0,
        loadBalancers: nodes.length, paidClusters: 0,
      };
    }
    case 'gcp':
      // Memorystore prices the tier (basic/standard-ha) into its per-GB rate: one "node".
      return {
        ...base, nodes: kubernetesNodes(config),
        redis: { instanceType: config.redis.instanceType, nodes: 1, highAvailability: config.redis.instanceType.startsWith('standard') },
        natGateways: 1, publicIps: 0, networks: 1, loadBalancers: 0, paidClusters: 1,
      };
    case 'azure':
      // Azure Managed Redis with high availability (production) bills two nodes of the SKU.
      return {
        ...base, nodes: kubernetesNodes(config),
        redis: { instanceType: config.redis.instanceType, nodes: production ? 2 : 1, highAvailability: production },
        natGateways: 1, publicIps: 1, networks: 1, loadBalancers: 0, paidClusters: production ? 1 : 0,
      };
    default:
      return { ...base, nodes: [], redis: { instanceType: config.redis.instanceType, nodes: 0, highAvailability: false }, natGateways: 0, publicIps: 0, networks: 0, loadBalancers: 0, paidClusters: 0 };
  }
}

/** Every distinct VM type the deployment runs (instance availability and quotas look these up). */
export function nodeTypes(inv: Inventory): string[] {
  return [...new Set(inv.nodes.map((n) => n.instanceType))];
}
