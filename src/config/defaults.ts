// Per-cloud, per-tier defaults. Every set passes `braintrust sizing check` for its tier (no
// fail; test/unit/defaults.test.ts). Sources: the official modules' examples and defaults
// (reference/braintrust-official-modules.md section 7), adjusted where they fall short of the
// seed tables (noted inline).
import type { Cloud, ConfigInput, Tier } from './schema.js';
import { awsApiRuntimeDefaults } from './api-runtime.js';
import { newestShippedRelease } from '../upgrade/shipped.js';

export type SizingDefaults = Pick<ConfigInput, 'api' | 'postgres' | 'redis' | 'brainstore'>;

/** The newest release in the shipped release manifest (templates/release-manifest.json). */
export const DEFAULT_VERSION = newestShippedRelease();

export const DEFAULT_REGIONS: Record<Cloud, string | undefined> = {
  aws: 'us-east-1',
  gcp: 'us-central1',
  azure: 'eastus',
  docker: undefined,
};

/** API sizing from the seed table; NODE_MEMORY_PERCENT 85 where Kubernetes sets cgroup limits. */
function api(tier: Tier, kubernetes: boolean): SizingDefaults['api'] {
  const base = tier === 'production' ? { instances: 4, cpu: 2, memoryGiB: 8 } : { instances: 1, cpu: 1, memoryGiB: 2 };
  return kubernetes ? { ...base, nodeMemoryPercent: 85 } : base;
}

const DEFAULTS: Record<Cloud, Record<Tier, SizingDefaults>> = {
  aws: {
    production: {
      // No api.instances/cpu/memoryGiB on AWS: api.ecs sizes the ECS services (Lambda sizes itself).
      api: awsApiRuntimeDefaults('production'),
      postgres: { instanceType: 'db.r8g.2xlarge', storageGiB: 1000, iops: 15000, version: 17 },
      redis: { instanceType: 'cache.r7g.large', version: '7.1' },
      // The module's reader, c8gd.4xlarge, has 950 GB of NVMe: under the seed's 1024GB+.
      // i8g.4xlarge (Graviton4, 16 vCPU, 128 GiB, 3,750 GB NVMe) meets every row.
      // Fast readers: two, as the official module (its c8gd.4xlarge is under the seed's NVMe row too).
      brainstore: {
        readers: { count: 2, instanceType: 'i8g.4xlarge' },
        writers: { count: 1, instanceType: 'c8gd.8xlarge' },
        fastReaders: { count: 2, instanceType: 'i8g.4xlarge' },
      },
    },
    testing: {
      api: awsApiRuntimeDefaults('testing'),
      postgres: { instanceType: 'db.m7g.large', storageGiB: 100, iops: 3000, version: 17 },
      redis: { instanceType: 'cache.t4g.small', version: '7.1' },
      brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' } },
    },
  },
  gcp: {
    production: {
      api: api('production', true),
      postgres: { instanceType: 'db-perf-optimized-N-8', storageGiB: 1000, iops: 15000, version: 17 },
      redis: { instanceType: 'standard-ha-5gb', version: '7.2' },
      // Axion (ARM) with Titanium SSD: 16 vCPU / 64 GB / 1,500 GiB; writer 32 / 128 / 2,250 GiB.
      brainstore: {
        readers: { count: 2, instanceType: 'c4a-standard-16-lssd' },
        writers: { count: 1, instanceType: 'c4a-standard-32-lssd' },
      },
    },
    testing: {
      api: api('testing', true),
      postgres: { instanceType: 'db-custom-2-8192', storageGiB: 100, iops: 3000, version: 17 },
      redis: { instanceType: 'basic-1gb', version: '7.2' },
      brainstore: { combined: { count: 1, instanceType: 'c4a-standard-4-lssd' } },
    },
  },
  azure: {
    // Flexible Server storage comes in fixed sizes (128 GiB, 1 TiB, ...): 8192 and 128. Premium
    // SSD gives a size its tier's IOPS: below 8 TiB at most 7,500 (P50); 8 TiB is P60, 16,000,
    // the smallest size that reaches the production 15,000 (sizing/check-postgres-iops.ts).
    // Redis: Azure Managed Redis (Redis 7.4); Azure Cache for Redis runs Redis 6 only.
    production: {
      api: api('production', true),
      postgres: { instanceType: 'MO_Standard_E8ds_v5', storageGiB: 8192, iops: 15000, version: 17 },
      redis: { instanceType: 'Balanced_B5', version: '7.4' },
      // No ARM VM size on Azure has local NVMe: Lasv3 (AMD) 16 vCPU / 128 GiB / 3.84 TB NVMe.
      brainstore: {
        readers: { count: 2, instanceType: 'Standard_L16as_v3' },
        writers: { count: 1, instanceType: 'Standard_L32as_v3' },
      },
    },
    testing: {
      api: api('testing', true),
      postgres: { instanceType: 'GP_Standard_D2ds_v5', storageGiB: 128, iops: 3000, version: 17 },
      redis: { instanceType: 'Balanced_B1', version: '7.4' },
      // The smallest NVMe size: the Helm chart's Brainstore volume comes from Azure Container
      // Storage's `local` class, which needs local NVMe (a Ddsv5 temp disk is SCSI).
      brainstore: { combined: { count: 1, instanceType: 'Standard_L8s_v3' } },
    },
  },
  docker: {
    // Docker is sized against the testing tier whatever the config says (see sizing/check.ts).
    production: dockerDefaults(),
    testing: dockerDefaults(),
  },
};

function dockerDefaults(): SizingDefaults {
  return {
    api: api('testing', false),
    postgres: { instanceType: 'docker', storageGiB: 100, iops: 3000, version: 17 },
    redis: { instanceType: 'docker', version: '7.2' },
    brainstore: { combined: { count: 1, instanceType: 'docker' } },
  };
}

/** A fresh copy of the defaults for a cloud and tier (callers may edit it). */
export function defaultsFor(cloud: Cloud, tier: Tier): SizingDefaults {
  return structuredClone(DEFAULTS[cloud][tier]);
}

/** A complete braintrust.yaml for `braintrust init` and the shipped example. */
export function exampleConfig(
  cloud: Cloud,
  tier: Tier,
  opts: { name: string; org: string; region?: string },
): ConfigInput {
  const region = cloud === 'docker' ? undefined : (opts.region ?? DEFAULT_REGIONS[cloud]);
  return {
    name: opts.name,
    cloud,
    ...(region ? { region } : {}),
    tier,
    version: DEFAULT_VERSION,
    orgName: opts.org,
    ...newInstallSettings(defaultsFor(cloud, tier)),
  };
}

/**
 * Settings only a new install gets (existing configs keep what they run with):
 * - the v2.x data path (SKIP_PG_FOR_BRAINSTORE_OBJECTS=all, WAL footer v3), one-way switches the
 *   official modules default to for new deployments;
 * - no outbound rate limit (0), as the official AWS module: the per-user cap throttles evals
 *   that call models through the data plane. Without the variable the API applies 100/minute.
 */
export function newInstallSettings(sizing: SizingDefaults): Pick<ConfigInput, 'api' | 'postgres' | 'redis' | 'brainstore' | 'rateLimit'> {
  return {
    ...sizing,
    brainstore: { ...sizing.brainstore, skipPgForObjects: 'all', walFooterVersion: 'v3' },
    rateLimit: { maxRequests: 0, windowMinutes: 1 },
  };
}
