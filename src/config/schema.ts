// The deployment config (braintrust.yaml): the one source of truth. Every field is
// validated here; the JSON Schema in templates/ is generated from this same schema.
import { z } from 'zod';
import { awsRegionProblem } from './aws-regions.js';
import { extraEnvSchema } from './extra-env.js';
import { securityIssues, securitySchema } from './security-schema.js';
import { ingressIssues, ingressSchema } from './ingress-schema.js';
import { networkingIssues, networkingSchema } from './networking-schema.js';
import { scalingIssues, scalingSchema } from './scaling-schema.js';
import { kubernetesIssues, kubernetesSchema } from './kubernetes-schema.js';
import { configRules } from './rules.js';
import { apiEcsSchema, apiRuntimeSchema, apiStandbyRuntimeSchema, checkStandby } from './api-runtime.js';

export const CLOUDS = ['aws', 'gcp', 'azure', 'docker'] as const;
export const TIERS = ['testing', 'production'] as const;
export type Cloud = (typeof CLOUDS)[number];
export type Tier = (typeof TIERS)[number];

/** An integer a JS number holds exactly (at most Number.MAX_SAFE_INTEGER). */
const int = () => z.number().int().max(Number.MAX_SAFE_INTEGER, { message: `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}` });
/** A finite number (YAML's .inf parses to Infinity). */
const finite = () => z.number().finite();
/** A regex check whose message names the pattern. */
const pattern = (re: RegExp) => z.string().regex(re, { message: `Invalid string: must match pattern ${re}` });

const positiveInt = int().positive();

const deploymentName = z
  .string()
  // At most 18, as the official AWS module enforces (variables.tf, deployment_name): names
  // derived from it must fit the clouds' limits (AWS load balancers and target groups: 32).
  .regex(/^[a-z][a-z0-9-]{0,16}[a-z0-9]$/, {
    message: '2-18 characters: lowercase letters, digits and dashes, starting with a letter (it prefixes every cloud resource name)',
  })
  .describe('Deployment name: prefixes every resource. Do not change after the first install (databases and buckets cannot be renamed).');

/** Data plane release, e.g. v2.12.0 (the API, Brainstore and Lambda images share it). */
export const versionString = z
  .string()
  .regex(/^v?\d+\.\d+\.\d+$/, { message: 'a release like v2.12.0' })
  .describe('Data plane release, e.g. v2.12.0');

const httpsUrl = z
  .string()
  .url({ message: 'an absolute URL such as https://www.braintrust.dev' })
  .refine((u) => /^https?:\/\//.test(u), { message: 'an http(s) URL' });

export const apiSchema = z
  .strictObject({
    instances: positiveInt.optional().describe('API replicas (GCP, Azure, docker; required there). Not used on AWS, where api.ecs sizes the ECS services'),
    cpu: finite().positive().optional().describe('vCPUs per API instance (GCP, Azure, docker; required there)'),
    memoryGiB: finite().positive().optional().describe('Memory per API instance, GiB (GCP, Azure, docker; required there)'),
    nodeMemoryPercent: int()
      .min(1)
      .max(100)
      .default(85)
      .describe('NODE_MEMORY_PERCENT: 80-90 on Kubernetes (cgroup memory limits)'),
    nodeInstanceType: z.string().optional().describe('Kubernetes node machine type for the API pool'),
    extraEnv: extraEnvSchema('api.extraEnv'),
    // AWS API runtime (src/config/api-runtime.ts).
    runtime: apiRuntimeSchema.optional(),
    standbyRuntime: apiStandbyRuntimeSchema.optional(),
    ecs: apiEcsSchema.optional(),
  })
  .describe('API service sizing (GCP and Azure; informational on AWS)');

export const postgresSchema = z.strictObject({
  instanceType: z.string().min(1).describe('RDS class (db.r8g.2xlarge), Cloud SQL tier (db-perf-optimized-N-8) or Azure Flexible Server SKU (GP_Standard_D8ds_v5)'),
  storageGiB: positiveInt.describe('Allocated storage, GiB'),
  iops: positiveInt.describe('Provisioned storage IOPS'),
  version: int().min(11).max(30).describe('PostgreSQL major version (15+ testing, 17+ production)'),
});

export const redisSchema = z.strictObject({
  instanceType: z.string().min(1).describe('ElastiCache node type (cache.r7g.large), Memorystore size (standard-ha-5gb) or Azure Managed Redis SKU (Balanced_B5)'),
  version: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { message: 'a version like 7.1' })
    .describe('Redis engine version, 7+'),
});

const nodeGroup = z.strictObject({
  count: int().min(0),
  instanceType: z.string().min(1),
});

export const brainstoreSchema = z
  .strictObject({
    combined: nodeGroup.optional().describe('Testing only: combined reader/writer node(s)'),
    readers: nodeGroup.optional(),
    writers: nodeGroup.optional(),
    fastReaders: nodeGroup
      .optional()
      .describe('AWS: the fast-reader tier (BRAINSTORE_FAST_READER_URL) that serves the UI\'s interactive queries; with readers and writers only'),
    skipPgForObjects: z
      .string()
      .regex(/^(all|(include|exclude):[a-z_]+:[0-9A-Fa-f-]{36}(,[a-z_]+:[0-9A-Fa-f-]{36})*)?$/, { message: 'all, "" (off), include:<type>:<uuid>,... or exclude:<type>:<uuid>,...' })
      .optional()
      .describe('SKIP_PG_FOR_BRAINSTORE_OBJECTS (Helm skipPgForBrainstoreObjects): "all" for new installs; "", include:<type>:<uuid>,... or exclude:<type>:<uuid>,.... One-way: once set on a deployment it cannot change (refused after install); opt an older deployment in only as the v2 upgrade guide describes'),
    walFooterVersion: z
      .enum(['v3', 'v2', 'v1', ''])
      .optional()
      .describe('BRAINSTORE_WAL_FOOTER_VERSION (Helm brainstoreWalFooterVersion): "v3" for new installs; "" -> v1 (on 1.1.32) -> v3 (after a v2.x release has been deployed). One-way'),
    extraEnv: extraEnvSchema('brainstore.extraEnv'),
  })
  .superRefine((b, ctx) => {
    if (!b.combined && !(b.readers && b.writers)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'set both readers and writers, or combined (testing tier only)',
      });
    }
    if (b.combined && b.fastReaders) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['fastReaders'], message: 'fastReaders need dedicated readers and writers, not combined' });
    }
    if (b.combined && (b.readers || b.writers)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'combined cannot be set together with readers/writers' });
    }
  });

/** The telemetry types of CONTROL_PLANE_TELEMETRY, in order (self-hosting docs, configure/telemetry). */
export const TELEMETRY_TYPES = ['status', 'metrics', 'usage', 'memprof', 'logs', 'traces'] as const;
export type TelemetryType = (typeof TELEMETRY_TYPES)[number];
export const DEFAULT_TELEMETRY_TYPES: TelemetryType[] = ['status', 'metrics', 'usage'];

export const telemetrySchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Health checks, system metrics (incl. indexing lag) and billing usage sent to the control plane'),
  logs: z.boolean().default(false).describe('Also send logs (only when Braintrust support asks)'),
  traces: z.boolean().default(false).describe('Also send traces (only when Braintrust support asks)'),
  types: z
    .array(z.enum(TELEMETRY_TYPES))
    .refine((l) => new Set(l).size === l.length, { message: 'each telemetry type at most once' })
    .optional()
    .describe('CONTROL_PLANE_TELEMETRY / BRAINSTORE_CONTROL_PLANE_TELEMETRY (comma-separated): the types sent when enabled, of status, metrics, usage, memprof, logs, traces; default status,metrics,usage; logs/traces true add theirs'),
  disableSysadmin: z
    .boolean()
    .default(false)
    .describe('DISABLE_SYSADMIN_TELEMETRY=true on the API: close the sysadmin telemetry endpoints (Brainstore backfill/compaction status, metadata only)'),
  disableAggregation: z
    .boolean()
    .default(false)
    .describe('TELEMETRY_DISABLE_AGGREGATION: stop aggregating billing telemetry (only when Braintrust support asks)'),
  logLevel: z
    .enum(['info', 'warn', 'error', 'debug'])
    .optional()
    .describe('TELEMETRY_LOG_LEVEL: billing telemetry log level; unset: error'),
});

export const rateLimitSchema = z.strictObject({
  maxRequests: int().min(0).default(100).describe('OUTBOUND_RATE_LIMIT_MAX_REQUESTS; 0 disables'),
  windowMinutes: int().min(1).default(1).describe('OUTBOUND_RATE_LIMIT_WINDOW_MINUTES'),
});

export const quarantineSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('AWS: run user-defined functions (code scorers, tools) in an isolated quarantine VPC; without it they do not run'),
});

export const urlsSchema = z.strictObject({
  appUrl: httpsUrl.default('https://www.braintrust.dev').describe('BRAINTRUST_APP_URL'),
  publicUrl: z
    .union([httpsUrl, z.literal('')])
    .optional()
    .describe('BRAINTRUST_APP_PUBLIC_URL; defaults to appUrl; "" when the data plane proxies the control plane'),
  proxyControlPlane: z.boolean().default(false).describe('SDKs talk only to the data plane (appUrl is the data plane URL)'),
});

export const stateSchema = z.discriminatedUnion('backend', [
  z.strictObject({ backend: z.literal('local'), path: z.string().optional() }),
  z.strictObject({
    backend: z.literal('s3'),
    bucket: z.string().min(3),
    key: z.string().default('braintrust/terraform.tfstate'),
    region: z.string().optional(),
    dynamodbTable: z.string().optional().describe('Legacy lock table; S3 native locking (use_lockfile) is used otherwise'),
  }),
  z.strictObject({ backend: z.literal('gcs'), bucket: z.string().min(3), prefix: z.string().default('braintrust') }),
  z.strictObject({
    backend: z.literal('azurerm'),
    resourceGroupName: z.string(),
    storageAccountName: z.string(),
    containerName: z.string().default('tfstate'),
    key: z.string().default('braintrust.tfstate'),
  }),
]);

export const networkSchema = z.strictObject({
  cidr: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/, { message: 'a CIDR like 10.175.0.0/21' }).optional(),
  existingVpcId: z.string().optional().describe('AWS: deploy into this VPC instead of creating one'),
  existingPrivateSubnetIds: z.array(z.string()).optional(),
  existingPublicSubnetId: z.string().optional(),
});

export const secretsSchema = z.strictObject({
  brainstoreLicenseKey: z
    .union([
      z.strictObject({ env: pattern(/^[A-Z_][A-Z0-9_]*$/) }),
      z.strictObject({ secretRef: z.string().min(1) }),
    ])
    .default({ env: 'BRAINTRUST_BRAINSTORE_LICENSE_KEY' })
    .describe('Where the Brainstore license key comes from: an environment variable name, or an existing secret (ARN / id). Never the key itself.'),
});

export const remoteAccessSchema = z.strictObject({
  grants: z
    .array(
      z.strictObject({
        principal: z.string().optional().describe('Who gets access; defaults to Braintrust support'),
        reason: z.string().min(1),
        grantedAt: z.string().datetime(),
        expiresAt: z.string().datetime(),
      }),
    )
    .default([]),
});

export const cloudAccountSchema = z.strictObject({
  awsAccountId: pattern(/^\d{12}$/).optional(),
  awsProfile: z.string().optional(),
  gcpProject: z.string().optional(),
  azureSubscriptionId: z.string().optional(),
  azureResourceGroup: z.string().optional(),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: deploymentName,
    cloud: z.enum(CLOUDS).describe('Where the data plane runs'),
    region: z.string().min(1).optional().describe('Cloud region (not used for docker)'),
    tier: z.enum(TIERS).describe('testing (staging) or production sizing rules'),
    version: versionString,
    orgName: z.string().min(1).describe('Braintrust organization name (ORG_NAME)'),
    account: cloudAccountSchema.optional(),
    api: apiSchema,
    postgres: postgresSchema,
    redis: redisSchema,
    brainstore: brainstoreSchema,
    telemetry: telemetrySchema.default({ enabled: true, logs: false, traces: false }),
    security: securitySchema.default({}),
    rateLimit: rateLimitSchema.default({ maxRequests: 100, windowMinutes: 1 }),
    urls: urlsSchema.default({ appUrl: 'https://www.braintrust.dev', proxyControlPlane: false }),
    ingress: ingressSchema.default({}),
    networking: networkingSchema.default({}),
    scaling: scalingSchema.default({}),
    kubernetes: kubernetesSchema.default({}),
    state: stateSchema.default({ backend: 'local' }),
    network: networkSchema.optional(),
    secrets: secretsSchema.default({ brainstoreLicenseKey: { env: 'BRAINTRUST_BRAINSTORE_LICENSE_KEY' } }),
    remoteAccess: remoteAccessSchema.default({ grants: [] }),
    quarantine: quarantineSchema.default({ enabled: true }),
    tags: z.record(z.string(), z.string()).optional(),
    zones: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Zones for node pools and subnets (AWS us-east-1a, GCP us-central1-a, Azure 1/2/3); `braintrust preflight` suggests a list where every instance type is offered'),
  })
  .superRefine((c, ctx) => {
    if (c.cloud !== 'docker' && !c.region) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['region'], message: `required for cloud ${c.cloud}` });
    }
    const awsRegion = c.cloud === 'aws' && c.region ? awsRegionProblem(c.region) : undefined;
    if (awsRegion) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['region'], message: awsRegion });
    for (const issue of zoneIssues(c.cloud, c.region, c.zones)) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
    checkStandby(c.api, ctx);
    if (c.cloud !== 'aws') {
      for (const k of ['instances', 'cpu', 'memoryGiB'] as const) {
        if (c.api[k] === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['api', k], message: `required for cloud ${c.cloud} (the API's ${k === 'instances' ? 'replica count' : k === 'cpu' ? 'vCPUs' : 'memory'})` });
      }
    }
    for (const issue of securityIssues(c)) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
    for (const issue of ingressIssues(c)) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
    for (const issue of [...networkingIssues(c), ...scalingIssues(c), ...kubernetesIssues(c)]) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
  })
  // Per-cloud rules and limits (rules.ts): exit 2 naming the field, before any synth.
  .superRefine(configRules);

/** What is wrong with a `zones` list: zones of another region, duplicates, a cloud without zones. */
export function zoneIssues(cloud: Cloud, region: string | undefined, zones: string[] | undefined): { path: (string | number)[]; message: string }[] {
  if (!zones) return [];
  if (cloud === 'docker') return [{ path: ['zones'], message: 'docker deployments have no zones: remove zones' }];
  const issues: { path: (string | number)[]; message: string }[] = [];
  // AWS: one zone per private subnet (3), and the database subnet group must span at least 2.
  if (cloud === 'aws' && (zones.length < 2 || zones.length > 3)) {
    issues.push({ path: ['zones'], message: `${zones.length} zone(s) given; AWS needs 2 or 3 (one per private subnet; RDS and ElastiCache subnet groups span at least 2)` });
  }
  const seen = new Set<string>();
  const r = (region ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  zones.forEach((zone, i) => {
    if (seen.has(zone)) issues.push({ path: ['zones', i], message: `${zone} is listed twice` });
    seen.add(zone);
    const ok = cloud === 'azure' ? /^[1-9]$/.test(zone)
      : cloud === 'aws' ? Boolean(region) && new RegExp(`^${r}[a-z]$`).test(zone)
        : Boolean(region) && new RegExp(`^${r}-[a-z]$`).test(zone);
    if (!ok) {
      const like = cloud === 'azure' ? '1, 2 or 3' : cloud === 'aws' ? `${region ?? 'us-east-1'}a` : `${region ?? 'us-central1'}-a`;
      issues.push({ path: ['zones', i], message: `${zone} is not a zone of ${cloud} region ${region ?? '(unset)'}: use zones like ${like} (\`braintrust preflight\` lists the ones that offer every instance type)` });
    }
  });
  return issues;
}

/** Config as written by a user (defaults not yet applied). */
export type ConfigInput = z.input<typeof configSchema>;
/** Config after validation, with defaults applied. */
export type Config = z.output<typeof configSchema>;
export type BrainstoreConfig = Config['brainstore'];
export type StateConfig = Config['state'];

/** The API's replica count, vCPUs and memory: required on GCP, Azure and docker (validation), unused on AWS. */
export function apiSize(config: Config): { instances: number; cpu: number; memoryGiB: number } {
  const { instances, cpu, memoryGiB } = config.api;
  if (instances === undefined || cpu === undefined || memoryGiB === undefined) {
    throw new Error(`api.instances, api.cpu and api.memoryGiB are required for cloud ${config.cloud} (validation should have said so)`);
  }
  return { instances, cpu, memoryGiB };
}
