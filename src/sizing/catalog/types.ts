// The shape of one instance-catalog entry. Catalogs are literal tables (one file per cloud),
// each naming the provider page it was copied from.

export type Arch = 'arm64' | 'x86_64';

export interface InstanceSpec {
  name: string;
  vcpu: number;
  memoryGiB: number;
  arch: Arch;
  /** CPU-credit or shared-core class (AWS t-family, Azure B-series, GCP shared core). */
  burstable: boolean;
  /** total local NVMe instance storage GB (0 = none) */
  nvmeGB: number;
  /** kind of local disk: 'nvme' ephemeral, 'standard' (e.g. Azure temp disk on non-NVMe SKUs / none) */
  localDisk: 'nvme' | 'standard' | 'none';
  /** Size of a non-NVMe local temp disk, GB (localDisk 'standard' only). */
  tempDiskGB?: number;
  /** Highest Redis engine version the SKU can run (Azure Cache for Redis: 6). */
  maxRedisVersion?: number;
}

export type Role = 'postgres' | 'redis' | 'compute';

/** The clouds that have instance catalogs (docker runs on whatever host it is given). */
export type CatalogCloud = 'aws' | 'gcp' | 'azure';

export interface CloudCatalog {
  /** Literal entries, by role. */
  entries: Record<Role, InstanceSpec[]>;
  /** Names built from a pattern (db-custom-8-32768, standard-ha-5gb): parsed, not listed. */
  parse?: Partial<Record<Role, (name: string) => InstanceSpec | undefined>>;
  /** Example names for the parametric patterns, offered as "closest names". */
  examples?: Partial<Record<Role, string[]>>;
}

/** GiB (how GCP and Azure publish disk sizes) to GB (how AWS does, and how sizing compares). */
export function gibToGB(gib: number): number {
  return Math.floor(gib * 1.073741824);
}

type Size = readonly [suffix: string, vcpu: number, memoryGiB: number, nvmeGB?: number];

/**
 * Expand one family table: `family(prefix, sep, rows, traits)` with rows `[size, vcpu, GiB, nvmeGB]`.
 * The rows are the provider's table copied as data; this only joins names and fills the traits
 * every size of a family shares.
 */
export function family(
  prefix: string,
  sizes: readonly Size[],
  traits: { arch: Arch; burstable?: boolean; localDisk?: InstanceSpec['localDisk']; sep?: string; suffix?: string; maxRedisVersion?: number },
): InstanceSpec[] {
  const localDisk = traits.localDisk ?? 'none';
  return sizes.map(([size, vcpu, memoryGiB, disk = 0]) => ({
    name: `${prefix}${traits.sep ?? '.'}${size}${traits.suffix ?? ''}`,
    vcpu,
    memoryGiB,
    arch: traits.arch,
    burstable: traits.burstable ?? false,
    nvmeGB: localDisk === 'nvme' ? disk : 0,
    localDisk,
    ...(localDisk === 'standard' ? { tempDiskGB: disk } : {}),
    ...(traits.maxRedisVersion !== undefined ? { maxRedisVersion: traits.maxRedisVersion } : {}),
  }));
}
