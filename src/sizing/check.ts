// checkSizing: Config -> Findings, pure. Every row of the seed tables for the tier, plus the
// rules beside them (requirements.ts). Unknown instance types are config errors (exit 2).
//
// cloud 'docker': always the testing tier (a single host is not a production deployment).
// Instance types there are not cloud machines, so no catalog lookups: versions, counts and the
// API container limits are checked as usual, and each host-hardware row (CPU, memory, disk)
// is reported as `warn` with a hint that the Docker host must provide it.
import type { Config, Tier } from '../config/schema.js';
import { defaultsFor, type SizingDefaults } from '../config/defaults.js';
import { configError } from '../ui/errors.js';
import { closestNames, lookupInstance, type InstanceSpec, type Role } from './catalog/index.js';
import { checkBrainstore } from './check-brainstore.js';
import { checkApiEcs } from './check-api-ecs.js';
import { deployedRuntimes } from '../config/api-runtime.js';
import { describeSpec, hostRow, isKubernetesCloud, suggest, type CheckContext } from './check-context.js';
import { atLeast, finding, type Finding } from './findings.js';
import { minimum, requirement, RULES } from './requirements.js';
import { apiSize } from '../config/schema.js';
import { postgresIops } from './check-postgres-iops.js';
import { managedRedisClusteringPolicy, MANAGED_REDIS_NO_CLUSTER_MAX_GB } from './catalog/azure.js';

export type { Component, Finding, FindingStatus } from './findings.js';
export type { CheckContext } from './check-context.js';

/** The tier the config is checked against: `tier` overrides config.tier; docker is testing. */
export function effectiveTier(config: Config, tier?: Tier): Tier {
  return config.cloud === 'docker' ? 'testing' : (tier ?? config.tier);
}

export function checkSizing(config: Config, opts: { tier?: Tier } = {}): Finding[] {
  const tier = effectiveTier(config, opts.tier);
  const ctx: CheckContext = {
    config,
    cloud: config.cloud,
    tier,
    specs: resolveInstanceTypes(config, tier),
    defaults: defaultsFor(config.cloud, tier),
  };
  return [...checkApi(ctx), ...checkPostgres(ctx), ...checkRedis(ctx), ...checkBrainstore(ctx)];
}

const ROLE_LABEL: Record<'aws' | 'gcp' | 'azure', Record<Role, string>> = {
  aws: { postgres: 'RDS instance class', redis: 'ElastiCache node type', compute: 'EC2 instance type' },
  gcp: { postgres: 'Cloud SQL machine type', redis: 'Memorystore size (basic-<N>gb or standard-ha-<N>gb)', compute: 'Compute Engine machine type' },
  azure: { postgres: 'PostgreSQL Flexible Server SKU', redis: 'Azure Managed Redis / Azure Cache for Redis SKU', compute: 'Azure VM size' },
};

/** Every instance type the config names, looked up; all unknown ones reported in one error. */
export function resolveInstanceTypes(config: Config, tier: Tier = config.tier): Map<string, InstanceSpec> {
  const specs = new Map<string, InstanceSpec>();
  const cloud = config.cloud;
  if (cloud === 'docker') return specs;
  const wanted: Array<[field: string, role: Role, name: string]> = [
    ['postgres.instanceType', 'postgres', config.postgres.instanceType],
    ['redis.instanceType', 'redis', config.redis.instanceType],
  ];
  if (isKubernetesCloud(cloud) && config.api.nodeInstanceType) wanted.push(['api.nodeInstanceType', 'compute', config.api.nodeInstanceType]);
  for (const group of ['combined', 'readers', 'writers', 'fastReaders'] as const) {
    const g = config.brainstore[group];
    if (g) wanted.push([`brainstore.${group}.instanceType`, 'compute', g.instanceType]);
  }
  const unknown = wanted.filter(([field, role, name]) => {
    const spec = lookupInstance(cloud, role, name);
    if (spec) specs.set(field, spec);
    return !spec;
  });
  if (unknown.length) {
    const lines = unknown.map(([field, role, name]) =>
      `${field}: unknown ${ROLE_LABEL[cloud][role]} ${JSON.stringify(name)} (closest: ${closestNames(cloud, role, name).join(', ')})`);
    const [field] = unknown[0];
    const example = exampleType(defaultsFor(cloud, tier), field);
    throw configError(
      lines[0] + (lines.length > 1 ? ` (and ${lines.length - 1} more)` : ''),
      `Set ${field} to one of the closest names${example ? ` (the ${cloud} ${tier} default is ${example})` : ''}.`,
      lines.length > 1 ? lines : undefined,
    );
  }
  return specs;
}

/** The default type for a field, as an example in error hints. */
function exampleType(d: SizingDefaults, field: string): string | undefined {
  if (field === 'postgres.instanceType') return d.postgres.instanceType;
  if (field === 'redis.instanceType') return d.redis.instanceType;
  if (field.startsWith('brainstore.')) return (d.brainstore.readers ?? d.brainstore.combined)?.instanceType;
  return undefined;
}

function checkApi(ctx: CheckContext): Finding[] {
  const { config, tier, cloud } = ctx;
  if (cloud === 'aws' && deployedRuntimes(config).has('ecs')) return checkApiEcs(ctx);
  if (cloud === 'aws') {
    // AWS runs the API on Lambda, which manages CPU, memory and concurrency itself.
    return (['cpu', 'memory', 'instance-count'] as const).map((check) => {
      const req = requirement('api', check, tier);
      return finding('api', check, 'pass', req.value, 'Lambda (managed)', '', { unit: req.unit });
    });
  }
  const size = apiSize(config);
  const out = [
    atLeast('api', 'cpu', minimum('api', 'cpu', tier), size.cpu, `set api.cpu to ${minimum('api', 'cpu', tier)} or more`, { unit: 'vCPU', field: 'api.cpu' }),
    atLeast('api', 'memory', minimum('api', 'memory', tier), size.memoryGiB, `set api.memoryGiB to ${minimum('api', 'memory', tier)} or more`, { unit: 'GiB', field: 'api.memoryGiB' }),
    atLeast('api', 'instance-count', minimum('api', 'instance-count', tier), size.instances, `set api.instances to ${minimum('api', 'instance-count', tier)} or more`, { field: 'api.instances' }),
  ];
  if (!isKubernetesCloud(cloud)) return out;
  const { min, max } = RULES.nodeMemoryPercent;
  const pct = config.api.nodeMemoryPercent;
  out.push(finding('api', 'node-memory-percent', pct >= min && pct <= max ? 'pass' : 'fail', `${min}-${max}`, pct,
    `set api.nodeMemoryPercent to 85 (NODE_MEMORY_PERCENT ${min}-${max} under Kubernetes cgroup memory limits)`, { unit: '%', field: 'api.nodeMemoryPercent' }));
  const node = ctx.specs.get('api.nodeInstanceType');
  if (node) {
    const fits = node.vcpu >= size.cpu && node.memoryGiB >= size.memoryGiB;
    out.push(finding('api', 'node-size', fits ? 'pass' : 'fail', `${size.cpu} vCPU, ${size.memoryGiB} GiB per pod`,
      `${node.vcpu} vCPU, ${node.memoryGiB} GiB`, `pick an api.nodeInstanceType with at least ${size.cpu} vCPU and ${size.memoryGiB} GiB`,
      { field: 'api.nodeInstanceType', instanceType: node.name }));
  }
  return out;
}

function checkPostgres(ctx: CheckContext): Finding[] {
  const { config, tier } = ctx;
  const pg = config.postgres;
  const storage = { unit: 'GiB', field: 'postgres.storageGiB' };
  const iops = { unit: 'IOPS', field: 'postgres.iops' };
  const tail = [
    atLeast('postgres', 'version', minimum('postgres', 'version', tier), pg.version,
      `set postgres.version to ${minimum('postgres', 'version', tier)} (a major upgrade: snapshot the database first)`, { field: 'postgres.version' }),
  ];
  if (ctx.cloud === 'docker') {
    return [
      hostRow(ctx, 'postgres', 'cpu', 'PostgreSQL'), hostRow(ctx, 'postgres', 'memory', 'PostgreSQL'),
      hostRow(ctx, 'postgres', 'storage-size', 'the PostgreSQL volume', { actual: pg.storageGiB, field: storage.field }),
      hostRow(ctx, 'postgres', 'storage-iops', 'the PostgreSQL volume', { actual: pg.iops, field: iops.field }),
      ...tail,
    ];
  }
  const spec = ctx.specs.get('postgres.instanceType')!;
  const on = { field: 'postgres.instanceType', instanceType: spec.name };
  const fix = suggest(ctx, 'postgres', ctx.defaults.postgres.instanceType);
  const io = postgresIops(config, minimum('postgres', 'storage-iops', tier));
  return [
    atLeast('postgres', 'cpu', minimum('postgres', 'cpu', tier), spec.vcpu, fix, { ...on, unit: 'vCPU' }),
    atLeast('postgres', 'memory', minimum('postgres', 'memory', tier), spec.memoryGiB, fix, { ...on, unit: 'GiB' }),
    atLeast('postgres', 'storage-size', minimum('postgres', 'storage-size', tier), pg.storageGiB, `set postgres.storageGiB to ${minimum('postgres', 'storage-size', tier)} or more`, storage),
    // The IOPS the volume really gets (on Azure, its Premium SSD tier's: check-postgres-iops.ts).
    atLeast('postgres', 'storage-iops', minimum('postgres', 'storage-iops', tier), io.actual, io.hint, { unit: iops.unit, field: io.field }),
    ...tail,
  ];
}

function checkRedis(ctx: CheckContext): Finding[] {
  const { config, tier, cloud } = ctx;
  const version = Number(config.redis.version);
  const minVersion = minimum('redis', 'version', tier);
  const versionField = { field: 'redis.version' };
  if (cloud === 'docker') {
    return [
      hostRow(ctx, 'redis', 'cpu', 'Redis'), hostRow(ctx, 'redis', 'memory', 'Redis'),
      atLeast('redis', 'version', minVersion, version, `set redis.version to ${minVersion}.x or newer`, versionField),
    ];
  }
  const spec = ctx.specs.get('redis.instanceType')!;
  const on = { field: 'redis.instanceType', instanceType: spec.name };
  const fix = suggest(ctx, 'redis', ctx.defaults.redis.instanceType);
  const out = [
    atLeast('redis', 'cpu', minimum('redis', 'cpu', tier), spec.vcpu, fix, { ...on, unit: 'vCPU' }),
    atLeast('redis', 'memory', minimum('redis', 'memory', tier), spec.memoryGiB, fix, { ...on, unit: 'GiB' }),
  ];
  // Redis 7+, and the SKU must be able to run it (Azure Cache for Redis stops at Redis 6).
  const max = spec.maxRedisVersion;
  if (max !== undefined && max < minVersion) {
    const managed = lookupInstance(cloud, 'redis', ctx.defaults.redis.instanceType)!;
    out.push(finding('redis', 'version', 'fail', minVersion, version,
      `${spec.name} runs Redis ${max} at most: use Azure Managed Redis, e.g. ${describeSpec(managed)}, with redis.version "7.4"`, on));
  } else if (max !== undefined && version > max) {
    out.push(finding('redis', 'version', 'fail', minVersion, version, `set redis.version to ${max}: ${spec.name} runs Redis ${max} at most`, versionField));
  } else {
    out.push(atLeast('redis', 'version', minVersion, version, `set redis.version to ${minVersion}.x or newer`, versionField));
  }
  out.push(checkRedisBurstable(ctx, spec, on, fix));
  if (cloud === 'azure' && spec.maxRedisVersion !== undefined && spec.maxRedisVersion >= 7) out.push(checkManagedRedisClustering(spec, on));
  return out;
}

/** Azure Managed Redis above 25 GB cannot be non-clustered: multi-key commands may fail there. */
function checkManagedRedisClustering(spec: InstanceSpec, on: { field: string; instanceType: string }): Finding {
  const policy = managedRedisClusteringPolicy(spec.name);
  return finding('redis', 'clustering', policy === 'NoCluster' ? 'pass' : 'warn', 'NoCluster', policy,
    `use an Azure Managed Redis size of ${MANAGED_REDIS_NO_CLUSTER_MAX_GB} GB or less (e.g. Balanced_B20): larger sizes are sharded (Enterprise clustering), where multi-key commands and scripts whose keys span hash slots fail with CROSSSLOT`, on);
}

/** No burstable Redis in AWS production: seed, Redis cache, "Important for AWS". */
function checkRedisBurstable(ctx: CheckContext, spec: InstanceSpec, on: { field: string; instanceType: string }, fix: string): Finding {
  const production = ctx.tier === 'production';
  const required = production ? 'non-burstable' : 'any';
  const actual = spec.burstable ? 'burstable' : 'non-burstable';
  if (!production || !spec.burstable) return finding('redis', 'burstable', 'pass', required, actual, '', on);
  if (ctx.cloud === 'aws') {
    return finding('redis', 'burstable', 'fail', required, actual,
      'use a non-burstable node type such as cache.r7g.large, cache.m7g.large or cache.r6g.large: t-family nodes run on CPU credits that run out under load', on);
  }
  return finding('redis', 'burstable', 'warn', required, actual, `${fix}: burstable/shared-core caches throttle under sustained load`, on);
}
