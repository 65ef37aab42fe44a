// Every row of the configuration reference (test/fixtures/reference/braintrust-configure-settings.md,
// a copy of shared/reference: sections 1-7) is either a field of braintrust.yaml or deliberately
// skipped with the reason; and the networking:, scaling:, kubernetes: and data-path settings,
// set in a config, show up where they belong in the synthesized AWS, GCP, Azure and docker output
// (API/Brainstore environment, Helm value, Terraform resource argument), or are an exit-2 error
// naming the field on a target they do not apply to. (security: and telemetry: rows are checked
// the same way by settings-reference.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.js';
import { allKeys, keyInfo, setAt } from '../../src/config/keys.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import { BraintrustError } from '../../src/ui/errors.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack as buildGcp } from '../../stacks/gcp/index.js';
import { buildStack as buildAzure } from '../../stacks/azure/index.js';
import { composeApiEnvironment, composeDocument } from '../../stacks/docker/compose.js';
import { resourcesOf } from '../helpers/terraform-json.js';
import { AZURE_PRODUCTION, DOCKER_TESTING, GCP_PRODUCTION, envOf, releaseValues, stackSynth } from '../helpers/stack-fixtures.js';
import { awsProductionInput, brainstoreEnvFromScript, res, synthAws, userDataScripts, type Body } from '../parity/aws-fixtures.js';
import { projectRoot } from '../helpers/cli.js';

// ---------------------------------------------------------------------------------------------
// 1. Every row: a field, or skipped with the reason.

type Disposition = { fields: string[]; note?: string } | { skip: string };

const DISPOSITION: Record<string, Disposition> = {
  // §1 Security and access
  'Org allowed to use the data plane': { fields: ['orgName'] },
  'Allow orgs by ID (preferred; names to be phased out)': { fields: ['security.allowedOrgIds'] },
  'Primary org (authorizes service-token management)': { fields: ['security.primaryOrgName'] },
  'Mark data plane as private-network': { skip: 'a toggle in the Braintrust web app (org settings), not a data plane setting' },
  'Browsers reaching a private data plane': { skip: 'client side: each user grants the browser private-network access' },
  'Put the data plane behind a firewall/VPN': { fields: ['ingress.mode', 'ingress.allowedCidrs'], note: 'network design; covered by ingress.* (issue 18)' },
  'User-supplied URLs failing checks (private/reserved IPs)': { fields: ['security.unsafeUrlRequestMode'] },
  'DNS resolvers for URL checks': { fields: ['security.urlSecurityDnsServers'] },
  'Exempt CIDRs from URL checks': { fields: ['security.urlSecurityAllowCidrs'] },
  'Harden containers': { fields: ['kubernetes.hardening', 'kubernetes.containerSecurityContext'] },
  'Harden pods': { fields: ['kubernetes.hardening', 'kubernetes.podSecurityContext'] },
  'Writable /tmp for read-only root FS': { fields: ['kubernetes.tmpVolume.enabled', 'kubernetes.tmpVolume.sizeLimit'] },
  'Enterprise CA for user code (API >= v2.9.0)': {
    fields: ['kubernetes.customCA.enabled', 'kubernetes.customCA.secretName', 'kubernetes.customCA.secretKey', 'kubernetes.customCA.mountPath', 'kubernetes.customCA.filename'],
  },
  'Allow user code (scorers/tools)': {
    fields: ['quarantine.enabled'],
    note: 'AWS runs user code in the isolated quarantine VPC; on Helm and docker the API keeps the chart default (off): there is no isolation there',
  },
  'Get audit metadata on API responses': { skip: 'a request header the client sends (x-bt-enable-audit); nothing to deploy' },
  'Audit response headers': { skip: 'response headers of the API; nothing to deploy' },
  'BTQL `query.read` audit log, strict (sync; data plane ≥ v2.6.0)': { fields: ['security.btqlAuditLogs.strictOrgIds'] },
  'Same, best-effort (async)': { fields: ['security.btqlAuditLogs.bestEffortOrgIds'] },
  'Braintrust staff log/bastion access': { fields: ['remoteAccess.grants'], note: 'time-boxed grants (`braintrust support-access`) instead of standing switches' },
  // §2 Networking
  'Web-app URL the SDKs print': { fields: ['urls.publicUrl'] },
  'App URL the SDKs call': { fields: ['urls.appUrl'] },
  'Keep SDK traffic on the data plane only': { fields: ['urls.proxyControlPlane'] },
  'Point the SDK at the data plane': { skip: 'SDK-side environment (BRAINTRUST_API_URL) on the users\' machines' },
  'Register the data plane with the org': { skip: 'done in the Braintrust web app with the api_url install prints' },
  'Set the egress allowlist for SDKs and the API server': { skip: 'firewall policy of the user\'s network; `braintrust allowlist` prints the hosts' },
  'Add CORS origins': { fields: ['security.whitelistedOrigins', 'networking.bucketCorsOrigins'] },
  'Cap outbound requests per user token (protects external hosts)': { fields: ['rateLimit.maxRequests'] },
  'Rate-limit window': { fields: ['rateLimit.windowMinutes'] },
  'CloudFront origin read timeout (raise on `/function/invoke` 504s)': { fields: ['ingress.originTimeoutSeconds'], note: 'ingress.* (issue 18)' },
  'API ECS ALB idle / keep-alive': { skip: 'fixed by the official module (900 / 3600 s), not exposed' },
  'AI Gateway ALB timeouts': { skip: 'we do not build the AI Gateway (nor its ALB) on any target' },
  'UI code-function timeout (k8s)': { fields: ['networking.codeFunctionTimeoutSeconds'] },
  'Expose the API (k8s)': { fields: ['ingress.mode'], note: 'the stacks own the Service type; Istio virtualService is not built (no Istio in the clusters we create)' },
  'ALB drops invalid-name headers': { fields: ['networking.albDropInvalidHeaderFields'], note: 'the API ALB (ECS runtime); the AI Gateway ALB is not built' },
  'Restrict access to internal API ALB': { fields: ['ingress.allowedCidrs'], note: 'ingress.* (issue 18)' },
  // §3 Scaling
  'Size `braintrust-api` (general traffic)': { fields: ['api.ecs.api.cpu', 'api.ecs.api.memoryMiB', 'api.ecs.api.min', 'api.ecs.api.max'] },
  'Size `braintrust-api-ingest` (`/logs3`, `/otel/v1/traces`)': { fields: ['api.ecs.ingest.cpu', 'api.ecs.ingest.memoryMiB', 'api.ecs.ingest.min', 'api.ecs.ingest.max'] },
  'Size `braintrust-api-background` (evals, invoke, proxy)': { fields: ['api.ecs.background.cpu', 'api.ecs.background.memoryMiB', 'api.ecs.background.min', 'api.ecs.background.max'] },
  'Tune autoscaling (per service)': { skip: 'the official targets (CPU 50%, event loop) are kept; only min/max per service are fields' },
  'Route traffic to ECS instead of Lambda': { fields: ['api.runtime', 'api.standbyRuntime'] },
  'Size legacy Lambda API': { skip: 'the legacy Lambda API keeps the official sizes; new installs run on ECS' },
  'Size Helm API pods': { fields: ['api.instances', 'api.cpu', 'api.memoryGiB'] },
  'Size Brainstore readers': { fields: ['brainstore.readers'] },
  'Size Brainstore fast readers (UI queries)': { fields: ['brainstore.fastReaders'] },
  'Size Brainstore writers': { fields: ['brainstore.writers'] },
  'Set Brainstore cache size': {
    fields: ['scaling.brainstoreCache.reader.fileSize', 'scaling.brainstoreCache.reader.memoryLimit', 'scaling.brainstoreCache.writer.fileSize', 'scaling.brainstoreCache.writer.memoryLimit', 'scaling.brainstoreCache.fastReader.fileSize', 'scaling.brainstoreCache.fastReader.memoryLimit'],
  },
  'Request local disk on k8s': { skip: 'derived from the node pools\' local SSD/NVMe by the stacks (brainstore.<role>.volume.size on Azure)' },
  'GKE node type': { fields: ['brainstore.readers'], note: 'GKE Standard with node pools sized from brainstore.*; Autopilot is not built' },
  'Azure services pool': { fields: ['api.nodeInstanceType'] },
  'Skip Postgres for Brainstore objects (**one-way**)': { fields: ['brainstore.skipPgForObjects'] },
  'WAL footer format': { fields: ['brainstore.walFooterVersion'] },
  'Brainstore lock backend (never change on existing)': { fields: ['scaling.locksBackend'] },
  'Retain noncurrent/deleted objects (days)': { fields: ['scaling.bucketRetentionDays', 'scaling.softDeleteRetentionDays'] },
  'Size the AI Gateway': { skip: 'we do not build the AI Gateway' },
  // §4 Telemetry (the six types, then the settings)
  '`status`': { fields: ['telemetry.types'] },
  '`metrics`': { fields: ['telemetry.types'] },
  '`usage`': { fields: ['telemetry.types'] },
  '`memprof`': { fields: ['telemetry.types'] },
  '`logs`': { fields: ['telemetry.types', 'telemetry.logs'] },
  '`traces`': { fields: ['telemetry.types', 'telemetry.traces'] },
  'Choose telemetry sent to control plane (off = weaker proactive monitoring/support, D)': { fields: ['telemetry.enabled', 'telemetry.types'] },
  'Close sysadmin endpoints (Brainstore backfill/compaction status; metadata only)': { fields: ['telemetry.disableSysadmin'] },
  'Disable billing telemetry aggregation (support only)': { fields: ['telemetry.disableAggregation'] },
  'Billing telemetry log level': { fields: ['telemetry.logLevel'] },
  'Internal Datadog agent (only if instructed)': { skip: 'Braintrust-internal observability, only on Braintrust\'s instruction; api.extraEnv carries it then' },
  'Data-retention service token': { skip: 'created by the control plane when the data plane URL is saved; needs security.primaryOrgName' },
  // §5 Deploy: customize the infrastructure
  'Name the deployment': { fields: ['name'] },
  'Choose the region': { fields: ['region'] },
  'Brainstore license': { fields: ['secrets.brainstoreLicenseKey'] },
  'Use your own network': { fields: ['network.cidr', 'network.existingVpcId', 'network.existingPrivateSubnetIds', 'network.existingPublicSubnetId'] },
  'Isolate user code network': { fields: ['quarantine.enabled'] },
  'Private cluster': { skip: 'the clusters we build are private by design (remote access through `braintrust connect`)' },
  'Own encryption key': { skip: 'each stack creates its key (issue 13 covers customer-managed keys)' },
  'Tag resources': { fields: ['tags'] },
  'Wire cloud identity': { skip: 'the stacks create and wire the identities; external EKS is not a target' },
  'Use a custom domain and TLS': { fields: ['ingress.domain', 'ingress.certificate', 'ingress.wafAclId', 'ingress.minTlsVersion'], note: 'ingress.* (issue 18)' },
  'Deletion protection': { skip: 'always on; `braintrust destroy --allow-data-deletion` lifts it for a teardown' },
  'Own EKS + Helm': { skip: 'external EKS mode is not a target we build' },
  'DB / cache sizing': { fields: ['postgres.instanceType', 'postgres.storageGiB', 'postgres.iops', 'redis.instanceType'] },
  // §6 Upgrades
  'Routine (AWS)': { fields: ['version'], note: '`braintrust upgrade`' },
  'Routine (GCP/Azure)': { fields: ['version'], note: '`braintrust upgrade` moves the images; the chart is pinned by the CLI' },
  'Pin app version (if Braintrust asks)': { fields: ['version'] },
  'Major module versions': { skip: 'module majors are the official modules\' concern; the CLI builds its own stacks' },
  'Data plane v2.x': { fields: ['brainstore.skipPgForObjects', 'brainstore.walFooterVersion'], note: '`braintrust upgrade` walks the steps' },
  'Module v6 (API → ECS)': { fields: ['api.runtime', 'api.standbyRuntime'], note: '`braintrust upgrade --api-runtime ecs`' },
  'Module v7': { skip: 'AI Gateway defaults of module v7: we do not build the AI Gateway' },
  'Gateway rollout': { skip: 'we do not build the AI Gateway' },
  'Helm chart majors': { skip: 'the chart is pinned by the CLI (6.11.0)' },
  // §7 Gateway
  'Run the Gateway in the data plane (preview; LLM egress from your VPC, encrypted cache in Redis; off = API calls providers directly)': { skip: 'preview; we do not build the AI Gateway' },
  'Built-in models': { skip: 'an org setting served by gateway.braintrust.dev' },
  'Gateway URLs': { skip: 'we do not build the AI Gateway' },
  '`/v1/proxy` → hosted gateway (if instructed)': { skip: 'only on Braintrust\'s instruction; not built' },
};

/** The "Want to" cells of every table row of sections 1-7. */
function referenceRows(): { section: string; title: string }[] {
  const text = readFileSync(join(projectRoot, 'test', 'fixtures', 'reference', 'braintrust-configure-settings.md'), 'utf8');
  const rows: { section: string; title: string }[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const h = /^## (\d)\./.exec(line);
    if (h) section = h[1];
    if (!section || !line.startsWith('| ') || line.startsWith('|---')) continue;
    const title = line.split('|')[1].trim();
    if (['Want to', 'Type', 'Topic'].includes(title)) continue;
    rows.push({ section, title });
  }
  return rows;
}

describe('every row of the configuration reference is a field or skipped with a reason', () => {
  const rows = referenceRows();
  test('the reference has its rows (sections 1-7)', () => {
    assert.ok(rows.length >= 90, `${rows.length} rows`);
    assert.deepEqual([...new Set(rows.map((r) => r.section))], ['1', '2', '3', '4', '5', '6', '7']);
  });
  test('each row has a disposition, and each disposition a row', () => {
    const titles = new Set(rows.map((r) => r.title));
    assert.deepEqual(rows.filter((r) => !DISPOSITION[r.title]).map((r) => `§${r.section} ${r.title}`), []);
    assert.deepEqual(Object.keys(DISPOSITION).filter((t) => !titles.has(t)), []);
  });
  test('every field named is a key of braintrust.yaml', () => {
    for (const [title, d] of Object.entries(DISPOSITION)) {
      if ('skip' in d) {
        assert.ok(d.skip.length > 10, `${title}: a reason`);
        continue;
      }
      for (const f of d.fields) assert.ok(keyInfo(f), `${title}: ${f} is not a config key`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The new settings in the synthesized output of every target.

type Target = 'aws' | 'gcp' | 'azure' | 'docker';

interface Out {
  json?: TerraformJson;
  values?: any;
  compose?: any;
  apiEnv: Record<string, string>;
  /** Brainstore's environment of a role (AWS user data; docker's one Brainstore). */
  brainstoreEnv: (role: 'reader' | 'writer' | 'fastreader') => Record<string, string>;
}

const ORG = '00000000-0000-4000-8000-000000000001';

const BASE: Record<Target, ConfigInput> = {
  aws: awsProductionInput({
    api: { runtime: 'ecs' },
    brainstore: {
      readers: { count: 2, instanceType: 'c8gd.4xlarge' },
      writers: { count: 1, instanceType: 'c8gd.8xlarge' },
      fastReaders: { count: 2, instanceType: 'c8gd.4xlarge' },
    },
  } as never),
  gcp: GCP_PRODUCTION,
  azure: AZURE_PRODUCTION,
  docker: DOCKER_TESTING,
};

function ecsApiEnv(json: TerraformJson): Record<string, string> {
  const task = res(json, 'aws_ecs_task_definition').map(([, b]) => b).find((b) => String(b.family).endsWith('-braintrust-api'));
  assert.ok(task, 'the braintrust-api task definition');
  const [container] = JSON.parse(task.container_definitions as string) as Body[];
  return Object.fromEntries((container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));
}

function helmValuesOf(json: TerraformJson): any {
  const release = resourcesOf(json, 'helm_release').find(([, r]) => (r as Body).chart === 'braintrust');
  assert.ok(release, 'a helm_release of the braintrust chart');
  return releaseValues(release[1] as Body);
}

const BUILD: Record<Target, (c: Config) => Out> = {
  aws: (c) => {
    const { json } = synthAws(c as unknown as ConfigInput);
    const scripts = userDataScripts(json);
    return {
      json,
      apiEnv: ecsApiEnv(json),
      brainstoreEnv: (role) => brainstoreEnvFromScript(scripts.get(`${c.name}-brainstore-${role}`) ?? ''),
    };
  },
  gcp: (c) => {
    const json = stackSynth(buildGcp)(c);
    const values = helmValuesOf(json);
    return { json, values, apiEnv: envOf(values), brainstoreEnv: () => ({}) };
  },
  azure: (c) => {
    const json = stackSynth(buildAzure)(c);
    const values = helmValuesOf(json);
    return { json, values, apiEnv: envOf(values), brainstoreEnv: () => ({}) };
  },
  docker: (c) => {
    const compose = composeDocument(c) as any;
    return { compose, apiEnv: composeApiEnvironment(c), brainstoreEnv: () => compose.services.brainstore.environment };
  },
};

interface Case {
  key: string;
  value: unknown;
  /** Other settings the case needs. */
  with?: Record<string, unknown>;
  /** What each target it applies to shows. */
  shows: Partial<Record<Target, (o: Out) => void>>;
  /** Targets it does not apply to: exit 2 naming the key (the reason in the message). */
  refusedOn?: Target[];
}

const bodies = (o: Out, type: string): Body[] => resourcesOf(o.json!, type).map(([, b]) => b as Body);

const CASES: Case[] = [
  {
    key: 'networking.codeFunctionTimeoutSeconds',
    value: 600,
    shows: {
      aws: (o) => assert.equal(o.apiEnv.CODE_FUNCTION_EXECUTION_TIMEOUT_S, '600'),
      gcp: (o) => assert.equal(o.apiEnv.CODE_FUNCTION_EXECUTION_TIMEOUT_S, '600'),
      azure: (o) => assert.equal(o.apiEnv.CODE_FUNCTION_EXECUTION_TIMEOUT_S, '600'),
      docker: (o) => assert.equal(o.apiEnv.CODE_FUNCTION_EXECUTION_TIMEOUT_S, '600'),
    },
  },
  {
    key: 'networking.bucketCorsOrigins',
    value: ['https://*.tools.acme.com'],
    shows: {
      aws: (o) => {
        const cors = bodies(o, 'aws_s3_bucket_cors_configuration');
        assert.equal(cors.length, 2);
        for (const c of cors) assert.ok(c.cors_rule[0].allowed_origins.includes('https://*.tools.acme.com'));
      },
      gcp: (o) => {
        const api = bodies(o, 'google_storage_bucket').find((b) => b.cors);
        assert.ok(api?.cors[0].origin.includes('https://*.tools.acme.com'));
      },
      azure: (o) => {
        const [account] = bodies(o, 'azurerm_storage_account');
        assert.ok(account.blob_properties.cors_rule[0].allowed_origins.includes('https://*.tools.acme.com'));
      },
    },
    refusedOn: ['docker'],
  },
  {
    key: 'networking.albDropInvalidHeaderFields',
    value: true,
    shows: {
      aws: (o) => {
        const alb = bodies(o, 'aws_lb').find((b) => String(b.name).endsWith('-api-ecs'));
        assert.equal(alb?.drop_invalid_header_fields, true);
      },
    },
    refusedOn: ['gcp', 'azure', 'docker'],
  },
  {
    key: 'scaling.brainstoreCache.reader',
    value: { fileSize: '700gb', memoryLimit: '2Gi' },
    shows: {
      aws: (o) => {
        assert.equal(o.brainstoreEnv('reader').BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE, '700gb');
        assert.equal(o.brainstoreEnv('reader').BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT, '2Gi');
        assert.match(o.brainstoreEnv('writer').BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE, /^\$\{local\./, 'the writer keeps 90% of its disk');
      },
      gcp: (o) => {
        assert.equal(o.values.brainstore.reader.objectStoreCacheFileSize, '700gb');
        assert.equal(o.values.brainstore.reader.objectStoreCacheMemoryLimit, '2Gi');
      },
      azure: (o) => assert.equal(o.values.brainstore.reader.objectStoreCacheFileSize, '700gb'),
      docker: (o) => {
        assert.equal(o.brainstoreEnv('reader').BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE, '700gb');
        assert.equal(o.brainstoreEnv('reader').BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT, '2Gi');
      },
    },
  },
  {
    key: 'scaling.brainstoreCache.writer',
    value: { fileSize: '1500Gi', memoryLimit: '4Gi' },
    shows: {
      aws: (o) => {
        assert.equal(o.brainstoreEnv('writer').BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE, '1500Gi');
        assert.equal(o.brainstoreEnv('writer').BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT, '4Gi');
      },
      gcp: (o) => assert.deepEqual([o.values.brainstore.writer.objectStoreCacheFileSize, o.values.brainstore.writer.objectStoreCacheMemoryLimit], ['1500Gi', '4Gi']),
      azure: (o) => assert.deepEqual([o.values.brainstore.writer.objectStoreCacheFileSize, o.values.brainstore.writer.objectStoreCacheMemoryLimit], ['1500Gi', '4Gi']),
    },
    refusedOn: ['docker'],
  },
  {
    key: 'scaling.brainstoreCache.fastReader',
    value: { fileSize: '300gb' },
    shows: { aws: (o) => assert.equal(o.brainstoreEnv('fastreader').BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE, '300gb') },
    refusedOn: ['gcp', 'azure', 'docker'],
  },
  {
    key: 'scaling.locksBackend',
    value: 'redis',
    shows: {
      gcp: (o) => assert.equal(o.values.brainstore.locksBackend, 'redis'),
      azure: (o) => assert.equal(o.values.brainstore.locksBackend, 'redis'),
      docker: (o) => assert.match(o.brainstoreEnv('reader').BRAINSTORE_LOCKS_URI, /^redis:\/\//),
    },
    refusedOn: ['aws'],
  },
  {
    key: 'scaling.locksBackend',
    value: 'objectStorage',
    shows: {
      aws: (o) => assert.match(o.brainstoreEnv('reader').BRAINSTORE_LOCKS_URI, /^s3:\/\/.*\/locks$/),
      gcp: (o) => assert.equal(o.values.brainstore.locksBackend, 'objectStorage'),
      docker: (o) => assert.equal(o.brainstoreEnv('reader').BRAINSTORE_LOCKS_URI, 's3://brainstore/brainstore/locks'),
    },
  },
  {
    key: 'scaling.bucketRetentionDays',
    value: 30,
    shows: {
      aws: (o) => {
        const lifecycle = bodies(o, 'aws_s3_bucket_lifecycle_configuration').find((b) => b.rule.some((r: Body) => r.id === 'expire-noncurrent-versions'));
        const rules = Object.fromEntries(lifecycle!.rule.map((r: Body) => [r.id, r]));
        assert.equal(rules['expire-noncurrent-versions'].noncurrent_version_expiration[0].noncurrent_days, 30);
        assert.equal(rules['expire-index-delete-logs'].expiration[0].days, 30);
      },
      gcp: (o) => {
        const brainstore = bodies(o, 'google_storage_bucket').find((b) => !b.cors);
        assert.equal(brainstore!.lifecycle_rule[0].condition.days_since_noncurrent_time, 30);
      },
    },
    refusedOn: ['azure', 'docker'],
  },
  {
    key: 'scaling.softDeleteRetentionDays',
    value: 30,
    shows: {
      gcp: (o) => {
        for (const b of bodies(o, 'google_storage_bucket')) assert.equal(b.soft_delete_policy.retention_duration_seconds, 30 * 86400);
      },
      azure: (o) => {
        const [account] = bodies(o, 'azurerm_storage_account');
        assert.equal(account.blob_properties.delete_retention_policy.days, 30);
        assert.equal(account.blob_properties.container_delete_retention_policy.days, 30);
      },
    },
    refusedOn: ['aws', 'docker'],
  },
  {
    key: 'kubernetes.hardening',
    value: true,
    shows: Object.fromEntries((['gcp', 'azure'] as const).map((t) => [t, (o: Out) => {
      for (const component of [o.values.api, o.values.brainstore.reader, o.values.brainstore.writer, o.values.brainstore.fastreader]) {
        assert.deepEqual(component.securityContext, { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        assert.deepEqual(component.podSecurityContext, { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
        assert.deepEqual(component.tmpVolume, { enabled: true, sizeLimit: '1Gi' });
      }
    }])),
    refusedOn: ['aws', 'docker'],
  },
  {
    key: 'kubernetes.podSecurityContext',
    value: { runAsUser: 2000, fsGroup: 2000 },
    with: { 'kubernetes.hardening': true, 'kubernetes.tmpVolume': { sizeLimit: '2Gi' } },
    shows: {
      gcp: (o) => {
        assert.deepEqual(o.values.api.podSecurityContext, { runAsNonRoot: true, runAsUser: 2000, runAsGroup: 1000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } });
        assert.deepEqual(o.values.brainstore.writer.tmpVolume, { enabled: true, sizeLimit: '2Gi' });
      },
      azure: (o) => assert.equal(o.values.brainstore.reader.podSecurityContext.runAsUser, 2000),
    },
    refusedOn: ['aws', 'docker'],
  },
  {
    key: 'kubernetes.containerSecurityContext',
    value: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
    shows: {
      gcp: (o) => {
        assert.deepEqual(o.values.api.securityContext, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
        assert.equal(o.values.api.podSecurityContext, undefined, 'no preset without hardening');
      },
    },
    refusedOn: ['aws', 'docker'],
  },
  {
    key: 'kubernetes.customCA',
    value: { enabled: true, secretName: 'corp-ca' },
    shows: Object.fromEntries((['gcp', 'azure'] as const).map((t) => [t, (o: Out) => {
      assert.deepEqual(o.values.api.customCA, { enabled: true, secretName: 'corp-ca', secretKey: 'ca-bundle.pem', mountPath: '/etc/braintrust/runtime-ca', filename: 'ca-bundle.pem' });
    }])),
    refusedOn: ['aws', 'docker'],
  },
  {
    key: 'brainstore.skipPgForObjects',
    value: `include:project_logs:${ORG}`,
    shows: {
      aws: (o) => {
        assert.equal(o.apiEnv.SKIP_PG_FOR_BRAINSTORE_OBJECTS, `include:project_logs:${ORG}`);
        assert.equal(o.brainstoreEnv('writer').BRAINSTORE_ASYNC_SCORING_OBJECTS, `include:project_logs:${ORG}`);
      },
      gcp: (o) => {
        assert.equal(o.values.skipPgForBrainstoreObjects, `include:project_logs:${ORG}`);
        assert.equal(o.apiEnv.SKIP_PG_FOR_BRAINSTORE_OBJECTS, `include:project_logs:${ORG}`);
      },
      azure: (o) => assert.equal(o.values.skipPgForBrainstoreObjects, `include:project_logs:${ORG}`),
      docker: (o) => assert.equal(o.apiEnv.SKIP_PG_FOR_BRAINSTORE_OBJECTS, `include:project_logs:${ORG}`),
    },
  },
  {
    key: 'brainstore.walFooterVersion',
    value: 'v1',
    shows: {
      aws: (o) => assert.equal(o.apiEnv.BRAINSTORE_WAL_FOOTER_VERSION, 'v1'),
      gcp: (o) => assert.equal(o.values.brainstoreWalFooterVersion, 'v1'),
      azure: (o) => assert.equal(o.values.brainstoreWalFooterVersion, 'v1'),
      docker: (o) => assert.equal(o.apiEnv.BRAINSTORE_WAL_FOOTER_VERSION, 'v1'),
    },
  },
];

function configWith(target: Target, settings: Record<string, unknown>): Config {
  const input = structuredClone(BASE[target]) as Record<string, unknown>;
  for (const [k, v] of Object.entries(settings)) setAt(input, k, structuredClone(v));
  return validateConfig(input);
}

/** The exit-2 message of an invalid config. */
function configFailure(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    assert.ok(e instanceof BraintrustError, String(e));
    assert.equal(e.exitCode, 2);
    return [e.message, ...(e.details ?? [])].join('\n');
  }
  assert.fail('expected a config error');
}

describe('networking:, scaling:, kubernetes: and the data path settings reach every target they concern', () => {
  for (const c of CASES) {
    test(`${c.key}: the schema describes it`, () => {
      const info = keyInfo(c.key);
      assert.ok(info, c.key);
    });
    for (const [target, check] of Object.entries(c.shows) as [Target, (o: Out) => void][]) {
      test(`${target}: ${c.key} = ${JSON.stringify(c.value)}`, () => {
        check(BUILD[target](configWith(target, { ...c.with, [c.key]: c.value })));
      });
    }
    for (const target of c.refusedOn ?? []) {
      test(`${target}: ${c.key} is exit 2 naming it`, () => {
        const msg = configFailure(() => configWith(target, { ...c.with, [c.key]: c.value }));
        assert.match(msg, new RegExp(c.key.replace(/\./g, '\\.')), msg);
      });
    }
  }

  test('unset, the targets keep their defaults (no new variables; Helm turns off what the chart would opt in)', () => {
    const aws = BUILD.aws(configWith('aws', {}));
    assert.equal(aws.apiEnv.CODE_FUNCTION_EXECUTION_TIMEOUT_S, undefined);
    assert.match(aws.brainstoreEnv('reader').BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE, /^\$\{local\./);
    const alb = bodies(aws, 'aws_lb').find((b) => String(b.name).endsWith('-api-ecs'));
    assert.equal(alb?.drop_invalid_header_fields, false);
    const gcp = BUILD.gcp(configWith('gcp', {}));
    assert.equal(gcp.values.brainstore.locksBackend, 'objectStorage');
    assert.equal(gcp.values.api.securityContext, undefined);
    assert.equal(gcp.values.api.customCA, undefined);
    // A config without the one-way switches has not opted in: the chart's "all"/"v3" defaults must not apply.
    assert.equal(gcp.values.skipPgForBrainstoreObjects, '');
    assert.equal(gcp.values.brainstoreWalFooterVersion, '');
    for (const b of bodies(gcp, 'google_storage_bucket')) assert.equal(b.soft_delete_policy.retention_duration_seconds, 7 * 86400);
    const docker = BUILD.docker(configWith('docker', {}));
    assert.match(docker.brainstoreEnv('reader').BRAINSTORE_LOCKS_URI, /^redis:\/\//);
    assert.equal(docker.brainstoreEnv('reader').BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT, '1Gi');
  });
});

describe('value ranges and cross-field rules are exit-2 errors naming the fields', () => {
  const bad: [string, Target, Record<string, unknown>, RegExp][] = [
    ['code-function timeout below 1', 'gcp', { 'networking.codeFunctionTimeoutSeconds': 0 }, /networking\.codeFunctionTimeoutSeconds/],
    ['code-function timeout above a day', 'gcp', { 'networking.codeFunctionTimeoutSeconds': 86_401 }, /networking\.codeFunctionTimeoutSeconds/],
    ['code-function timeout above Lambda\'s 900 s on AWS', 'aws', { 'networking.codeFunctionTimeoutSeconds': 901 }, /networking\.codeFunctionTimeoutSeconds[\s\S]*1-900/],
    ['ALB header dropping on the Lambda runtime', 'aws', { 'api.runtime': 'lambda', 'networking.albDropInvalidHeaderFields': true }, /networking\.albDropInvalidHeaderFields[\s\S]*api\.runtime/],
    ['a bucket origin with a path', 'aws', { 'networking.bucketCorsOrigins': ['https://a.example.com/x'] }, /networking\.bucketCorsOrigins/],
    ['a cache size without a unit', 'gcp', { 'scaling.brainstoreCache.reader.fileSize': '900' }, /scaling\.brainstoreCache\.reader\.fileSize[\s\S]*900Gi/],
    ['a locks backend that does not exist', 'gcp', { 'scaling.locksBackend': 'etcd' }, /scaling\.locksBackend[\s\S]*objectStorage/],
    ['GCS soft delete outside 0 or 7-90', 'gcp', { 'scaling.softDeleteRetentionDays': 5 }, /scaling\.softDeleteRetentionDays[\s\S]*7-90/],
    ['Azure delete retention 0', 'azure', { 'scaling.softDeleteRetentionDays': 0 }, /scaling\.softDeleteRetentionDays[\s\S]*1-365/],
    ['bucket retention 0 days', 'aws', { 'scaling.bucketRetentionDays': 0 }, /scaling\.bucketRetentionDays/],
    ['a read-only root without a writable /tmp', 'gcp', { 'kubernetes.hardening': true, 'kubernetes.tmpVolume': { enabled: false } }, /kubernetes\.tmpVolume\.enabled/],
    ['runAsNonRoot with uid 0', 'gcp', { 'kubernetes.hardening': true, 'kubernetes.podSecurityContext': { runAsUser: 0 } }, /kubernetes\.podSecurityContext\.runAsUser/],
    ['an unknown security context field', 'gcp', { 'kubernetes.containerSecurityContext': { readOnlyRootFS: true } }, /kubernetes\.containerSecurityContext[\s\S]*readOnlyRootFS/],
    ['custom CA before API v2.9.0', 'gcp', { version: 'v2.8.0', 'kubernetes.customCA.enabled': true }, /kubernetes\.customCA\.enabled[\s\S]*v2\.9\.0/],
    ['a custom CA secret name that is not a Kubernetes name', 'gcp', { 'kubernetes.customCA.secretName': 'Corp CA' }, /kubernetes\.customCA\.secretName/],
    ['skip-PG with another form', 'gcp', { 'brainstore.skipPgForObjects': 'some' }, /brainstore\.skipPgForObjects[\s\S]*include:/],
    ['a WAL footer version that does not exist', 'gcp', { 'brainstore.walFooterVersion': 'v4' }, /brainstore\.walFooterVersion/],
  ];
  for (const [what, target, settings, re] of bad) {
    test(`${what} (${target})`, () => assert.match(configFailure(() => configWith(target, settings)), re));
  }
});

describe('the README configuration reference', () => {
  test('has a row for every top-level field of braintrust.yaml and names each key of the new groups', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('\n## Configuration reference\n');
    assert.ok(start >= 0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
    // ingress: its row comes with the ingress work (issue 18), merged separately.
    const top = [...new Set(allKeys().map((k) => k.key.split('.')[0]))].filter((k) => k !== 'ingress');
    assert.deepEqual(top.filter((k) => !new RegExp(`^\\| \`${k}[\`.]`, 'm').test(section)), []);
    for (const k of allKeys().filter((x) => /^(networking|scaling|kubernetes)\./.test(x.key))) {
      // Kubernetes SecurityContext fields are Kubernetes' own: the README names the context.
      const leaf = k.key.split('.').find((p) => p.endsWith('SecurityContext')) ?? k.key.split('.').pop()!;
      assert.ok(section.includes(leaf), `${k.key}: ${leaf} in the README`);
    }
  });
});
