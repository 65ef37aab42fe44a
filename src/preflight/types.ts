// What preflight checks share: the config, what it deploys (inventory), the cloud CLI, and the
// synthesized stack's resource types (for the permission checks). Checks are doctor checks
// (same runner, timeouts and JSON shape); they close over this instead of the doctor context.
import type { Config } from '../config/schema.js';
import type { Inventory } from '../cost/inventory.js';
import type { DoctorCheck } from '../doctor/types.js';
import type { CloudCli } from './cloud-cli.js';

export interface Preflight {
  config: Config;
  inventory: Inventory;
  cli: CloudCli;
  /** Resource types of the synthesized stack (aws_db_instance ...); synthesized once, on first use. */
  resourceTypes: () => Promise<string[]>;
  /** Filled by the availability check: zones where every instance type is offered. */
  suggestedZones?: string[];
}

export type PreflightCheckFactory = (pf: Preflight) => DoctorCheck[];

/** Zones a deployment's node pools and subnets use when `zones` is not set. */
export function zonesNeeded(config: Config): number {
  if (config.cloud === 'azure') return config.tier === 'production' ? 3 : 0; // testing pools are regional, zone-less
  if (config.cloud === 'gcp') return config.tier === 'production' ? 3 : 1;
  return 3; // AWS: three private subnets in the first three AZs (stacks/aws/network.ts)
}

/**
 * Zones (in the region's order) where every type is offered. `offers` maps a type to the zones
 * offering it.
 */
export function zonesOfferingAll(zones: readonly string[], types: readonly string[], offers: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return zones.filter((z) => types.every((t) => offers.get(t)?.has(z)));
}

export interface ZoneVerdict {
  status: 'pass' | 'fail';
  detail: string;
  hint?: string;
  suggested: string[];
}

/**
 * Judge availability: the zones the stack will use (config.zones, else the first `needed` of the
 * region) must each offer every type. The suggestion is the first `needed` zones that do.
 */
export function judgeZones(config: Config, regionZones: readonly string[], types: readonly string[], offers: ReadonlyMap<string, ReadonlySet<string>>): ZoneVerdict {
  const needed = config.zones?.length ?? zonesNeeded(config);
  const good = zonesOfferingAll(regionZones, types, offers);
  const suggested = good.slice(0, Math.max(needed, 1));
  const used = config.zones ?? regionZones.slice(0, needed);
  const missing: string[] = [];
  for (const t of types) {
    const absent = used.filter((z) => !offers.get(t)?.has(z));
    if (absent.length) missing.push(`${t} not offered in ${absent.join(', ')}`);
  }
  const where = `every type (${types.join(', ')}) is offered in ${good.length ? good.join(', ') : 'no zone'} of ${config.region}`;
  if (!missing.length) return { status: 'pass', detail: `${where}; the stack uses ${used.join(', ') || 'the region'}`, suggested };
  if (good.length >= needed && good.length > 0) {
    return {
      status: 'fail', suggested,
      detail: `${missing.join('; ')}; ${where}`,
      hint: `Pin the zones in braintrust.yaml: zones: [${suggested.join(', ')}] (or pick instance types offered in ${used.join(', ')}).`,
    };
  }
  return {
    status: 'fail', suggested,
    detail: `${missing.join('; ')}; ${where} (${needed} needed)`,
    hint: `Pick instance types offered in at least ${needed} zone(s) of ${config.region} (see \`braintrust sizing check\` for alternatives), or another region.`,
  };
}
