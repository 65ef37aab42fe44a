// The hardware requirement tables of the product documentation ("Hardware requirements" in
// seeds/self-hosting-overview.txt) as data, one row per (component, resource), plus the rules
// the seed states beside the tables. check.ts evaluates every row for the chosen tier.
//
// Units: the seed writes "GB" throughout. Memory is compared in GiB (how every catalog lists
// RAM); instance storage in GB (how AWS and Azure publish it; GCP GiB is converted);
// PostgreSQL storage in the GiB the config allocates (stricter than GB).
import type { Tier } from '../config/schema.js';

export type Component = 'api' | 'postgres' | 'redis' | 'brainstore';

export interface RequirementRow {
  component: Component;
  /** Stable id, used as Finding.check. */
  check: string;
  /** The seed table's "Resource" column. */
  resource: string;
  /** Minimum (numbers) or required kind (strings); null: the seed sets none for that tier. */
  testing: number | string | null;
  production: number | string | null;
  unit?: string;
  /** The seed's own cell text. */
  text: { testing: string; production: string };
  source: string;
}

const API = 'seed table API service (GCP and Azure; AWS runs the API on Lambda)';
const PG = 'seed table Database (PostgreSQL)';
const REDIS = 'seed table Redis cache';
const BRAINSTORE = 'seed table Brainstore';

export const REQUIREMENTS: readonly RequirementRow[] = [
  { component: 'api', check: 'cpu', resource: 'CPU', testing: 1, production: 2, unit: 'vCPU', text: { testing: '1 vCPU', production: '2+ vCPUs per instance' }, source: API },
  { component: 'api', check: 'memory', resource: 'Memory', testing: 2, production: 8, unit: 'GiB', text: { testing: '2GB RAM', production: '8GB+ RAM' }, source: API },
  { component: 'api', check: 'instance-count', resource: 'Instance count', testing: 1, production: 4, text: { testing: '1', production: '4+' }, source: API },

  { component: 'postgres', check: 'cpu', resource: 'CPU', testing: 2, production: 8, unit: 'vCPU', text: { testing: '2 vCPUs', production: '8+ vCPUs' }, source: PG },
  { component: 'postgres', check: 'memory', resource: 'Memory', testing: 8, production: 64, unit: 'GiB', text: { testing: '8GB RAM', production: '64GB+ RAM' }, source: PG },
  { component: 'postgres', check: 'storage-size', resource: 'Storage size', testing: 100, production: 1000, unit: 'GiB', text: { testing: '100GB', production: '1000GB+ (monitor for growth)' }, source: PG },
  { component: 'postgres', check: 'storage-iops', resource: 'Storage IOPS', testing: 3000, production: 15000, unit: 'IOPS', text: { testing: '3,000', production: '15,000+' }, source: PG },
  { component: 'postgres', check: 'version', resource: 'Version', testing: 15, production: 17, text: { testing: '15+', production: '17+' }, source: PG },

  { component: 'redis', check: 'cpu', resource: 'CPU', testing: 1, production: 2, unit: 'vCPU', text: { testing: '1 vCPU', production: '2 vCPUs' }, source: REDIS },
  { component: 'redis', check: 'memory', resource: 'Memory', testing: 1, production: 4, unit: 'GiB', text: { testing: '1GB RAM', production: '4GB+ RAM' }, source: REDIS },
  { component: 'redis', check: 'version', resource: 'Version', testing: 7, production: 7, text: { testing: '7+', production: '7+' }, source: REDIS },

  { component: 'brainstore', check: 'cpu', resource: 'CPU', testing: 4, production: 16, unit: 'vCPU', text: { testing: '4 vCPUs', production: '16+ vCPUs (ARM recommended)' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'memory', resource: 'Memory', testing: 8, production: 32, unit: 'GiB', text: { testing: '8GB RAM', production: '32GB+ RAM' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'storage-size', resource: 'Storage size', testing: 128, production: 1024, unit: 'GB', text: { testing: '128GB', production: '1024GB+' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'storage-type', resource: 'Storage type', testing: 'SSD', production: 'NVMe (ephemeral)', text: { testing: 'SSD', production: 'NVMe (ephemeral)' }, source: BRAINSTORE },
  // The seed gives one IOPS value; with "SSD" allowed for testing it can only bind production.
  { component: 'brainstore', check: 'storage-iops', resource: 'Storage IOPS', testing: null, production: 150000, unit: 'IOPS', text: { testing: '-', production: '150,000+ read/write' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'node-types', resource: 'Node types', testing: 'combined or separate', production: 'separate readers and writers', text: { testing: 'Combined reader/writer', production: 'Separate readers and writers' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'instance-count', resource: 'Instance count', testing: 1, production: null, text: { testing: '1', production: '2+ readers, 1+ writers' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'reader-count', resource: 'Instance count', testing: null, production: 2, text: { testing: '1', production: '2+ readers' }, source: BRAINSTORE },
  { component: 'brainstore', check: 'writer-count', resource: 'Instance count', testing: null, production: 1, text: { testing: '1', production: '1+ writers' }, source: BRAINSTORE },
];

/** Rules the seed states beside the tables. */
export const RULES = {
  /** "Important for AWS: Avoid using burstable Redis instances (t-family ...) in production." */
  redisNoBurstableOnAwsProduction: { source: 'seed, Redis cache: Important for AWS' },
  /** "NODE_MEMORY_PERCENT: Set to 80-90 ... container orchestrator with cgroup memory limits". */
  nodeMemoryPercent: { min: 80, max: 90, source: 'seed, API service: Environment variables' },
  /** "Use NVMe-based ephemeral storage ... Do not use EBS volumes or ... Azure's standard local disks". */
  brainstoreNvmeOnly: { source: 'seed, Brainstore: Important' },
  /** "16+ vCPUs (ARM recommended)": a recommendation, so x86 warns rather than fails. */
  brainstoreArmRecommended: { source: 'seed table Brainstore, CPU (production)' },
  /** "each Brainstore pod must run on its own dedicated node" (GCP and Azure). */
  brainstoreDedicatedNodes: { source: 'seed, Brainstore: Important (Kubernetes deployments)' },
  /** Redis 7+ must be runnable by the SKU (Azure Cache for Redis runs Redis 6 only). */
  redisSkuVersion: { source: 'seed table Redis cache, Version; Azure Cache for Redis SKUs' },
} as const;

export interface Requirement {
  value: number | string | null;
  text: string;
  unit?: string;
  source: string;
}

/** The requirement of one row for a tier. Throws on an unknown row (a bug, not user input). */
export function requirement(component: Component, check: string, tier: Tier): Requirement {
  const row = REQUIREMENTS.find((r) => r.component === component && r.check === check);
  if (!row) throw new Error(`no requirement row ${component}/${check}`);
  return { value: row[tier], text: row.text[tier], unit: row.unit, source: row.source };
}

/** Numeric minimum of a row for a tier (rows with numeric values only). */
export function minimum(component: Component, check: string, tier: Tier): number {
  const v = requirement(component, check, tier).value;
  if (typeof v !== 'number') throw new Error(`requirement ${component}/${check} has no numeric ${tier} value`);
  return v;
}
