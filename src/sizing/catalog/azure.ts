// Azure instance catalog: PostgreSQL Flexible Server compute SKUs, Azure Cache for Redis and
// Azure Managed Redis SKUs, VM sizes for AKS node pools. Memory GiB; disks converted to GB.
import { family, gibToGB, type CloudCatalog, type InstanceSpec } from './types.js';

type Arch = 'arm64' | 'x86_64';

/** Azure names put the vCPU count mid-name: `${prefix}${n}${suffix}`, memory by ratio. */
function sizes(prefix: string, suffix: string, vcpus: number[], gibPerVcpu: number, arch: Arch = 'x86_64', burstable = false): InstanceSpec[] {
  return family(prefix, vcpus.map((n) => [String(n), n, n * gibPerVcpu] as const), { arch, burstable, sep: '', suffix });
}

/** Override the memory of the sizes whose ratio breaks the family pattern. */
function withMemory(specs: InstanceSpec[], memory: Record<string, number>): InstanceSpec[] {
  return specs.map((s) => (s.name in memory ? { ...s, memoryGiB: memory[s.name] } : s));
}

// Azure Database for PostgreSQL flexible server, "Compute options": Burstable B-series,
// General Purpose Dsv3/Ddsv4/Ddsv5/Dadsv5 (4 GiB/vCPU), Memory Optimized Edsv4/Edsv5
// (8 GiB/vCPU; E64ds_v4 504 GiB, E64ds_v5 512 GiB, E96ds_v5 672 GiB).
const FLEXIBLE_SERVER: InstanceSpec[] = [
  ...family('B_Standard_B', [['1ms', 1, 2], ['2s', 2, 4], ['2ms', 2, 8], ['4ms', 4, 16], ['8ms', 8, 32], ['12ms', 12, 48], ['16ms', 16, 64], ['20ms', 20, 80]], { arch: 'x86_64', burstable: true, sep: '' }),
  ...sizes('GP_Standard_D', 's_v3', [2, 4, 8, 16, 32, 48, 64], 4),
  ...sizes('GP_Standard_D', 'ds_v4', [2, 4, 8, 16, 32, 48, 64], 4),
  ...sizes('GP_Standard_D', 'ds_v5', [2, 4, 8, 16, 32, 48, 64, 96], 4),
  ...sizes('GP_Standard_D', 'ads_v5', [2, 4, 8, 16, 32, 48, 64, 96], 4),
  ...withMemory(sizes('MO_Standard_E', 'ds_v4', [2, 4, 8, 16, 20, 32, 48, 64], 8), { MO_Standard_E64ds_v4: 504 }),
  ...withMemory(sizes('MO_Standard_E', 'ds_v5', [2, 4, 8, 16, 20, 32, 48, 64, 96], 8), { MO_Standard_E96ds_v5: 672 }),
];

// Azure Cache for Redis (Basic/Standard/Premium), "Azure Cache for Redis planning FAQ":
// [size, CPU cores, GB]. C0 runs on a shared core. These tiers run Redis 6 only (being retired).
const ACR_C = [['C0', 1, 0.25], ['C1', 1, 1], ['C2', 2, 2.5], ['C3', 4, 6], ['C4', 2, 13], ['C5', 4, 26], ['C6', 8, 53]] as const;
const ACR_P = [['P1', 2, 6], ['P2', 4, 13], ['P3', 4, 26], ['P4', 8, 53], ['P5', 20, 120]] as const;
const sharedC0 = (specs: InstanceSpec[]) => specs.map((s) => (s.name.endsWith('_C0') ? { ...s, burstable: true } : s));
const AZURE_CACHE: InstanceSpec[] = [
  ...sharedC0(family('Basic', ACR_C, { arch: 'x86_64', sep: '_', maxRedisVersion: 6 })),
  ...sharedC0(family('Standard', ACR_C, { arch: 'x86_64', sep: '_', maxRedisVersion: 6 })),
  ...family('Premium', ACR_P, { arch: 'x86_64', sep: '_', maxRedisVersion: 6 }),
];

// Azure Managed Redis (Redis Enterprise stack, Redis 7.4), "Azure Managed Redis performance
// tiers": [SKU, vCPUs, GB]. Balanced B0/B1 are burstable.
const AMR_BALANCED = [['B0', 2, 0.5], ['B1', 2, 1], ['B3', 2, 3], ['B5', 2, 6], ['B10', 4, 12], ['B20', 8, 24], ['B50', 16, 60], ['B100', 32, 120], ['B150', 48, 180], ['B250', 64, 240], ['B350', 96, 360], ['B500', 128, 480], ['B700', 192, 720], ['B1000', 256, 960]] as const;
const AMR_MEMORY = [['M10', 2, 12], ['M20', 4, 24], ['M50', 8, 60], ['M100', 16, 120], ['M150', 24, 175], ['M250', 32, 235], ['M350', 48, 360], ['M500', 64, 480], ['M700', 96, 720], ['M1000', 128, 960], ['M1500', 192, 1440], ['M2000', 256, 1920]] as const;
const AMR_COMPUTE = [['X3', 4, 3], ['X5', 4, 6], ['X10', 8, 12], ['X20', 16, 24], ['X50', 32, 60], ['X100', 64, 120], ['X150', 96, 180], ['X250', 128, 240], ['X350', 192, 360], ['X500', 256, 480], ['X700', 384, 720]] as const;
const MANAGED_REDIS: InstanceSpec[] = [
  ...family('Balanced', AMR_BALANCED, { arch: 'x86_64', sep: '_', maxRedisVersion: 7.4 })
    .map((s) => (s.name === 'Balanced_B0' || s.name === 'Balanced_B1' ? { ...s, burstable: true } : s)),
  ...family('MemoryOptimized', AMR_MEMORY, { arch: 'x86_64', sep: '_', maxRedisVersion: 7.4 }),
  ...family('ComputeOptimized', AMR_COMPUTE, { arch: 'x86_64', sep: '_', maxRedisVersion: 7.4 }),
];

/** VM sizes with a local disk: [vCPUs, total local disk GB], memory by ratio. */
function withDisk(prefix: string, suffix: string, rows: Array<[number, number]>, gibPerVcpu: number, localDisk: 'nvme' | 'standard'): InstanceSpec[] {
  return family(prefix, rows.map(([n, gb]) => [String(n), n, n * gibPerVcpu, gb] as const), { arch: 'x86_64', localDisk, sep: '', suffix });
}

// VM sizes ("Sizes for virtual machines in Azure"): storage optimized Lsv3/Lasv3 (1.92 TB NVMe
// per 8 vCPUs) and Lsv4 (NVMe; disk counts per size from the Lsv4 page, 240 GB per vCPU in
// total like Lsv3); general purpose / memory optimized with a local temp disk (Ddsv5, Ddsv6,
// Edsv5): an SSD temp disk, NOT the NVMe class Brainstore needs ("Azure's standard local
// disks" in the seed), so 'standard'; and sizes without a local disk for other node pools.
const NVME_V3: Array<[number, number]> = [8, 16, 32, 48, 64, 80].map((n) => [n, (n / 8) * 1920]);
const NVME_V4: Array<[number, number]> = [2, 4, 8, 16, 32, 48, 64, 80, 96].map((n) => [n, n * 240]);
const TEMP_V5: Array<[number, number]> = [2, 4, 8, 16, 32, 48, 64, 96].map((n) => [n, gibToGB(n * 37.5)]);
const TEMP_V6: Array<[number, number]> = [2, 4, 8, 16, 32, 48, 64, 96].map((n) => [n, gibToGB(n * 55)]);
const TEMP_E5: Array<[number, number]> = [2, 4, 8, 16, 20, 32, 48, 64, 96].map((n) => [n, gibToGB(n * 37.5)]);
const D_SIZES = [2, 4, 8, 16, 32, 48, 64, 96];

const VMS: InstanceSpec[] = [
  ...withDisk('Standard_L', 's_v3', NVME_V3, 8, 'nvme'),
  ...withDisk('Standard_L', 'as_v3', NVME_V3, 8, 'nvme'),
  ...withDisk('Standard_L', 's_v4', NVME_V4, 8, 'nvme'),
  ...withDisk('Standard_D', 'ds_v5', TEMP_V5, 4, 'standard'),
  ...withDisk('Standard_D', 'ds_v6', TEMP_V6, 4, 'standard'),
  ...withMemory(withDisk('Standard_E', 'ds_v5', TEMP_E5, 8, 'standard'), { Standard_E96ds_v5: 672 }),
  ...sizes('Standard_D', 's_v5', D_SIZES, 4),
  ...sizes('Standard_D', 's_v6', D_SIZES, 4),
  ...sizes('Standard_D', 'as_v5', D_SIZES, 4),
  ...sizes('Standard_D', 'as_v6', D_SIZES, 4),
  ...sizes('Standard_D', 'ps_v6', D_SIZES, 4, 'arm64'),
];

export const azureCatalog: CloudCatalog = {
  entries: { postgres: FLEXIBLE_SERVER, redis: [...MANAGED_REDIS, ...AZURE_CACHE], compute: VMS },
};

// Storage sizes a Flexible Server accepts, MiB (azurerm postgresql_flexible_server storage_mb).
export const STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408];

// Premium SSD performance tiers: provisioned IOPS, and the storage sizes (MiB) each may be set
// on (Azure "Storage options in Azure Database for PostgreSQL - Flexible Server").
export const STORAGE_TIERS: { tier: string; iops: number; minMb: number; maxMb: number }[] = [
  { tier: 'P4', iops: 120, minMb: 32768, maxMb: 32768 },
  { tier: 'P6', iops: 240, minMb: 32768, maxMb: 65536 },
  { tier: 'P10', iops: 500, minMb: 32768, maxMb: 131072 },
  { tier: 'P15', iops: 1100, minMb: 32768, maxMb: 262144 },
  { tier: 'P20', iops: 2300, minMb: 32768, maxMb: 524288 },
  { tier: 'P30', iops: 5000, minMb: 32768, maxMb: 1048576 },
  { tier: 'P40', iops: 7500, minMb: 32768, maxMb: 2097152 },
  { tier: 'P50', iops: 7500, minMb: 32768, maxMb: 4194304 },
  { tier: 'P60', iops: 16000, minMb: 8388608, maxMb: 8388608 },
  { tier: 'P70', iops: 18000, minMb: 8388608, maxMb: 16777216 },
  { tier: 'P80', iops: 20000, minMb: 8388608, maxMb: 33553408 },
];

/** The smallest valid size holding `storageGiB`. */
export function storageMb(storageGiB: number): number {
  const wanted = storageGiB * 1024;
  return STORAGE_MB.find((mb) => mb >= wanted) ?? STORAGE_MB[STORAGE_MB.length - 1];
}

/**
 * The performance tier for the IOPS asked, among those the size allows: the cheapest one that
 * reaches `iops`, else the fastest allowed (storage must grow for more; sizing reports it).
 */
export function storageTier(mb: number, iops: number): string {
  const allowed = STORAGE_TIERS.filter((t) => mb >= t.minMb && mb <= t.maxMb);
  // The default tier of a size is the smallest it allows; never go below it.
  const fit = allowed.find((t) => t.iops >= iops);
  return (fit ?? allowed[allowed.length - 1]).tier;
}

/** The IOPS a Flexible Server of this size really gets for the IOPS asked (its tier's). */
export function flexibleServerIops(storageGiB: number, iops: number): number {
  const tier = storageTier(storageMb(storageGiB), iops);
  return STORAGE_TIERS.find((t) => t.tier === tier)!.iops;
}

/**
 * Largest Azure Managed Redis size (GB) that offers the Non-clustered policy (Azure, "Choose a
 * clustering policy for Azure Managed Redis": non-clustered only for caches of 25 GB or less).
 */
export const MANAGED_REDIS_NO_CLUSTER_MAX_GB = 25;

/**
 * The clustering policy for an Azure Managed Redis SKU. NoCluster keeps one unsharded keyspace,
 * as every official module's Redis (ElastiCache without cluster mode, Memorystore Basic/Standard
 * HA, Azure Cache for Redis Standard): multi-key commands and scripts see no hash slots.
 * Enterprise clustering (one endpoint, a proxy in front of shards) fails most multi-key commands
 * whose keys span slots (CROSSSLOT) and is the only single-endpoint choice above 25 GB.
 */
export function managedRedisClusteringPolicy(sku: string): 'NoCluster' | 'EnterpriseCluster' {
  const spec = MANAGED_REDIS.find((s) => s.name.toLowerCase() === sku.trim().toLowerCase());
  return spec && spec.memoryGiB <= MANAGED_REDIS_NO_CLUSTER_MAX_GB ? 'NoCluster' : 'EnterpriseCluster';
}
