// The PostgreSQL IOPS the sizing check compares with the table: what the volume really gets.
//
// Azure Database for PostgreSQL Flexible Server on Premium SSD gets the IOPS of its disk
// performance tier, and a size allows only some tiers: below 8 TiB the fastest is P50 (7,500
// IOPS), so asking 15,000 of a 1 TiB server still gives 7,500. azurerm (4.x) offers neither
// Premium SSD v2 nor IOPS scaling for Flexible Server, so reaching the production 15,000 means
// 8 TiB (P60, 16,000 IOPS): the production default. Elsewhere postgres.iops is provisioned as
// asked (gp3/io2 on AWS; Cloud SQL is checked on the value as configured).
import type { Config } from '../config/schema.js';
import { flexibleServerIops, STORAGE_TIERS, storageMb } from './catalog/azure.js';
import { groupThousands } from './number-format.js';

export interface PostgresIops {
  actual: number;
  hint: string;
  /** The config field the hint changes. */
  field: 'postgres.iops' | 'postgres.storageGiB';
}

/** The smallest Flexible Server size (GiB) whose tiers reach `iops`, if any does. */
export function flexibleServerGiBFor(iops: number): number | undefined {
  const tier = STORAGE_TIERS.find((t) => t.iops >= iops);
  return tier ? Math.max(tier.minMb / 1024, 32) : undefined;
}

export function postgresIops(config: Config, required: number): PostgresIops {
  const pg = config.postgres;
  if (config.cloud !== 'azure') return { actual: pg.iops, hint: `set postgres.iops to ${required} or more`, field: 'postgres.iops' };
  const actual = flexibleServerIops(pg.storageGiB, pg.iops);
  const gib = flexibleServerGiBFor(required);
  const sizeGiB = storageMb(pg.storageGiB) / 1024;
  const tierNote = `a ${groupThousands(sizeGiB)} GiB Flexible Server disk gets ${groupThousands(actual)} IOPS (Premium SSD tier)`;
  if (gib !== undefined && gib > sizeGiB) {
    const reach = groupThousands(flexibleServerIops(gib, required));
    return { actual, hint: `set postgres.storageGiB to ${gib} or more: ${tierNote}; ${groupThousands(gib)} GiB reaches ${reach}`, field: 'postgres.storageGiB' };
  }
  return { actual, hint: `set postgres.iops to ${required} or more (${tierNote})`, field: 'postgres.iops' };
}
