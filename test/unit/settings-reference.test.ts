// The `security:` and `telemetry:` rows of the configuration reference
// (shared/reference/braintrust-configure-settings.md §1, §2 CORS, §4), one table: each setting,
// set in a config, reaches the API environment of every target we build (the AWS Lambda
// APIHandler, the Helm values on GCP and Azure, the docker compose environment); its schema
// description names the variable; the cross-field rules are exit-2 config errors; and
// `config set` round-trips through the CLI.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/load.js';
import { keyInfo, setAt } from '../../src/config/keys.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import { BraintrustError } from '../../src/ui/errors.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack as buildAws } from '../../stacks/aws/index.js';
import { buildStack as buildGcp } from '../../stacks/gcp/index.js';
import { buildStack as buildAzure } from '../../stacks/azure/index.js';
import { composeApiEnvironment } from '../../stacks/docker/compose.js';
import { telemetryValue } from '../../stacks/common/api-env.js';
import { resourcesOf } from '../helpers/terraform-json.js';
import { envOf, releaseValues } from '../helpers/stack-fixtures.js';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

const ORG_A = '00000000-0000-4000-8000-000000000001';
const ORG_B = '00000000-0000-4000-8000-000000000002';

interface Row {
  key: string;
  value: unknown;
  env: string;
  expected: string;
  /** Rows that cannot share a config with the others (exclusive settings) go in variant 2. */
  variant?: 2;
}

const ROWS: Row[] = [
  { key: 'security.allowedOrgIds', value: [ORG_A, ORG_B], env: 'ALLOWED_ORG_IDS', expected: `${ORG_A},${ORG_B}` },
  { key: 'security.primaryOrgName', value: 'Acme Primary', env: 'PRIMARY_ORG_NAME', expected: 'Acme Primary' },
  { key: 'security.unsafeUrlRequestMode', value: 'reject', env: 'BRAINTRUST_UNSAFE_URL_REQUEST_MODE', expected: 'reject' },
  { key: 'security.urlSecurityDnsServers', value: ['10.0.0.2', 'fd00::53'], env: 'BRAINTRUST_URL_SECURITY_DNS_SERVERS', expected: '10.0.0.2,fd00::53' },
  { key: 'security.urlSecurityAllowCidrs', value: ['10.20.0.0/16', '192.168.1.0/24'], env: 'BRAINTRUST_URL_SECURITY_ALLOW_CIDRS', expected: '10.20.0.0/16,192.168.1.0/24' },
  { key: 'security.btqlAuditLogs.strictOrgIds', value: [ORG_A], env: 'BTQL_AUDIT_LOGS_STRICT_ORG_IDS', expected: ORG_A },
  { key: 'security.btqlAuditLogs.bestEffortOrgIds', value: [ORG_A, ORG_B], env: 'BTQL_AUDIT_LOGS_BEST_EFFORT_ORG_IDS', expected: `${ORG_A},${ORG_B}`, variant: 2 },
  { key: 'security.whitelistedOrigins', value: ['https://bt.acme.com', 'https://tools.acme.com'], env: 'WHITELISTED_ORIGINS', expected: 'https://bt.acme.com,https://tools.acme.com' },
  { key: 'telemetry.types', value: ['usage', 'status', 'memprof'], env: 'CONTROL_PLANE_TELEMETRY', expected: 'status,usage,memprof' },
  { key: 'telemetry.disableSysadmin', value: true, env: 'DISABLE_SYSADMIN_TELEMETRY', expected: 'true' },
  { key: 'telemetry.disableAggregation', value: true, env: 'TELEMETRY_DISABLE_AGGREGATION', expected: 'true' },
  { key: 'telemetry.logLevel', value: 'debug', env: 'TELEMETRY_LOG_LEVEL', expected: 'debug', variant: 2 },
];

const BASE: Record<'aws' | 'gcp' | 'azure' | 'docker', ConfigInput> = {
  aws: {
    name: 'acme-prod', cloud: 'aws', region: 'us-east-1', tier: 'production', version: 'v2.12.0', orgName: 'acme',
    api: { instances: 4, cpu: 2, memoryGiB: 4 },
    postgres: { instanceType: 'db.r8g.2xlarge', storageGiB: 1000, iops: 15000, version: 17 },
    redis: { instanceType: 'cache.r7g.large', version: '7.1' },
    brainstore: { readers: { count: 2, instanceType: 'c8gd.4xlarge' }, writers: { count: 1, instanceType: 'c8gd.8xlarge' } },
  },
  gcp: {
    name: 'bt-prod', cloud: 'gcp', region: 'us-central1', tier: 'production', version: 'v2.12.0', orgName: 'acme',
    account: { gcpProject: 'acme-braintrust' },
    api: { instances: 4, cpu: 2, memoryGiB: 8 },
    postgres: { instanceType: 'db-perf-optimized-N-8', storageGiB: 1000, iops: 15000, version: 17 },
    redis: { instanceType: 'standard-ha-5gb', version: '7.2' },
    brainstore: { readers: { count: 2, instanceType: 'c4-standard-32-lssd' }, writers: { count: 1, instanceType: 'c4-standard-48-lssd' } },
  },
  azure: {
    name: 'bt-prod', cloud: 'azure', region: 'eastus2', tier: 'production', version: 'v2.12.0', orgName: 'acme',
    account: { azureSubscriptionId: '00000000-0000-0000-0000-000000000001' },
    api: { instances: 4, cpu: 2, memoryGiB: 8, nodeInstanceType: 'Standard_D8s_v5' },
    postgres: { instanceType: 'GP_Standard_D8ds_v5', storageGiB: 1000, iops: 5000, version: 17 },
    redis: { instanceType: 'Balanced_B5', version: '7.4' },
    brainstore: { readers: { count: 2, instanceType: 'Standard_L16s_v3' }, writers: { count: 1, instanceType: 'Standard_L32as_v3' } },
  },
  docker: {
    name: 'bt-local', cloud: 'docker', tier: 'testing', version: '2.12.0', orgName: 'acme',
    api: { instances: 1, cpu: 1, memoryGiB: 2 },
    postgres: { instanceType: 'local', storageGiB: 100, iops: 3000, version: 17 },
    redis: { instanceType: 'local', version: '7.2' },
    brainstore: { combined: { count: 1, instanceType: 'local' } },
  },
};

/** The base config of a target with every row of a variant set at its key. */
function withRows(target: keyof typeof BASE, rows: Row[]): Config {
  const input = structuredClone(BASE[target]) as Record<string, unknown>;
  for (const r of rows) setAt(input, r.key, structuredClone(r.value));
  return validateConfig(input);
}

function synthJson(build: (app: ReturnType<typeof Testing.app>, c: Config) => unknown, config: Config): TerraformJson {
  return JSON.parse(Testing.synth(build(Testing.app(), config) as never)) as TerraformJson;
}

function awsLambdaEnv(json: TerraformJson, suffix: string): Record<string, string> {
  const found = resourcesOf(json, 'aws_lambda_function').find(([, b]) => String((b as any).function_name).endsWith(suffix));
  assert.ok(found, `no Lambda function *${suffix}`);
  return (found[1] as any).environment.variables;
}

function helmApiEnv(json: TerraformJson): Record<string, string> {
  const release = resourcesOf(json, 'helm_release').find(([, r]) => (r as any).chart === 'braintrust');
  assert.ok(release, 'a helm_release of the braintrust chart');
  return envOf(releaseValues(release[1] as Record<string, unknown>));
}

/** Each target's API environment for a config: the synthesized output, as deployed. */
const TARGETS: Record<keyof typeof BASE, (c: Config) => Record<string, string>> = {
  aws: (c) => awsLambdaEnv(synthJson(buildAws, c), '-APIHandler'),
  gcp: (c) => helmApiEnv(synthJson(buildGcp, c)),
  azure: (c) => helmApiEnv(synthJson(buildAzure, c)),
  docker: (c) => composeApiEnvironment(c),
};

describe('security and telemetry settings reach every target', () => {
  for (const row of ROWS) {
    test(`${row.key}: the schema description names ${row.env}`, () => {
      const info = keyInfo(row.key);
      assert.ok(info, `${row.key} is a config key`);
      assert.ok(info.description?.includes(row.env), `${row.key}: ${info.description}`);
    });
  }

  for (const target of Object.keys(TARGETS) as (keyof typeof BASE)[]) {
    for (const variant of [1, 2] as const) {
      const rows = ROWS.filter((r) => (r.variant ?? 1) === variant);
      test(`${target}: ${rows.map((r) => r.key).join(', ')}`, () => {
        const env = TARGETS[target](withRows(target, rows));
        for (const r of rows) assert.equal(env[r.env], r.expected, `${target} ${r.key} -> ${r.env}`);
      });
    }
  }

  test('aws: the billing cron gets the billing telemetry settings; unset, the module defaults', () => {
    const set = awsLambdaEnv(synthJson(buildAws, withRows('aws', ROWS.filter((r) => r.key === 'telemetry.disableAggregation' || r.key === 'telemetry.logLevel'))), '-BillingCron');
    assert.equal(set.TELEMETRY_DISABLE_AGGREGATION, 'true');
    assert.equal(set.TELEMETRY_LOG_LEVEL, 'debug');
    const unset = awsLambdaEnv(synthJson(buildAws, withRows('aws', [])), '-BillingCron');
    assert.equal(unset.TELEMETRY_DISABLE_AGGREGATION, 'false');
    assert.equal(unset.TELEMETRY_LOG_LEVEL, '');
  });

  test('unset, none of the new variables appear on Helm or docker (outputs as before)', () => {
    for (const target of ['gcp', 'docker'] as const) {
      const env = TARGETS[target](withRows(target, []));
      for (const r of ROWS.filter((x) => x.env !== 'CONTROL_PLANE_TELEMETRY')) assert.equal(env[r.env], undefined, `${target} ${r.env}`);
      assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage');
    }
  });
});

describe('telemetry: the older enabled/logs/traces fields keep their meaning', () => {
  const value = (telemetry: unknown) => telemetryValue(validateConfig({ ...BASE.docker, telemetry }));
  test('the same CONTROL_PLANE_TELEMETRY as before', () => {
    assert.equal(value(undefined), 'status,metrics,usage');
    assert.equal(value({ enabled: true }), 'status,metrics,usage');
    assert.equal(value({ enabled: true, logs: true }), 'status,metrics,usage,logs');
    assert.equal(value({ enabled: true, logs: true, traces: true }), 'status,metrics,usage,logs,traces');
    assert.equal(value({ enabled: false, logs: true }), '');
  });
  test('types replace the default set; logs/traces add to it; enabled false sends nothing', () => {
    assert.equal(value({ types: ['metrics'] }), 'metrics');
    assert.equal(value({ types: ['status', 'memprof'], traces: true }), 'status,memprof,traces');
    assert.equal(value({ types: [] }), '');
    assert.equal(value({ enabled: false, types: ['status'] }), '');
  });
});

/** The config error validateConfig throws, as the CLI reports it (exit 2). */
function configFailure(input: unknown): string {
  try {
    validateConfig(input);
  } catch (e) {
    assert.ok(e instanceof BraintrustError, String(e));
    assert.equal(e.exitCode, 2);
    return [e.message, ...(e.details ?? [])].join('\n');
  }
  assert.fail('expected a config error');
}

describe('cross-field and value rules are exit-2 config errors naming the fields', () => {
  const base = BASE.docker;
  test('orgName "*" requires security.primaryOrgName', () => {
    const msg = configFailure({ ...base, orgName: '*' });
    assert.match(msg, /security\.primaryOrgName/);
    assert.match(msg, /orgName/);
    assert.doesNotThrow(() => validateConfig({ ...base, orgName: '*', security: { primaryOrgName: 'acme' } }));
  });
  test('strict and best-effort BTQL audit lists are exclusive', () => {
    const msg = configFailure({ ...base, security: { btqlAuditLogs: { strictOrgIds: [ORG_A], bestEffortOrgIds: [ORG_B] } } });
    assert.match(msg, /strictOrgIds/);
    assert.match(msg, /bestEffortOrgIds/);
  });
  const bad: [string, unknown, RegExp][] = [
    ['allowedOrgIds not UUIDs', { allowedOrgIds: ['acme'] }, /security\.allowedOrgIds/],
    ['allowedOrgIds duplicated', { allowedOrgIds: [ORG_A, ORG_A] }, /listed twice/],
    ['unsafeUrlRequestMode outside off/proxy/warn/reject', { unsafeUrlRequestMode: 'block' }, /unsafeUrlRequestMode[\s\S]*(off|reject)/],
    ['a DNS server that is not an IP', { urlSecurityDnsServers: ['dns.acme.com'] }, /urlSecurityDnsServers/],
    ['a CIDR with a bad prefix', { urlSecurityAllowCidrs: ['10.0.0.0/33'] }, /urlSecurityAllowCidrs/],
    ['an origin with a path', { whitelistedOrigins: ['https://a.example.com/x'] }, /whitelistedOrigins/],
  ];
  for (const [what, security, re] of bad) test(what, () => assert.match(configFailure({ ...base, security }), re));
  test('telemetry types outside the six, and log levels outside info/warn/error/debug', () => {
    assert.match(configFailure({ ...base, telemetry: { types: ['status', 'heap'] } }), /telemetry\.types/);
    assert.match(configFailure({ ...base, telemetry: { logLevel: 'verbose' } }), /telemetry\.logLevel/);
  });
});

describe('the CLI: config set and telemetry enable/disable', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const file = async () => parse(await readFile(join(dir, 'braintrust.yaml'), 'utf8'));
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'docker', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => removeDir(dir));

  test('config set security.unsafeUrlRequestMode reject --no-apply round trips; a bad mode is exit 2', async () => {
    let r = await cli(['config', 'set', 'security.unsafeUrlRequestMode', 'reject', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await file()).security.unsafeUrlRequestMode, 'reject');
    r = await cli(['--json', 'config', 'get', 'security.unsafeUrlRequestMode']);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, key: 'security.unsafeUrlRequestMode', value: 'reject', source: 'config' });
    r = await cli(['config', 'set', 'security.unsafeUrlRequestMode', 'block', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /security\.unsafeUrlRequestMode/);
    assert.match(r.stderr, /reject/);
    r = await cli(['config', 'unset', 'security.unsafeUrlRequestMode', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await file()).security?.unsafeUrlRequestMode, undefined);
  });

  test('config explain names the variable each setting sets on this target', async () => {
    for (const row of ROWS) {
      const r = await cli(['--json', 'config', 'explain', row.key]);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.ok(doc.environment.includes(row.env), `${row.key}: ${JSON.stringify(doc.environment)}`);
      assert.match(doc.docs, /configure\/(security|telemetry)$/);
    }
  });

  test('init --org "*" needs --primary-org (exit 2 naming it) and writes security.primaryOrgName', async () => {
    const other = await tempDir();
    try {
      const args = ['init', '--cloud', 'docker', '--tier', 'testing', '--name', 'bt', '--org', '*'];
      let r = await runCli(args, { cwd: other });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--primary-org/);
      r = await runCli([...args, '--primary-org', 'Acme'], { cwd: other });
      assert.equal(r.code, 0, r.stderr);
      const written = parse(await readFile(join(other, 'braintrust.yaml'), 'utf8'));
      assert.equal(written.orgName, '*');
      assert.equal(written.security.primaryOrgName, 'Acme');
    } finally {
      await removeDir(other);
    }
  });

  test('config set of a best-effort list while strict is set is exit 2 naming both', async () => {
    let r = await cli(['config', 'set', 'security.btqlAuditLogs.strictOrgIds', `[${ORG_A}]`, '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    r = await cli(['config', 'set', 'security.btqlAuditLogs.bestEffortOrgIds', `[${ORG_B}]`, '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /strictOrgIds/);
    assert.match(r.stderr, /bestEffortOrgIds/);
    assert.equal((await file()).security.btqlAuditLogs.bestEffortOrgIds, undefined);
  });

  test('telemetry enable --types / --memprof and disable --types write telemetry.types', async () => {
    let r = await cli(['telemetry', 'enable', '--types', 'status,metrics', '--memprof', 'on', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /only when Braintrust support asks/);
    assert.deepEqual((await file()).telemetry.types, ['status', 'metrics', 'memprof']);
    r = await cli(['telemetry', 'disable', '--types', 'memprof', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await file()).telemetry.types, ['status', 'metrics']);
    assert.equal((await file()).telemetry.enabled, true);
    const s = JSON.parse((await cli(['--json', 'telemetry', 'status'])).stdout);
    assert.equal(s.env.CONTROL_PLANE_TELEMETRY, 'status,metrics');
    r = await cli(['telemetry', 'enable', '--types', 'status,heap', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /heap/);
    assert.match(r.stderr, /memprof/);
  });
});
