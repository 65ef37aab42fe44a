// Look up instance types across the per-cloud catalogs, including the parametric names
// (Cloud SQL db-custom-*, Memorystore basic-/standard-ha-<N>gb), and suggest close names.
import type { Cloud } from '../../config/schema.js';
import { awsCatalog } from './aws.js';
import { azureCatalog } from './azure.js';
import { gcpCatalog } from './gcp.js';
import type { CatalogCloud, CloudCatalog, InstanceSpec, Role } from './types.js';

export type { Arch, InstanceSpec, Role } from './types.js';

const CATALOGS: Record<CatalogCloud, CloudCatalog> = { aws: awsCatalog, gcp: gcpCatalog, azure: azureCatalog };

const byName = new Map<string, Map<string, InstanceSpec>>();
function index(cloud: CatalogCloud, role: Role): Map<string, InstanceSpec> {
  const key = `${cloud}/${role}`;
  let map = byName.get(key);
  if (!map) {
    map = new Map(CATALOGS[cloud].entries[role].map((s) => [s.name.toLowerCase(), s]));
    byName.set(key, map);
  }
  return map;
}

function hasCatalog(cloud: Cloud): cloud is CatalogCloud {
  return cloud in CATALOGS;
}

/** The spec for `name` (case-insensitive), or undefined when the cloud has no such type. */
export function lookupInstance(cloud: Cloud, role: Role, name: string): InstanceSpec | undefined {
  if (!hasCatalog(cloud)) return undefined;
  const listed = index(cloud, role).get(name.trim().toLowerCase());
  if (listed) return listed;
  return CATALOGS[cloud].parse?.[role]?.(name.trim().toLowerCase());
}

/** Every listed name for the role, plus examples of its parametric patterns. */
export function catalogNames(cloud: Cloud, role: Role): string[] {
  if (!hasCatalog(cloud)) return [];
  const c = CATALOGS[cloud];
  return [...c.entries[role].map((s) => s.name), ...(c.examples?.[role] ?? [])];
}

/** The n known names nearest to `name` by edit distance (ties keep catalog order). */
export function closestNames(cloud: Cloud, role: Role, name: string, n = 3): string[] {
  const target = name.trim().toLowerCase();
  return catalogNames(cloud, role)
    .map((candidate, i) => ({ candidate, i, d: editDistance(target, candidate.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, n)
    .map((x) => x.candidate);
}

/** Levenshtein distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
