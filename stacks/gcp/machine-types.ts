// GCP machine types as the stack needs them: vCPU and memory (for Brainstore pod requests),
// bundled local SSDs (for the Brainstore cache) and the boot disk type a family accepts.
import type { Config } from '../../src/config/schema.js';
import type { MachineShape } from '../common/helm-values.js';

// Local SSDs bundled with the -lssd machine types (GCP "Machine families resource guide";
// the same table the official module keeps in modules/gke-cluster/main.tf).
export const BUNDLED_LOCAL_SSDS: Record<string, number> = {
  'c3-standard-4-lssd': 1, 'c3-standard-8-lssd': 2, 'c3-standard-22-lssd': 6, 'c3-standard-44-lssd': 12,
  'c3-standard-88-lssd': 24, 'c3-standard-176-lssd': 32,
  'c3d-standard-8-lssd': 1, 'c3d-standard-16-lssd': 1, 'c3d-standard-30-lssd': 2, 'c3d-standard-60-lssd': 4,
  'c3d-standard-90-lssd': 8, 'c3d-standard-180-lssd': 16, 'c3d-standard-360-lssd': 32,
  'c4-standard-4-lssd': 1, 'c4-standard-8-lssd': 1, 'c4-standard-16-lssd': 2, 'c4-standard-32-lssd': 4,
  'c4-standard-48-lssd': 8, 'c4-standard-96-lssd': 16, 'c4-standard-144-lssd': 24, 'c4-standard-192-lssd': 32,
  'c4-standard-288-lssd': 48,
  'c4a-standard-4-lssd': 1, 'c4a-standard-8-lssd': 2, 'c4a-standard-16-lssd': 4, 'c4a-standard-24-lssd': 6,
  'c4a-standard-32-lssd': 8, 'c4a-standard-48-lssd': 12, 'c4a-standard-72-lssd': 16,
  'c4d-standard-8-lssd': 1, 'c4d-standard-16-lssd': 2, 'c4d-standard-32-lssd': 4, 'c4d-standard-48-lssd': 6,
  'c4d-standard-96-lssd': 12, 'c4d-standard-144-lssd': 18, 'c4d-standard-192-lssd': 24, 'c4d-standard-288-lssd': 32,
  'c4d-standard-384-lssd': 32,
  'z3-highmem-22-standardlssd': 6, 'z3-highmem-44-standardlssd': 12, 'z3-highmem-88-standardlssd': 24,
  'z3-standard-4-standardlssd': 1, 'z3-standard-8-standardlssd': 2, 'z3-standard-16-standardlssd': 4,
  'z3-standard-32-standardlssd': 8,
};

// Families that take local SSDs attached in any supported count rather than bundled
// (n1, n2, n2d, c2, c2d): the count is ours to choose, by tier, from the seed storage table
// (128 GB testing, 1024 GB+ production; 375 GB per disk).
const ATTACHABLE_SSD_FAMILIES = new Set(['n1', 'n2', 'n2d', 'c2', 'c2d']);
const ATTACHED_SSDS: Record<Config['tier'], number> = { testing: 1, production: 4 };

/** GB per local SSD disk (375 GB; Z3 Titanium disks are 3 TB). */
function diskGiB(machineType: string): number {
  return machineType.startsWith('z3-') ? 2794 : 349;
}

// Memory per vCPU (GB) by family and class, from the GCP machine family pages.
const MEMORY_PER_VCPU: Record<string, Record<string, number>> = {
  standard: { c4: 3.75, c4a: 4, t2a: 4, c4d: 3.875, c3: 4, c3d: 4, n4: 4, n2: 4, n2d: 4, n1: 3.75, e2: 4, c2: 4, c2d: 4, t2d: 4, z3: 4 },
  highmem: { c4: 7.75, c4a: 8, c4d: 7.75, c3: 8, c3d: 8, n4: 8, n2: 8, n2d: 8, n1: 6.5, e2: 8, c2d: 8, z3: 8 },
  highcpu: { c4: 2, c4a: 2, c4d: 1.875, c3: 2, c3d: 2, n4: 2, n2: 1, n2d: 1, n1: 0.9, e2: 1, c2d: 2 },
};

const MACHINE = /^([a-z][a-z0-9]*)-(standard|highmem|highcpu)-(\d+)(?:-[a-z]+)?$/;

/** How many local SSDs a Brainstore node of this type gets (0: the type cannot have any). */
export function localSsdCount(machineType: string, tier: Config['tier']): number {
  const bundled = BUNDLED_LOCAL_SSDS[machineType];
  if (bundled !== undefined) return bundled;
  const family = MACHINE.exec(machineType)?.[1];
  return family && ATTACHABLE_SSD_FAMILIES.has(family) ? ATTACHED_SSDS[tier] : 0;
}

// Arm (Axion, Ampere) families: GKE taints their nodes kubernetes.io/arch=arm64:NoSchedule.
const ARM_FAMILIES = new Set(['c4a', 't2a']);

export function machineShape(machineType: string, tier: Config['tier'] = 'production'): MachineShape | undefined {
  const m = MACHINE.exec(machineType);
  if (!m) return undefined;
  const [, family, klass, vcpus] = m;
  const perVcpu = MEMORY_PER_VCPU[klass][family];
  if (perVcpu === undefined) return undefined;
  const vcpu = Number(vcpus);
  return {
    vcpu,
    memoryGiB: Math.floor(vcpu * perVcpu * 0.931), // GB -> GiB
    localNvmeGiB: localSsdCount(machineType, tier) * diskGiB(machineType),
    ...(ARM_FAMILIES.has(family) ? { arm64Taint: true } : {}),
  };
}

// Third and fourth generation families boot only from Hyperdisk.
const HYPERDISK_ONLY = new Set(['c4', 'c4a', 'c4d', 'n4', 'z3']);

export function bootDiskType(machineType: string): string {
  const family = MACHINE.exec(machineType)?.[1] ?? '';
  return HYPERDISK_ONLY.has(family) ? 'hyperdisk-balanced' : 'pd-balanced';
}

/** API node type when Config leaves it unset. */
export const DEFAULT_API_MACHINE: Record<Config['tier'], string> = {
  testing: 'e2-standard-4',
  production: 'n2-standard-8',
};
