// AWS instance catalog: RDS DB instance classes, ElastiCache node types, EC2 types for Brainstore.
// Figures are the providers' published tables, copied as data. Memory GiB, instance store GB.
import { family, type CloudCatalog, type InstanceSpec } from './types.js';

/** vCPUs of each AWS size name (identical across the families below). */
const VCPU: Record<string, number> = {
  medium: 1, large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32,
  '12xlarge': 48, '16xlarge': 64, '24xlarge': 96, '32xlarge': 128, '48xlarge': 192,
};

/** Family with a fixed GiB-per-vCPU ratio (RDS and EBS-only EC2 families). */
function ratioFamily(prefix: string, arch: 'arm64' | 'x86_64', gibPerVcpu: number, sizes: string[]): InstanceSpec[] {
  return family(prefix, sizes.map((s) => [s, VCPU[s], VCPU[s] * gibPerVcpu] as const), { arch });
}

const G_16 = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const G_48 = [...G_16, '24xlarge', '48xlarge'];
const I_32 = [...G_16, '24xlarge', '32xlarge'];

// RDS DB instance classes (Amazon RDS User Guide, "Hardware specifications for DB instance
// classes"): m = 4 GiB/vCPU, r = 8 GiB/vCPU; g = Graviton (arm64).
const RDS: InstanceSpec[] = [
  ...ratioFamily('db.m6g', 'arm64', 4, G_16),
  ...ratioFamily('db.m7g', 'arm64', 4, G_16),
  ...ratioFamily('db.m8g', 'arm64', 4, G_48),
  ...ratioFamily('db.r6g', 'arm64', 8, G_16),
  ...ratioFamily('db.r7g', 'arm64', 8, G_16),
  ...ratioFamily('db.r8g', 'arm64', 8, G_48),
  ...ratioFamily('db.m6i', 'x86_64', 4, I_32),
  ...ratioFamily('db.m7i', 'x86_64', 4, G_48),
  ...ratioFamily('db.r6i', 'x86_64', 8, I_32),
  ...ratioFamily('db.r7i', 'x86_64', 8, G_48),
  // Burstable classes (CPU credits).
  ...family('db.t3', [['micro', 2, 1], ['small', 2, 2], ['medium', 2, 4], ['large', 2, 8], ['xlarge', 4, 16], ['2xlarge', 8, 32]], { arch: 'x86_64', burstable: true }),
  ...family('db.t4g', [['micro', 2, 1], ['small', 2, 2], ['medium', 2, 4], ['large', 2, 8], ['xlarge', 4, 16], ['2xlarge', 8, 32]], { arch: 'arm64', burstable: true }),
];

// ElastiCache supported node types (Amazon ElastiCache User Guide, "Supported node types"),
// memory as published in GiB.
const M_NODES = [['large', 2, 6.38], ['xlarge', 4, 12.93], ['2xlarge', 8, 26.04], ['4xlarge', 16, 52.26], ['8xlarge', 32, 103.68], ['12xlarge', 48, 157.12], ['16xlarge', 64, 209.55]] as const;
const R_NODES = [['large', 2, 13.07], ['xlarge', 4, 26.32], ['2xlarge', 8, 52.82], ['4xlarge', 16, 105.81], ['8xlarge', 32, 209.55], ['12xlarge', 48, 317.77], ['16xlarge', 64, 419.09]] as const;
const T_NODES = [['micro', 2, 0.5], ['small', 2, 1.37], ['medium', 2, 3.09]] as const;
const ELASTICACHE: InstanceSpec[] = [
  ...family('cache.t3', T_NODES, { arch: 'x86_64', burstable: true }),
  ...family('cache.t4g', T_NODES, { arch: 'arm64', burstable: true }),
  ...family('cache.m6g', M_NODES, { arch: 'arm64' }),
  ...family('cache.m7g', M_NODES, { arch: 'arm64' }),
  ...family('cache.r6g', R_NODES, { arch: 'arm64' }),
  ...family('cache.r7g', R_NODES, { arch: 'arm64' }),
  ...family('cache.m5', [['large', 2, 6.38], ['xlarge', 4, 12.93], ['2xlarge', 8, 26.04], ['4xlarge', 16, 52.26], ['12xlarge', 48, 157.12], ['24xlarge', 96, 314.32]], { arch: 'x86_64' }),
  ...family('cache.r5', [['large', 2, 13.07], ['xlarge', 4, 26.32], ['2xlarge', 8, 52.82], ['4xlarge', 16, 105.81], ['12xlarge', 48, 317.77], ['24xlarge', 96, 635.61]], { arch: 'x86_64' }),
];

// EC2 instance store volumes (Amazon EC2 User Guide, "Instance store volume limits" and the
// compute-, general-purpose-, memory- and storage-optimized specification pages).
// Rows: [size, vCPU, GiB, total NVMe GB].
const GD_NVME: Record<string, number> = {
  medium: 59, large: 118, xlarge: 237, '2xlarge': 474, '4xlarge': 950, '8xlarge': 1900,
  '12xlarge': 2850, '16xlarge': 3800, '24xlarge': 5700, '32xlarge': 7600, '48xlarge': 11400,
};
/** Graviton/Intel "d" families: the same NVMe ladder, memory by ratio. */
function dFamily(prefix: string, arch: 'arm64' | 'x86_64', gibPerVcpu: number, sizes: string[]): InstanceSpec[] {
  return family(prefix, sizes.map((s) => [s, VCPU[s], VCPU[s] * gibPerVcpu, GD_NVME[s]] as const), { arch, localDisk: 'nvme' });
}
const GD_7 = ['medium', ...G_16];
const GD_8 = ['medium', ...G_48];
const ID_6 = I_32;

const I4_NVME = [['large', 2, 16, 468], ['xlarge', 4, 32, 937], ['2xlarge', 8, 64, 1875], ['4xlarge', 16, 128, 3750], ['8xlarge', 32, 256, 7500]] as const;

const EC2: InstanceSpec[] = [
  ...dFamily('c7gd', 'arm64', 2, GD_7),
  ...dFamily('c8gd', 'arm64', 2, GD_8),
  ...dFamily('m7gd', 'arm64', 4, GD_7),
  ...dFamily('m8gd', 'arm64', 4, GD_8),
  ...dFamily('r7gd', 'arm64', 8, GD_7),
  ...dFamily('r8gd', 'arm64', 8, GD_8),
  ...dFamily('c6id', 'x86_64', 2, ID_6),
  ...dFamily('m6id', 'x86_64', 4, ID_6),
  ...dFamily('r6id', 'x86_64', 8, ID_6),
  // Storage optimized (3,750 GB and 7,500 GB NVMe devices).
  ...family('i4g', [...I4_NVME, ['16xlarge', 64, 512, 15000]], { arch: 'arm64', localDisk: 'nvme' }),
  ...family('i8g', [...I4_NVME, ['12xlarge', 48, 384, 11250], ['16xlarge', 64, 512, 15000], ['24xlarge', 96, 768, 22500], ['48xlarge', 192, 1536, 45000]], { arch: 'arm64', localDisk: 'nvme' }),
  ...family('i4i', [...I4_NVME, ['12xlarge', 48, 384, 11250], ['16xlarge', 64, 512, 15000], ['24xlarge', 96, 768, 22500], ['32xlarge', 128, 1024, 30000]], { arch: 'x86_64', localDisk: 'nvme' }),
  ...family('im4gn', [['large', 2, 8, 937], ['xlarge', 4, 16, 1875], ['2xlarge', 8, 32, 3750], ['4xlarge', 16, 64, 7500], ['8xlarge', 32, 128, 15000], ['16xlarge', 64, 256, 30000]], { arch: 'arm64', localDisk: 'nvme' }),
  ...family('is4gen', [['medium', 1, 6, 937], ['large', 2, 12, 1875], ['xlarge', 4, 24, 3750], ['2xlarge', 8, 48, 7500], ['4xlarge', 16, 96, 15000], ['8xlarge', 32, 192, 30000]], { arch: 'arm64', localDisk: 'nvme' }),
  // EBS-only peers of the families above: listed so that picking one fails with a clear
  // "no local NVMe" finding instead of "unknown instance type".
  ...ratioFamily('c7g', 'arm64', 2, GD_7),
  ...ratioFamily('c8g', 'arm64', 2, GD_8),
  ...ratioFamily('m7g', 'arm64', 4, GD_7),
  ...ratioFamily('m8g', 'arm64', 4, GD_8),
  ...ratioFamily('r7g', 'arm64', 8, GD_7),
  ...ratioFamily('r8g', 'arm64', 8, GD_8),
  ...ratioFamily('c6i', 'x86_64', 2, I_32),
  ...ratioFamily('m6i', 'x86_64', 4, I_32),
  ...ratioFamily('r6i', 'x86_64', 8, I_32),
  ...ratioFamily('c7i', 'x86_64', 2, G_48),
  ...ratioFamily('m7i', 'x86_64', 4, G_48),
  ...ratioFamily('r7i', 'x86_64', 8, G_48),
];

export const awsCatalog: CloudCatalog = {
  entries: { postgres: RDS, redis: ELASTICACHE, compute: EC2 },
};
