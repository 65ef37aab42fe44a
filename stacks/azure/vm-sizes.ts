// Azure VM sizes as the stack needs them: vCPU and memory (Brainstore pod requests) and the
// local NVMe disks Brainstore caches on. Figures from the Azure VM size pages, copied as data.
import type { Config } from '../../src/config/schema.js';
import type { MachineShape } from '../common/helm-values.js';

// Storage optimized Lsv3 (Intel) and Lasv3 (AMD): 8 GiB per vCPU and one 1.92 TB NVMe disk per
// 8 vCPUs (Lsv3/Lasv3 size pages). These are the Brainstore sizes: the NVMe disks, not the
// temp disk, give the 150k+ IOPS the seed table asks for.
const NVME_DISK_GIB = 1788; // 1.92 TB
export const NVME_DISKS: Record<string, number> = {
  Standard_L8s_v3: 1, Standard_L16s_v3: 2, Standard_L32s_v3: 4, Standard_L48s_v3: 6, Standard_L64s_v3: 8, Standard_L80s_v3: 10,
  Standard_L8as_v3: 1, Standard_L16as_v3: 2, Standard_L32as_v3: 4, Standard_L48as_v3: 6, Standard_L64as_v3: 8, Standard_L80as_v3: 10,
};

// GiB of memory per vCPU by series letter (general purpose D, memory E, compute F, storage L).
const MEMORY_PER_VCPU: Record<string, number> = { D: 4, E: 8, F: 2, L: 8 };

const SIZE = /^Standard_([A-Z])(\d+)([a-z]*)_v(\d+)$/;

export function machineShape(vmSize: string): MachineShape | undefined {
  const m = SIZE.exec(vmSize);
  if (!m) return undefined;
  const [, series, vcpus] = m;
  const perVcpu = MEMORY_PER_VCPU[series];
  if (perVcpu === undefined) return undefined;
  const vcpu = Number(vcpus);
  return { vcpu, memoryGiB: vcpu * perVcpu, localNvmeGiB: (NVME_DISKS[vmSize] ?? 0) * NVME_DISK_GIB };
}

/** AKS system pool (CoreDNS, metrics, CSI drivers) and API pool sizes when Config has none. */
export const SYSTEM_POOL: Record<Config['tier'], { vmSize: string; count: number }> = {
  testing: { vmSize: 'Standard_D2s_v5', count: 1 },
  production: { vmSize: 'Standard_D4s_v5', count: 3 },
};
export const DEFAULT_API_VM: Record<Config['tier'], string> = {
  testing: 'Standard_D4s_v5',
  production: 'Standard_D8s_v5',
};
