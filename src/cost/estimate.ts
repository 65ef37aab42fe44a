// Monthly estimate per component: the inventory (what the config deploys) priced from the
// shipped tables in templates/prices-<cloud>.json. Pure: tables in, rows out. A type or item the
// table does not list is "unknown" (never a guess) and left out of the total, which then says it
// is incomplete.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { templatesDir } from '../paths.js';
import { inventoryOf, type Inventory } from './inventory.js';
import { lookupInstance } from '../sizing/catalog/index.js';
import { memorystoreCapacityTier } from '../sizing/catalog/gcp.js';

export interface RegionPrices {
  /** Hourly, per node. */
  compute?: Record<string, number>;
  /** Hourly, per database instance. */
  postgres?: Record<string, number>;
  /** Cloud SQL custom machines (db-custom-<vCPU>-<MB>): hourly per vCPU and per GB of memory. */
  postgresPerVcpuHour?: number;
  postgresPerMemoryGBHour?: number;
  postgresStorageGBMonth?: number;
  postgresIopsMonth?: number;
  /** IOPS included with the storage; only those above are billed. */
  postgresIopsIncluded?: number;
  /** Hourly, per cache node. */
  redis?: Record<string, number>;
  /**
   * Memorystore for Redis: hourly per GB of capacity, by tier and capacity band
   * (`basic-M1`, `standard-ha-M2`, ...: M1 1-4 GB, M2 5-10 GB, M3 11-35 GB, M4 36-100 GB, M5 >100 GB).
   */
  redisPerGBHour?: Record<string, number>;
  natGatewayHour?: number;
  /** Cloud NAT: hourly per VM using the gateway, billed for at most `natMaxVms` VMs. */
  natPerVmHour?: number;
  natMaxVms?: number;
  publicIpHour?: number;
  loadBalancerHour?: number;
  clusterHour?: number;
}

export interface PriceSource {
  name: string;
  url: string;
  retrieved: string;
  published?: string;
  covers?: string[];
}

export interface PriceTable {
  cloud: string;
  currency: string;
  hoursPerMonth: number;
  basis: string;
  sources: PriceSource[];
  /** Types searched for without finding a public price: a record for whoever adds them (not read by the estimate). */
  unpriced?: { searched: string; note: string; keys: string[] };
  /** Rows not read from a page as such but computed from sourced rates (each says how). */
  derived?: { keys: string[]; from: string; formula: string }[];
  regions: Record<string, RegionPrices>;
}

export type Money = number | 'unknown';

export interface CostLine {
  component: string;
  item: string;
  quantity: number;
  unit: string;
  /** Per unit per month. */
  unitPrice: Money;
  monthly: Money;
}

export interface CostEstimate {
  currency: string;
  region: string;
  tier: Config['tier'];
  components: CostLine[];
  /** Sum of the known rows. */
  total: number;
  /** False when a row is unknown: the total leaves it out. */
  complete: boolean;
  sources: PriceSource[];
  basis: string;
  notes: string[];
}

export async function loadPriceTable(cloud: string, dir = templatesDir): Promise<PriceTable> {
  return JSON.parse(await readFile(join(dir, `prices-${cloud}.json`), 'utf8')) as PriceTable;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Cloud SQL Enterprise machines billed by vCPU and memory: custom (db-custom-<vCPU>-<MB>) and the
 * legacy predefined N1 types (db-n1-standard-N, db-n1-highmem-N), whose shape the catalog holds.
 * Enterprise Plus (db-perf-optimized-N-*) has its own rates: not these.
 */
function cloudSqlHourly(tier: string, p: RegionPrices): number | undefined {
  if (p.postgresPerVcpuHour === undefined || p.postgresPerMemoryGBHour === undefined) return undefined;
  if (!/^db-(custom-\d+-\d+|n1-(standard|highmem)-\d+)$/.test(tier)) return undefined;
  const spec = lookupInstance('gcp', 'postgres', tier);
  return spec ? spec.vcpu * p.postgresPerVcpuHour + spec.memoryGiB * p.postgresPerMemoryGBHour : undefined;
}

/** Memorystore for Redis (basic-<N>gb, standard-ha-<N>gb): N GB at the rate of its tier and capacity band. */
function memorystoreHourly(name: string, p: RegionPrices): number | undefined {
  const m = /^(basic|standard-ha)-(\d+)gb$/.exec(name);
  if (!m) return undefined;
  const gb = Number(m[2]);
  const rate = p.redisPerGBHour?.[`${m[1]}-${memorystoreCapacityTier(gb)}`];
  return rate === undefined ? undefined : gb * rate;
}

export function estimateCost(inv: Inventory, table: PriceTable): CostEstimate {
  const p: RegionPrices = table.regions[inv.region] ?? {};
  const hours = table.hoursPerMonth;
  const lines: CostLine[] = [];
  const notes: string[] = [];
  if (!table.regions[inv.region]) notes.push(`no prices for region ${inv.region} in templates/prices-${inv.cloud}.json: every row is unknown`);
  const add = (component: string, item: string, quantity: number, unit: string, perMonth: number | undefined) => {
    if (quantity <= 0) return;
    const unitPrice: Money = perMonth === undefined ? 'unknown' : Math.round(perMonth * 10000) / 10000;
    lines.push({ component, item, quantity, unit, unitPrice, monthly: perMonth === undefined ? 'unknown' : cents(perMonth * quantity) });
  };
  const hourly = (h: number | undefined) => (h === undefined ? undefined : h * hours);

  for (const n of inv.nodes) {
    const component = n.component === 'kubernetes' ? 'kubernetes system pool' : n.component;
    add(component, n.instanceType, n.count, 'node-month', hourly(p.compute?.[n.instanceType]));
  }
  if (inv.cloud === 'aws') notes.push('API: AWS Lambda, API Gateway and CloudFront bill per request and are not estimated');

  const pg = inv.postgres;
  const pgHour = p.postgres?.[pg.instanceType] ?? (inv.cloud === 'gcp' ? cloudSqlHourly(pg.instanceType, p) : undefined);
  add('postgres', `${pg.instanceType}${pg.instances > 1 ? ' (primary + standby)' : ''}`, pg.instances, 'instance-month', hourly(pgHour));
  // HA/Multi-AZ bills the standby's storage (and provisioned IOPS) as well.
  add('postgres', 'storage', pg.storageGiB * pg.instances, 'GB-month', p.postgresStorageGBMonth);
  if (inv.cloud === 'aws') {
    const billable = Math.max(0, pg.iops - (p.postgresIopsIncluded ?? 0)) * pg.instances;
    if (billable > 0) add('postgres', `IOPS above ${p.postgresIopsIncluded ?? 0} included`, billable, 'IOPS-month', p.postgresIopsMonth);
  }

  const r = inv.redis;
  const redisHour = p.redis?.[r.instanceType] ?? (inv.cloud === 'gcp' ? memorystoreHourly(r.instanceType, p) : undefined);
  add('redis', `${r.instanceType}${r.nodes > 1 ? (inv.cloud === 'aws' ? ' (primary + replica)' : ' (high availability)') : ''}`, r.nodes, 'node-month', hourly(redisHour));

  if (inv.cloud === 'gcp') {
    // Cloud NAT bills per VM behind the gateway (capped), not a flat gateway rate.
    const vms = inv.nodes.reduce((n, g) => n + g.count, 0);
    const natHour = p.natPerVmHour === undefined ? undefined : p.natPerVmHour * Math.min(vms, p.natMaxVms ?? vms);
    add('network', `Cloud NAT (${vms} VMs)`, inv.natGateways, 'gateway-month', hourly(natHour));
  } else {
    add('network', 'NAT gateway', inv.natGateways, 'gateway-month', hourly(p.natGatewayHour));
  }
  add('network', 'public IPv4 address', inv.publicIps, 'address-month', hourly(p.publicIpHour));
  add('load balancers', 'internal network load balancer (Brainstore)', inv.loadBalancers, 'balancer-month', hourly(p.loadBalancerHour));
  add('kubernetes', inv.cloud === 'gcp' ? 'GKE cluster management fee' : 'AKS Standard tier', inv.paidClusters, 'cluster-month', hourly(p.clusterHour));
  if (inv.cloud === 'gcp') notes.push('GKE: the free tier credit ($74.40/month, one zonal cluster per billing account) is not applied');
  if (inv.cloud === 'gcp') notes.push('Cloud NAT: the per-VM gateway charge counts the nodes at their installed size; its IP addresses and data processed are not estimated');

  const known = lines.filter((l) => l.monthly !== 'unknown').reduce((s, l) => s + (l.monthly as number), 0);
  const complete = lines.every((l) => l.monthly !== 'unknown');
  if (!complete) notes.push(`unknown rows are left out of the total: add their prices to templates/prices-${inv.cloud}.json (with the source)`);
  return {
    currency: table.currency,
    region: inv.region,
    tier: inv.tier,
    components: lines,
    total: cents(known),
    complete,
    sources: table.sources,
    basis: table.basis,
    notes,
  };
}

/** The estimate for a config, from the shipped table of its cloud (docker: nothing to price). */
export async function costOf(config: Config): Promise<CostEstimate | undefined> {
  if (config.cloud === 'docker') return undefined;
  return estimateCost(inventoryOf(config), await loadPriceTable(config.cloud));
}
