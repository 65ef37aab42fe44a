// GCP machine types as the stack needs them: vCPU and memory (for Brainstore pod requests),
// bundled local SSDs (for the Brainstore cache) and the boot disk type a family accepts.
import type { Config } from '../../src/config/schema.js';
import type { MachineShape } from '../common/helm-values.js';
import { BUNDLED_LOCAL_SSDS, gcpCatalog } from '../../src/sizing/catalog/gcp.js';

// Local SSDs bundled with the -lssd (and Z3) machine types come from the sizing catalog's
// table, so the node pool, the Brainstore cache size and `sizing check` agree.
// Families that take local SSDs attached in any supported count rather than bundled
// (n1, n2, n2d, c2, c2d): the count is ours to choose, by tier, from the seed storage table
// (128 GB testing, 1024 GB+ production; 375 GB per disk).
const ATTACHABLE_SSD_FAMILIES = new Set(['n1', 'n2', 'n2d', 'c2', 'c2d']);
const ATTACHED_SSDS: Record<Config['tier'], number> = { testing: 1, production: 4 };

/** GiB per attached local SSD disk. */
const ATTACHED_DISK_GIB = 375;

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
  if (bundled !== undefined) return bundled.disks;
  const family = MACHINE.exec(machineType)?.[1];
  return family && ATTACHABLE_SSD_FAMILIES.has(family) ? ATTACHED_SSDS[tier] : 0;
}

// Arm (Axion, Ampere) families: GKE taints their nodes kubernetes.io/arch=arm64:NoSchedule.
const ARM_FAMILIES = new Set(['c4a', 't2a']);

const CATALOG = new Map(gcpCatalog.entries.compute.map((s) => [s.name, s]));

/** GiB of local SSD a node of this type has for the Brainstore cache. */
function localSsdGiB(machineType: string, tier: Config['tier']): number {
  const bundled = BUNDLED_LOCAL_SSDS[machineType];
  return bundled ? bundled.disks * bundled.diskGiB : localSsdCount(machineType, tier) * ATTACHED_DISK_GIB;
}

export function machineShape(machineType: string, tier: Config['tier'] = 'production'): MachineShape | undefined {
  const listed = CATALOG.get(machineType);
  if (listed) {
    return {
      vcpu: listed.vcpu,
      memoryGiB: Math.floor(listed.memoryGiB * 0.931), // GB -> GiB
      localNvmeGiB: localSsdGiB(machineType, tier),
      ...(listed.arch === 'arm64' ? { arm64Taint: true } : {}),
    };
  }
  const m = MACHINE.exec(machineType);
  if (!m) return undefined;
  const [, family, klass, vcpus] = m;
  const perVcpu = MEMORY_PER_VCPU[klass][family];
  if (perVcpu === undefined) return undefined;
  const vcpu = Number(vcpus);
  return {
    vcpu,
    memoryGiB: Math.floor(vcpu * perVcpu * 0.931), // GB -> GiB
    localNvmeGiB: localSsdGiB(machineType, tier),
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
