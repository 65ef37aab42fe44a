// GCP instance catalog: Cloud SQL machine types, Memorystore for Redis sizes, Compute Engine
// machine types for GKE node pools. Memory GB as Google publishes it; local SSD converted to GB.
import { family, gibToGB, type CloudCatalog, type InstanceSpec } from './types.js';

/** `${prefix}-${n}${suffix}` for each vCPU count n, memory by ratio. */
function ladder(
  prefix: string,
  vcpus: number[],
  gbPerVcpu: number,
  traits: { arch: 'arm64' | 'x86_64'; suffix?: string },
): InstanceSpec[] {
  return family(prefix, vcpus.map((n) => [String(n), n, n * gbPerVcpu] as const), { ...traits, sep: '-' });
}

// Cloud SQL for PostgreSQL machine types ("About instance settings", "Machine series"):
// Enterprise Plus N2 db-perf-optimized-N-* (8 GB/vCPU; N-128 has 864 GB), C4A db-c4a-highmem-*
// (Axion, 8 GB/vCPU), db-memory-optimized-N-* (32 GB/vCPU); Enterprise legacy N1 predefined
// types; shared-core db-f1-micro / db-g1-small (a fraction of one shared vCPU: 0.2 and 0.5).
const CLOUD_SQL: InstanceSpec[] = [
  ...ladder('db-perf-optimized-N', [2, 4, 8, 16, 32, 48, 64, 80, 96], 8, { arch: 'x86_64' }),
  { name: 'db-perf-optimized-N-128', vcpu: 128, memoryGiB: 864, arch: 'x86_64', burstable: false, nvmeGB: 0, localDisk: 'none' },
  ...ladder('db-c4a-highmem', [2, 4, 8, 16, 32, 48, 64, 72], 8, { arch: 'arm64' }),
  ...ladder('db-memory-optimized-N', [4, 8, 16], 32, { arch: 'x86_64' }),
  ...ladder('db-n1-standard', [1, 2, 4, 8, 16, 32, 64, 96], 3.75, { arch: 'x86_64' }),
  ...ladder('db-n1-highmem', [2, 4, 8, 16, 32, 64, 96], 6.5, { arch: 'x86_64' }),
  { name: 'db-f1-micro', vcpu: 0.2, memoryGiB: 0.614, arch: 'x86_64', burstable: true, nvmeGB: 0, localDisk: 'none' },
  { name: 'db-g1-small', vcpu: 0.5, memoryGiB: 1.7, arch: 'x86_64', burstable: true, nvmeGB: 0, localDisk: 'none' },
];

/**
 * Cloud SQL Enterprise custom machine types, db-custom-<vCPUs>-<memory MB>. Rules ("About
 * instance settings"): vCPUs 1 or an even number up to 96; memory a multiple of 256 MB, at
 * least 3.75 GB and 0.9-6.5 GB per vCPU.
 */
function parseCloudSqlCustom(name: string): InstanceSpec | undefined {
  const m = /^db-custom-(\d+)-(\d+)$/.exec(name);
  if (!m) return undefined;
  const vcpu = Number(m[1]);
  const mb = Number(m[2]);
  const gb = mb / 1024;
  const validCpu = vcpu === 1 || (vcpu % 2 === 0 && vcpu >= 2 && vcpu <= 96);
  const validMem = mb % 256 === 0 && gb >= 3.75 && gb >= 0.9 * vcpu && gb <= 6.5 * vcpu;
  if (!validCpu || !validMem) return undefined;
  return { name, vcpu, memoryGiB: gb, arch: 'x86_64', burstable: false, nvmeGB: 0, localDisk: 'none' };
}

/**
 * Memorystore for Redis, named `basic-<N>gb` or `standard-ha-<N>gb` (tier + memory_size_gb,
 * 1-300 GB, "Redis tier capabilities"). Google bills by capacity tier (M1 1-4 GB, M2 5-10 GB,
 * M3 11-35 GB, M4 36-100 GB, M5 >100 GB) and does not publish vCPUs per tier.
 * ASSUMPTION (to evaluate the seed's vCPU row): M1 = 1 vCPU, M2 and above = 2 vCPUs, the
 * least that the documented I/O threads on larger tiers imply. Revisit if Google publishes it.
 */
function parseMemorystore(name: string): InstanceSpec | undefined {
  const m = /^(basic|standard-ha)-(\d+)gb$/.exec(name);
  if (!m) return undefined;
  const gb = Number(m[2]);
  if (gb < 1 || gb > 300) return undefined;
  return { name, vcpu: memorystoreCapacityTier(gb) === 'M1' ? 1 : 2, memoryGiB: gb, arch: 'x86_64', burstable: false, nvmeGB: 0, localDisk: 'none' };
}

export function memorystoreCapacityTier(gb: number): 'M1' | 'M2' | 'M3' | 'M4' | 'M5' {
  if (gb <= 4) return 'M1';
  if (gb <= 10) return 'M2';
  if (gb <= 35) return 'M3';
  if (gb <= 100) return 'M4';
  return 'M5';
}

/** -lssd machine types: [vCPUs, number of 375 GiB Titanium/Local SSD disks]. */
function lssd(prefix: string, rows: Array<[number, number]>, gbPerVcpu: number, arch: 'arm64' | 'x86_64', diskGiB = 375): InstanceSpec[] {
  return family(prefix, rows.map(([n, disks]) => [String(n), n, n * gbPerVcpu, gibToGB(disks * diskGiB)] as const), {
    arch, localDisk: 'nvme', sep: '-', suffix: '-lssd',
  });
}

// Compute Engine ("General-purpose machine family", "Storage-optimized machine family",
// "About Local SSD disks" table of disks per -lssd machine type). Local SSD is NVMe.
const C4A_LSSD: Array<[number, number]> = [[4, 1], [8, 2], [16, 4], [32, 6], [48, 10], [64, 14], [72, 16]];
const C4_LSSD: Array<[number, number]> = [[4, 1], [8, 1], [16, 2], [24, 4], [32, 5], [48, 8], [96, 16], [144, 24], [192, 32], [288, 48]];
const C3_LSSD: Array<[number, number]> = [[4, 1], [8, 2], [22, 4], [44, 8], [88, 16], [176, 32]];
const C3D_LSSD: Array<[number, number]> = [[8, 1], [16, 1], [30, 2], [60, 4], [90, 8], [180, 16], [360, 32]];

/** -lssd families: [prefix, rows, GB per vCPU, arch]; disks are 375 GiB. */
const LSSD_FAMILIES: Array<[string, Array<[number, number]>, number, 'arm64' | 'x86_64']> = [
  ['c4a-standard', C4A_LSSD, 4, 'arm64'],
  ['c4a-highmem', C4A_LSSD, 8, 'arm64'],
  ['c4-standard', C4_LSSD, 3.75, 'x86_64'],
  ['c4-highmem', C4_LSSD, 7.75, 'x86_64'],
  ['c3-standard', C3_LSSD, 4, 'x86_64'],
  ['c3d-standard', C3D_LSSD, 4, 'x86_64'],
  ['c3d-highmem', C3D_LSSD, 8, 'x86_64'],
];

/** Z3: 3,000 GiB Titanium SSD disks; 8 GB/vCPU. [name, vCPUs, disks]. */
const Z3: Array<[string, number, number]> = [
  ['z3-highmem-8-highlssd', 8, 1], ['z3-highmem-14-standardlssd', 14, 1], ['z3-highmem-16-highlssd', 16, 2],
  ['z3-highmem-22-standardlssd', 22, 2], ['z3-highmem-22-highlssd', 22, 3], ['z3-highmem-44-standardlssd', 44, 3],
  ['z3-highmem-32-highlssd', 32, 4], ['z3-highmem-44-highlssd', 44, 6], ['z3-highmem-88-standardlssd', 88, 6],
  ['z3-highmem-88-highlssd', 88, 12], ['z3-highmem-176-standardlssd', 176, 12],
  ['z3-highmem-88', 88, 12], ['z3-highmem-176', 176, 12],
];

/**
 * Local SSD disks bundled with a machine type (the -lssd types and Z3): how many, and GiB each.
 * The one table both sizing (nvmeGB below) and the GKE stack (node pool local_ssd_count, cache
 * size) read, so they cannot disagree.
 */
export const BUNDLED_LOCAL_SSDS: Readonly<Record<string, { disks: number; diskGiB: number }>> = Object.fromEntries([
  ...LSSD_FAMILIES.flatMap(([prefix, rows]) => rows.map(([n, disks]) => [`${prefix}-${n}-lssd`, { disks, diskGiB: 375 }] as const)),
  ...Z3.map(([name, , disks]) => [name, { disks, diskGiB: 3000 }] as const),
]);

const COMPUTE: InstanceSpec[] = [
  ...LSSD_FAMILIES.flatMap(([prefix, rows, gbPerVcpu, arch]) => lssd(prefix, rows, gbPerVcpu, arch)),
  ...Z3.map(([name, vcpu, disks]): InstanceSpec => ({
    name, vcpu, memoryGiB: vcpu * 8, arch: 'x86_64', burstable: false, nvmeGB: gibToGB(disks * 3000), localDisk: 'nvme',
  })),
  // Without local SSD: valid for API node pools; a Brainstore pool on them fails sizing.
  // (N2 can attach Local SSD separately, which braintrust.yaml does not model: use -lssd types.)
  ...ladder('c4a-standard', [1, 2, 4, 8, 16, 32, 48, 64, 72], 4, { arch: 'arm64' }),
  ...ladder('c4a-highmem', [1, 2, 4, 8, 16, 32, 48, 64, 72], 8, { arch: 'arm64' }),
  ...ladder('c4-standard', [2, 4, 8, 16, 24, 32, 48, 96, 144, 192, 288], 3.75, { arch: 'x86_64' }),
  ...ladder('n2-standard', [2, 4, 8, 16, 32, 48, 64, 80, 96, 128], 4, { arch: 'x86_64' }),
  ...ladder('e2-standard', [2, 4, 8, 16, 32], 4, { arch: 'x86_64' }),
];

export const gcpCatalog: CloudCatalog = {
  entries: { postgres: CLOUD_SQL, redis: [], compute: COMPUTE },
  parse: { postgres: parseCloudSqlCustom, redis: parseMemorystore },
  examples: {
    postgres: ['db-custom-2-8192', 'db-custom-8-32768'],
    redis: ['basic-1gb', 'basic-5gb', 'standard-ha-5gb', 'standard-ha-10gb'],
  },
};
