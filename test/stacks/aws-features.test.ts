// Product features of the AWS stack beyond the blockers: Brainstore environment, API
// environment and the shared key, scheduled functions, quarantine VPC, fast readers, and the
// extraEnv escape hatch (validated, applied on every cloud).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktf';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { secretLooking } from '../../src/config/extra-env.js';
import type { ConfigInput } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { composeApiEnvironment, composeDocument } from '../../stacks/docker/compose.js';
import { buildStack as buildGcp } from '../../stacks/gcp/index.js';
import { dataPathNotes } from '../../src/upgrade/data-path.js';
import { configEnvironment } from '../../src/deploy/settings-change.js';
import { assertReferencesResolve, resourcesOf } from '../helpers/terraform-json.js';
import { releaseValues, envOf } from '../helpers/stack-fixtures.js';
import {
  awsProductionInput,
  awsTestingInput,
  brainstoreEnvFromScript,
  lambdaBySuffix,
  res,
  synthAws,
  userDataScripts,
  type Body,
} from '../parity/aws-fixtures.js';
import { synthOfficialShapeProduction } from '../parity/aws-fixtures.js';

/** The problems validateConfig reports for an input ('' when valid). */
function problems(input: unknown): string {
  try {
    validateConfig(input);
    return '';
  } catch (e) {
    return ((e as { details?: string[] }).details ?? [String(e)]).join('\n');
  }
}

const prod = synthOfficialShapeProduction();
const staging = synthAws(awsTestingInput());

function env(json: TerraformJson, fn: string): Record<string, string> {
  const f = lambdaBySuffix(json, `-${fn}`);
  assert.ok(f, `no function ${fn}`);
  return f.environment.variables;
}

function secretSpec(json: TerraformJson, fn: string): Record<string, string> {
  return Object.fromEntries(String(env(json, fn).BRAINTRUST_SECRET_ENV).split(',').map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

function brainstoreEnv(json: TerraformJson, name: string): Record<string, string> {
  const script = userDataScripts(json).get(name);
  assert.ok(script, `no launch template ${name}`);
  return brainstoreEnvFromScript(script);
}

describe('AWS: Brainstore environment (official user data)', () => {
  test('transaction manager, response cache, code bundles, async scoring and automations', () => {
    const e = brainstoreEnv(prod.json, 'acme-prod-brainstore-writer');
    assert.equal(e.BRAINSTORE_XACT_MANAGER_URI, '$REDIS_URL');
    assert.match(e.BRAINSTORE_RESPONSE_CACHE_URI, /^s3:\/\/\$\{aws_s3_bucket\.storage_responses_[A-Za-z0-9]+\.bucket\}\/brainstore-cache$/);
    assert.match(e.BRAINSTORE_CODE_BUNDLE_URI, /^s3:\/\/\$\{aws_s3_bucket\.storage_code_bundle_[A-Za-z0-9]+\.bucket\}$/);
    assert.equal(e.BRAINSTORE_ASYNC_SCORING_OBJECTS, 'all');
    assert.equal(e.BRAINSTORE_LOG_AUTOMATIONS_OBJECTS, 'all');
  });

  test('an existing deployment (no data path settings) does not get the objects switched', () => {
    const e = brainstoreEnv(staging.json, 'acme-staging-brainstore');
    assert.equal('BRAINSTORE_ASYNC_SCORING_OBJECTS' in e, false);
    assert.equal('SKIP_PG_FOR_BRAINSTORE_OBJECTS' in env(staging.json, 'APIHandler'), false);
    assert.equal(dataPathNotes(staging.config).length, 1);
    assert.deepEqual(dataPathNotes(prod.config), []);
  });

  test('the Brainstore role can use the response cache and read code bundles', () => {
    const [[, policy]] = res(prod.json, 'aws_iam_role_policy').filter(([k]) => k === Object.keys(prod.json.resource!.aws_iam_role_policy).find((n) => n.startsWith('brainstore_policy')));
    const statements = JSON.parse(policy.policy).Statement as Body[];
    const resources = (sid: string) => [statements.find((s) => s.Sid === sid)!.Resource].flat().join(' ');
    assert.match(resources('ResponseCacheObjects'), /aws_s3_bucket\.storage_responses_/);
    assert.deepEqual(statements.find((s) => s.Sid === 'ReadCodeBundles')!.Action, ['s3:GetObject', 's3:ListBucket']);
  });

  test('boot retries apt, uses the Ubuntu ports mirror and installs earlyoom', () => {
    const script = userDataScripts(prod.json).get('acme-prod-brainstore-reader')!;
    assert.match(script, /Acquire::Retries "5";/);
    assert.match(script, /ports\.ubuntu\.com/);
    assert.match(script, /apt-get install -y [^\n]*earlyoom/);
  });
});

describe('AWS: robust boot and plan', () => {
  test('every code-pointer lookup retries with backoff', () => {
    const lookups = Object.values(prod.json.data!.http) as Body[];
    assert.ok(lookups.length >= 7);
    for (const l of lookups) assert.deepEqual(l.retry, { attempts: 5, min_delay_ms: 500, max_delay_ms: 5000 });
  });
});

describe('AWS: API environment and the shared key', () => {
  test('official API variables on the APIHandler; draft migrations off on the migration', () => {
    const e = env(prod.json, 'APIHandler');
    for (const k of ['PRIMARY_ORG_NAME', 'ALLOWED_ORG_IDS', 'WHITELISTED_ORIGINS', 'TELEMETRY_LOG_LEVEL']) assert.equal(e[k], '', k);
    assert.equal(e.BRAINTRUST_LEGACY_IDS, 'true');
    assert.equal(e.TELEMETRY_DISABLE_AGGREGATION, 'false');
    assert.match(e.CATCHUP_ETL_ARN, /aws_lambda_function\.api_catchup_etl_[A-Za-z0-9]+\.arn/);
    assert.deepEqual([e.SKIP_PG_FOR_BRAINSTORE_OBJECTS, e.BRAINSTORE_WAL_FOOTER_VERSION, e.BRAINSTORE_WAL_USE_EFFICIENT_FORMAT], ['all', 'v3', 'true']);
    const migrate = env(prod.json, 'MigrateDatabaseFunction');
    assert.deepEqual([migrate.BRAINTRUST_LEGACY_IDS, migrate.BRAINTRUST_RUN_DRAFT_MIGRATIONS], ['true', 'false']);
  });

  test('FUNCTION_SECRET_KEY and SERVICE_TOKEN_SECRET_KEY are one key, the one Brainstore reads', () => {
    const spec = secretSpec(prod.json, 'APIHandler');
    assert.equal(spec.FUNCTION_SECRET_KEY, spec.SERVICE_TOKEN_SECRET_KEY);
    assert.match(spec.FUNCTION_SECRET_KEY, /#function_secret_key$/);
    assert.match(spec.CRON_OVERRIDE_SECRET_KEY, /#cron_override_secret_key$/);
    const script = userDataScripts(prod.json).get('acme-prod-brainstore-reader')!;
    assert.match(script, /SERVICE_TOKEN=\$\(secret "[^"]+" \| jq -r \.function_secret_key\)/);
  });
});

describe('AWS: scheduled functions', () => {
  for (const [fn, rate] of [['AutomationCron', 'rate(10 minutes)'], ['BillingCron', 'rate(5 minutes)'], ['CatchupETL', 'rate(10 minutes)']] as const) {
    test(`${fn}: code pointer like the API, EventBridge ${rate}, permission for events`, () => {
      const f = lambdaBySuffix(prod.json, `-${fn}`)!;
      assert.match(f.s3_key, new RegExp(`data\\.http\\.api_${fn}_version`));
      const key = Object.entries(prod.json.resource!.aws_lambda_function).find(([, b]) => b === f)![0];
      const target = res(prod.json, 'aws_cloudwatch_event_target').find(([, t]) => String(t.arn).includes(`aws_lambda_function.${key}.`));
      assert.ok(target);
      const ruleKey = /aws_cloudwatch_event_rule\.([A-Za-z0-9_]+)\./.exec(target[1].rule)![1];
      assert.equal((prod.json.resource!.aws_cloudwatch_event_rule[ruleKey] as Body).schedule_expression, rate);
      const perm = res(prod.json, 'aws_lambda_permission').find(([, p]) => String(p.function_name).includes(`aws_lambda_function.${key}.`));
      assert.equal(perm?.[1].principal, 'events.amazonaws.com');
    });
  }
});

describe('AWS: quarantine VPC for user-defined functions', () => {
  test('on by default: VPC with NAT, roles, QUARANTINE_* on the API, warmup per API version', () => {
    const e = env(prod.json, 'APIHandler');
    assert.match(e.QUARANTINE_PUB_PRIVATE_VPC_ID, /aws_vpc\.api_quarantine_vpc_/);
    assert.match(e.QUARANTINE_INVOKE_ROLE, /aws_iam_role\.api_quarantine_invoke_role_/);
    assert.match(e.QUARANTINE_FUNCTION_ROLE, /aws_iam_role\.api_quarantine_function_role_/);
    for (const i of [1, 2, 3]) assert.match(e[`QUARANTINE_PRIVATE_SUBNET_${i}_ID`], /aws_subnet\.api_quarantine_private_/);
    assert.equal(env(prod.json, 'AIProxy').QUARANTINE_PUB_PRIVATE_VPC_ID, e.QUARANTINE_PUB_PRIVATE_VPC_ID);
    const warmup = res(prod.json, 'aws_lambda_invocation').find(([k]) => k.includes('quarantine_warmup'));
    assert.match(String(warmup?.[1].triggers.function_version), /aws_lambda_function\.api_api_handler_[A-Za-z0-9]+\.version/);
    const apiPolicy = res(prod.json, 'aws_iam_role_policy').find(([k]) => k.startsWith('api_quarantine_api_quarantine_policy'));
    const sids = JSON.parse(apiPolicy![1].policy).Statement.map((s: Body) => s.Sid);
    assert.ok(sids.includes('QuarantinePublish') && sids.includes('PassFunctionRole'));
    assertReferencesResolve(prod.json);
  });

  test('quarantine.enabled: false removes it and leaves the variables empty', () => {
    const { json } = synthAws(awsProductionInput({ quarantine: { enabled: false } } as never));
    assert.equal(res(json, 'aws_vpc').length, 1);
    assert.equal(lambdaBySuffix(json, '-QuarantineWarmupFunction'), undefined);
    assert.equal(env(json, 'APIHandler').QUARANTINE_PUB_PRIVATE_VPC_ID, '');
  });
});

describe('AWS: fast readers', () => {
  test('own ASG, NLB and target group; the API routes fast-reader queries there', () => {
    const asg = res(prod.json, 'aws_autoscaling_group').find(([k]) => k.startsWith('brainstore_fastreader_asg'));
    assert.ok(asg);
    assert.equal(asg[1].desired_capacity, 2);
    assert.ok(res(prod.json, 'aws_lb_target_group').some(([, t]) => t.name === 'acme-prod-bsf'));
    const e = env(prod.json, 'APIHandler');
    assert.match(e.BRAINSTORE_FAST_READER_URL, /^http:\/\/\$\{aws_lb\.brainstore_fastreader_lb_[A-Za-z0-9]+\.dns_name\}:4000$/);
    assert.match(e.BRAINSTORE_FAST_READER_QUERY_SOURCES, /^summaryPaginatedObjectViewer \[realtime\],/);
    assert.equal(brainstoreEnv(prod.json, 'acme-prod-brainstore-fastreader').BRAINSTORE_READER_ONLY_MODE, 'true');
  });

  test('new AWS production configs get two; combined nodes cannot have them', () => {
    assert.equal(exampleConfig('aws', 'production', { name: 'bt', org: 'acme' }).brainstore.fastReaders?.count, 2);
    assert.match(problems(awsTestingInput({ brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' }, fastReaders: { count: 1, instanceType: 'c8gd.xlarge' } } } as never)), /fastReaders/);
  });
});

describe('extraEnv: validated, secrets refused, applied on every cloud', () => {
  const extras = { api: { extraEnv: { BRAINTRUST_FEATURE_X: 'on' } }, brainstore: { extraEnv: { BRAINSTORE_SOMETHING: '42' } } };

  test('names must be environment variable names', () => {
    assert.match(problems(awsTestingInput({ api: { instances: 1, cpu: 1, memoryGiB: 2, extraEnv: { 'bad-name': 'x' } } } as never)), /api\.extraEnv/);
  });

  test('a value that looks like a secret is refused, pointing at the secret store', () => {
    for (const [name, value] of [['OPENAI_API_KEY', 'sk-abcdefghijklmnopqrstuvwx'], ['MY_SETTING', 'postgres://u:pw@h/db'], ['X', 'AKIAABCDEFGHIJKLMNOP']]) {
      assert.ok(secretLooking(name, value), `${name}=${value}`);
      assert.match(problems(awsTestingInput({ api: { instances: 1, cpu: 1, memoryGiB: 2, extraEnv: { [name]: value } } } as never)), /looks like a secret[\s\S]*secret store/);
    }
    assert.equal(secretLooking('BRAINSTORE_VERBOSE', '1'), undefined);
    assert.equal(secretLooking('WHITELISTED_ORIGINS', 'https://a.example.com,https://b.example.com'), undefined);
  });

  test('AWS: on the API functions and in the Brainstore env file', () => {
    const input = awsTestingInput();
    const { json } = synthAws({ ...input, api: { ...input.api!, ...extras.api }, brainstore: { ...input.brainstore, ...extras.brainstore } } as ConfigInput);
    assert.equal(env(json, 'APIHandler').BRAINTRUST_FEATURE_X, 'on');
    assert.equal(env(json, 'AIProxy').BRAINTRUST_FEATURE_X, 'on');
    assert.equal(brainstoreEnv(json, 'acme-staging-brainstore').BRAINSTORE_SOMETHING, '42');
  });

  test('docker, Helm (GCP) and the dry-run environment diff', () => {
    const base = exampleConfig('docker', 'testing', { name: 'bt', org: 'acme' });
    const docker = validateConfig({ ...base, api: { ...base.api!, ...extras.api }, brainstore: { ...base.brainstore, ...extras.brainstore } });
    assert.equal(composeApiEnvironment(docker).BRAINTRUST_FEATURE_X, 'on');
    const services = composeDocument(docker).services as Record<string, { environment: Record<string, string> }>;
    assert.equal(services.brainstore.environment.BRAINSTORE_SOMETHING, '42');
    assert.equal(configEnvironment(docker).BRAINSTORE_SOMETHING, '42');

    const g = exampleConfig('gcp', 'testing', { name: 'bt', org: 'acme', region: 'us-central1' });
    const gcp = validateConfig({ ...g, api: { ...g.api!, ...extras.api }, brainstore: { ...g.brainstore, ...extras.brainstore } });
    const json = JSON.parse(Testing.synth(buildGcp(Testing.app(), gcp))) as TerraformJson;
    const [[, release]] = resourcesOf(json, 'helm_release');
    const values = releaseValues(release);
    assert.equal(envOf(values).BRAINTRUST_FEATURE_X, 'on');
    assert.deepEqual(values.brainstore.reader.extraEnvVars.find((e: Body) => e.name === 'BRAINSTORE_SOMETHING'), { name: 'BRAINSTORE_SOMETHING', value: '42' });
  });
});
