// The AWS stack, synthesized for production and testing configs: what a reviewer of the plan
// looks at (sizing, HA by tier, encryption, secrets only by reference, outputs, backend).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Testing } from 'cdktf';
import { validateConfig } from '../../src/config/load.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/aws/index.js';
import { OUTPUT_NAMES, SUPPORT_ROLE_OUTPUT } from '../../stacks/aws/outputs.js';
import { subnetCidrs } from '../../stacks/aws/network.js';
import { crc32, buildZip } from '../../stacks/aws/zip.js';
import { LICENSE_KEY_VARIABLE } from '../../stacks/common/naming.js';
import { assertReferencesResolve, onlyResource, resourcesOf } from '../helpers/terraform-json.js';

// The shared AWS fixtures (also the parity test's): production and testing inputs, synth with validations.
import { awsProductionInput as productionInput, awsTestingInput as testingInput, synthAws as synth, type Body } from '../parity/aws-fixtures.js';

/** resourcesOf with bodies typed loosely for property access. */
function res(json: TerraformJson, type: string): [string, Body][] {
  return resourcesOf(json, type) as [string, Body][];
}

/** Resources of the main data plane network, without the quarantine VPC's (quarantine.ts). */
function mainRes(json: TerraformJson, type: string): [string, Body][] {
  return res(json, type).filter(([name]) => !name.startsWith('api_quarantine_'));
}

/** The migration's invocation (the quarantine warmup has one too). */
function migration(json: TerraformJson): Body {
  const found = res(json, 'aws_lambda_invocation').filter(([name]) => name.includes('run_migrations'));
  assert.equal(found.length, 1);
  return found[0][1];
}

const prod = synth(productionInput());
const staging = synth(testingInput());

function lambda(json: TerraformJson, suffix: string): Body {
  const found = res(json, 'aws_lambda_function').find(([, b]) => String(b.function_name).endsWith(suffix));
  assert.ok(found, `no Lambda function *${suffix}`);
  return found[1] as Body;
}

function apiEnv(json: TerraformJson): Record<string, string> {
  return lambda(json, '-APIHandler').environment.variables;
}

/** Each launch template's boot script, resolved through the local it is encoded from. */
function userDataScripts(json: TerraformJson): Map<string, string> {
  const scripts = new Map<string, string>();
  for (const [, body] of res(json, 'aws_launch_template')) {
    const m = /^\$\{base64encode\(local\.([A-Za-z0-9_]+)\)\}$/.exec(String(body.user_data));
    assert.ok(m, `user_data should be base64encode(local.*), got ${String(body.user_data).slice(0, 80)}`);
    scripts.set(String(body.name), String((json.locals as Record<string, unknown>)[m[1]]));
  }
  return scripts;
}

function asgs(json: TerraformJson): Body[] {
  return res(json, 'aws_autoscaling_group').map(([, b]) => b as Body);
}

function templateOf(json: TerraformJson, asg: Body): Body {
  const ref = /aws_launch_template\.([A-Za-z0-9_]+)\.id/.exec(String(asg.launch_template.id));
  assert.ok(ref);
  return json.resource!.aws_launch_template[ref[1]] as Body;
}

function* allStrings(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* allStrings(x);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yield* allStrings(x);
}

describe('AWS stack: database', () => {
  test('production: engine, class, gp3 storage with IOPS, HA, backups, encryption', () => {
    const db = onlyResource(prod.json, 'aws_db_instance') as Body;
    assert.equal(db.engine, 'postgres');
    assert.equal(db.engine_version, '17');
    assert.equal(db.instance_class, 'db.r8g.2xlarge');
    assert.equal(db.storage_type, 'gp3');
    assert.equal(db.allocated_storage, 1000);
    assert.equal(db.iops, 15000);
    assert.ok(db.max_allocated_storage > db.allocated_storage);
    assert.equal(db.multi_az, true);
    assert.equal(db.deletion_protection, true);
    assert.equal(db.backup_retention_period, 14);
    assert.equal(db.skip_final_snapshot, false);
    assert.match(db.final_snapshot_identifier, /^acme-prod-main-final-/);
    assert.equal(db.storage_encrypted, true);
    assert.match(db.kms_key_id, /^\$\{aws_kms_key\./);
    assert.equal(db.performance_insights_enabled, true);
    assert.equal(db.publicly_accessible, false);
    const params = onlyResource(prod.json, 'aws_db_parameter_group') as Body;
    assert.equal(params.family, 'postgres17');
  });

  test('testing: single AZ, 7-day backups, no IOPS below 400 GiB (RDS rejects them)', () => {
    const db = onlyResource(staging.json, 'aws_db_instance') as Body;
    assert.equal(db.engine_version, '16');
    assert.equal(db.instance_class, 'db.r8g.large');
    assert.equal(db.allocated_storage, 100);
    assert.equal('iops' in db, false);
    assert.equal(db.multi_az, false);
    assert.equal(db.deletion_protection, false);
    assert.equal(db.backup_retention_period, 7);
    assert.equal(db.skip_final_snapshot, true);
    assert.equal(db.storage_encrypted, true);
  });

  test('IOPS at >= 400 GiB are never below the gp3 baseline RDS requires', () => {
    const { json } = synth(productionInput({ postgres: { instanceType: 'db.r8g.xlarge', storageGiB: 400, iops: 3000, version: 17 } }));
    assert.equal((onlyResource(json, 'aws_db_instance') as Body).iops, 12000);
  });

  test('credentials: generated password in Secrets Manager with username/password/host/port/dbname', () => {
    const db = onlyResource(prod.json, 'aws_db_instance') as Body;
    assert.match(db.password, /^\$\{random_password\.[A-Za-z0-9_]+\.result\}$/);
    const versions = res(prod.json, 'aws_secretsmanager_secret_version').map(([, b]) => String(b.secret_string));
    const dbSecret = versions.find((s) => s.includes('aws_db_instance'));
    assert.ok(dbSecret, 'a secret holds the database credentials');
    for (const key of ['username', 'password', 'host', 'port', 'dbname']) assert.match(dbSecret, new RegExp(`"${key}"`));
  });
});

describe('AWS stack: redis', () => {
  test('production: non-burstable node type, 2 nodes multi-AZ with failover, TLS + at rest', () => {
    const redis = onlyResource(prod.json, 'aws_elasticache_replication_group') as Body;
    assert.equal(redis.node_type, 'cache.r7g.large');
    assert.ok(!String(redis.node_type).startsWith('cache.t'), 'no burstable Redis in production');
    assert.equal(redis.engine_version, '7.1');
    assert.equal(redis.num_cache_clusters, 2);
    assert.equal(redis.automatic_failover_enabled, true);
    assert.equal(redis.multi_az_enabled, true);
    assert.equal(redis.transit_encryption_enabled, true);
    assert.equal(redis.at_rest_encryption_enabled, 'true');
    assert.match(redis.auth_token, /^\$\{random_password\./);
  });

  test('testing: one node, still encrypted', () => {
    const redis = onlyResource(staging.json, 'aws_elasticache_replication_group') as Body;
    assert.equal(redis.node_type, 'cache.t4g.small');
    assert.equal(redis.num_cache_clusters, 1);
    assert.equal(redis.automatic_failover_enabled, false);
    assert.equal(redis.transit_encryption_enabled, true);
    assert.equal(redis.at_rest_encryption_enabled, 'true');
  });
});

describe('AWS stack: brainstore', () => {
  test('production: readers and writers in their own ASGs with the configured types', () => {
    const groups = asgs(prod.json);
    assert.equal(groups.length, 2);
    const reader = groups.find((g) => String(g.name_prefix).includes('reader'))!;
    const writer = groups.find((g) => String(g.name_prefix).includes('writer'))!;
    assert.equal(reader.min_size, 2);
    assert.equal(reader.desired_capacity, 2);
    assert.equal(writer.desired_capacity, 1);
    assert.equal(templateOf(prod.json, reader).instance_type, 'c8gd.4xlarge');
    assert.equal(templateOf(prod.json, writer).instance_type, 'c8gd.8xlarge');
    for (const g of groups) assert.equal(g.instance_refresh.preferences.min_healthy_percentage, 100);
    assert.equal(res(prod.json, 'aws_lb').length, 2);
    for (const [, lb] of res(prod.json, 'aws_lb')) {
      assert.equal(lb.internal, true);
      assert.equal(lb.load_balancer_type, 'network');
    }
    for (const [, tg] of res(prod.json, 'aws_lb_target_group')) assert.equal(tg.port, 4000);
  });

  test('production keeps at least 2 readers (seed: minimum of 2 reader nodes)', () => {
    const { json } = synth(productionInput({
      brainstore: { readers: { count: 1, instanceType: 'c8gd.4xlarge' }, writers: { count: 1, instanceType: 'c8gd.8xlarge' } },
    }));
    const reader = asgs(json).find((g) => String(g.name_prefix).includes('reader'))!;
    assert.equal(reader.desired_capacity, 2);
  });

  test('testing: one combined node', () => {
    const groups = asgs(staging.json);
    assert.equal(groups.length, 1);
    assert.equal(groups[0].desired_capacity, 1);
    assert.equal(templateOf(staging.json, groups[0]).instance_type, 'c8gd.xlarge');
    const script = [...userDataScripts(staging.json).values()][0];
    assert.match(script, /BRAINSTORE_READER_ONLY_MODE=false/);
  });

  test('user data: NVMe RAID0 mount, image tag, env, secrets fetched at boot', () => {
    const scripts = userDataScripts(prod.json);
    const reader = scripts.get('acme-prod-brainstore-reader')!;
    const writer = scripts.get('acme-prod-brainstore-writer')!;
    for (const script of [reader, writer]) {
      assert.match(script, /nvme list/);
      assert.match(script, /mdadm --create \/dev\/md0/);
      assert.match(script, /mount .*"\$DEVICE" "\$CACHE_DIR"/);
      assert.match(script, /CACHE_DIR=\/mnt\/tmp\/brainstore/);
      assert.ok(script.includes('public.ecr.aws/braintrust/brainstore:v2.12.0'));
      assert.match(script, /BRAINSTORE_INDEX_URI=s3:\/\/\$\{aws_s3_bucket\.[A-Za-z0-9_]+\.bucket\}\/brainstore\/index/);
      assert.match(script, /BRAINSTORE_REALTIME_WAL_URI=s3:\/\//);
      assert.match(script, /BRAINSTORE_LOCKS_URI=s3:\/\//);
      assert.match(script, /BRAINSTORE_METADATA_URI=\$DATABASE_URL/);
      assert.match(script, /BRAINSTORE_WAL_URI=\$DATABASE_URL/);
      assert.match(script, /BRAINSTORE_REDIS_URI=\$REDIS_URL/);
      assert.match(script, /BRAINSTORE_CACHE_DIR=\/mnt\/tmp\/brainstore/);
      assert.match(script, /BRAINSTORE_LICENSE_KEY=\$LICENSE_KEY/);
      assert.match(script, /BRAINSTORE_CONTROL_PLANE_TELEMETRY=status,metrics,usage/);
      assert.match(script, /get-secret-value --secret-id/);
      // Only Terraform references may use ${ ... }: the shell parts must not look like interpolations
      // (escaped $${ is a literal, e.g. the CloudWatch agent's own ${aws:InstanceId}).
      const stripped = script.replace(/\$\{(aws_|data\.|var\.|local\.)[^}]*\}/g, '').replace(/\$\$\{/g, '');
      assert.ok(!stripped.includes('${') && !stripped.includes('%{'), 'no stray Terraform template syntax in the script');
    }
    assert.match(reader, /BRAINSTORE_READER_ONLY_MODE=true/);
    assert.match(writer, /BRAINSTORE_READER_ONLY_MODE=false/);
  });

  test('user data: object cache sized at 90% of the instance store; plan refuses types without NVMe', () => {
    const scripts = userDataScripts(prod.json);
    const locals = prod.json.locals as Record<string, string>;
    const types = prod.json.data!.aws_ec2_instance_type as Record<string, Body>;
    for (const [name, script] of scripts) {
      const m = /^BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE=\$\{local\.([A-Za-z0-9_]+)\}$/m.exec(script);
      assert.ok(m, `${name}: BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE from a local`);
      const size = /^\$\{floor\(\(coalesce\(data\.aws_ec2_instance_type\.([A-Za-z0-9_]+)\.total_instance_storage, 0\) \* 0\.9\)\)\}gb$/.exec(locals[m[1]]);
      assert.ok(size, `${name}: 90% of total_instance_storage, in gb (got ${locals[m[1]]})`);
      const type = types[size[1]];
      assert.equal(type.instance_type, name.endsWith('reader') ? 'c8gd.4xlarge' : 'c8gd.8xlarge');
      // Null (no instance store) gives the clear message, not an error about comparing null.
      assert.equal(type.lifecycle.postcondition[0].condition, '${coalesce(self.total_instance_storage, 0) > 0}');
      assert.match(type.lifecycle.postcondition[0].error_message, /no local NVMe instance storage[\s\S]*brainstore\.(readers|writers)\.instanceType/);
    }
    assert.equal(Object.keys(types).length, 2);
  });

  test('IAM: only its bucket, its secrets, the key, its logs, CWAgent metrics, and SSM core', () => {
    const policies = res(prod.json, 'aws_iam_role_policy').filter(([, b]) => b.name === 'brainstore');
    assert.equal(policies.length, 1);
    const doc = JSON.parse(String(policies[0][1].policy));
    // Wildcards only where the action takes no resource: metrics (conditioned on CWAgent) and DescribeTags.
    const wildcard = doc.Statement.filter((s: Body) => [s.Resource].flat().includes('*'));
    assert.deepEqual(wildcard.map((s: Body) => [s.Action].flat()).sort(), [['cloudwatch:PutMetricData'], ['ec2:DescribeTags']], 'no other wildcard resources');
    assert.deepEqual(wildcard.find((s: Body) => [s.Action].flat().includes('cloudwatch:PutMetricData')).Condition, { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } });
    const attachments = res(prod.json, 'aws_iam_role_policy_attachment').map(([, b]) => b.policy_arn);
    assert.ok(attachments.includes('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'));
  });

  test('telemetry setting reaches Brainstore', () => {
    const { json } = synth(productionInput({ telemetry: { enabled: false } }));
    for (const script of userDataScripts(json).values()) assert.match(script, /^BRAINSTORE_CONTROL_PLANE_TELEMETRY=$/m);
  });
});

describe('AWS stack: API', () => {
  test('APIHandler: node 22 on arm64, Braintrust build for the version, in the private subnets', () => {
    const fn = lambda(prod.json, '-APIHandler');
    assert.equal(fn.runtime, 'nodejs22.x');
    assert.deepEqual(fn.architectures, ['arm64']);
    assert.equal(fn.s3_bucket, 'braintrust-assets-us-east-1');
    assert.match(fn.s3_key, /data\.http\./);
    const pointer = Object.values(prod.json.data!.http).map((d: any) => d.url);
    assert.ok(pointer.includes('https://braintrust-assets-us-east-1.s3.us-east-1.amazonaws.com/lambda/APIHandler/version-v2.12.0'));
    assert.equal(fn.vpc_config.subnet_ids.length, 3);
    assert.equal(fn.vpc_config.security_group_ids.length, 1);
    assert.ok(res(prod.json, 'aws_cloudwatch_log_group').every(([, b]) => typeof b.retention_in_days === 'number'));
  });

  test('environment carries the config values and wiring, secrets only by ARN', () => {
    const env = apiEnv(prod.json);
    assert.equal(env.BRAINTRUST_APP_URL, 'https://www.braintrust.dev');
    assert.equal(env.BRAINTRUST_APP_PUBLIC_URL, 'https://www.braintrust.dev');
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '100');
    assert.equal(env.OUTBOUND_RATE_LIMIT_WINDOW_MINUTES, '1');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage');
    assert.equal(env.ORG_NAME, 'acme');
    assert.match(env.PG_HOST, /aws_db_instance\./);
    assert.match(env.REDIS_HOST, /aws_elasticache_replication_group\./);
    assert.match(env.RESPONSE_BUCKET, /aws_s3_bucket\./);
    assert.match(env.CODE_BUNDLE_BUCKET, /aws_s3_bucket\./);
    assert.match(env.BRAINSTORE_URL, /^http:\/\/\$\{aws_lb\..*:4000$/);
    assert.match(env.BRAINSTORE_WRITER_URL, /^http:\/\/\$\{aws_lb\..*:4000$/);
    assert.notEqual(env.BRAINSTORE_URL, env.BRAINSTORE_WRITER_URL);
    assert.match(env.DATABASE_SECRETS_ARN, /^\$\{aws_secretsmanager_secret\.[A-Za-z0-9_]+\.arn\}$/);
    assert.match(env.BRAINTRUST_SECRET_ENV, /PG_URL=\$\{aws_secretsmanager_secret\.[A-Za-z0-9_]+\.arn\}#url/);
    assert.equal(env.AWS_LAMBDA_EXEC_WRAPPER, '/opt/braintrust-secrets-env');
    assert.equal('PG_URL' in env, false, 'no connection string (with its password) in the function configuration');
    for (const value of Object.values(env)) assert.doesNotMatch(value, /random_password|var\./);
  });

  test('changing rate limits, URLs and telemetry in config changes the environment', () => {
    const { json } = synth(productionInput({
      rateLimit: { maxRequests: 250, windowMinutes: 5 },
      urls: { appUrl: 'https://braintrust.acme.internal', publicUrl: 'https://bt.acme.com' },
      telemetry: { enabled: true, logs: true, traces: true },
    }));
    const env = apiEnv(json);
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '250');
    assert.equal(env.OUTBOUND_RATE_LIMIT_WINDOW_MINUTES, '5');
    assert.equal(env.BRAINTRUST_APP_URL, 'https://braintrust.acme.internal');
    assert.equal(env.BRAINTRUST_APP_PUBLIC_URL, 'https://bt.acme.com');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage,logs,traces');
    const cors = res(json, 'aws_s3_bucket_cors_configuration').flatMap(([, b]) => b.cors_rule[0].allowed_origins);
    assert.ok(cors.includes('https://braintrust.acme.internal') && cors.includes('https://bt.acme.com'));
  });

  test('proxying the control plane points the app URL at this data plane, without a cycle', () => {
    const { json } = synth(productionInput({ urls: { appUrl: 'https://www.braintrust.dev', proxyControlPlane: true } }));
    const env = apiEnv(json);
    assert.match(env.BRAINTRUST_APP_URL, /^https:\/\/\$\{aws_cloudfront_distribution\.[A-Za-z0-9_]+\.domain_name\}$/);
    assert.equal(env.BRAINTRUST_APP_PUBLIC_URL, '');
    // The REST API names the handler by ARN string, not by reference: no Lambda -> CloudFront -> Lambda loop.
    const api = onlyResource(json, 'aws_api_gateway_rest_api') as Body;
    assert.doesNotMatch(String(api.body), /aws_lambda_(function|alias)\./);
    assert.match(String(api.body), /function:acme-prod-APIHandler:live/);
  });

  test('MigrateDatabase runs on every release before the API changes', () => {
    const migrate = lambda(prod.json, '-MigrateDatabaseFunction');
    assert.match(migrate.environment.variables.BRAINTRUST_SECRET_ENV, /^PG_URL=\$\{aws_secretsmanager_secret\./);
    const invocation = migration(prod.json);
    assert.match(invocation.function_name, /aws_lambda_function\.[A-Za-z0-9_]+\.function_name/);
    assert.equal(invocation.triggers.release, 'v2.12.0');
    assert.match(invocation.triggers.function_version, /\.version\}$/);
    const handler = lambda(prod.json, '-APIHandler');
    assert.ok(handler.depends_on.some((d: string) => d.startsWith('aws_lambda_invocation.')));
    const upgraded = synth(productionInput({ version: 'v2.13.0' }));
    assert.equal(migration(upgraded.json).triggers.release, 'v2.13.0');
  });

  test('front door: CloudFront -> API Gateway proxy -> live alias', () => {
    const cdn = onlyResource(prod.json, 'aws_cloudfront_distribution') as Body;
    assert.equal(cdn.origin[0].origin_path, '/api');
    assert.equal(cdn.default_cache_behavior.viewer_protocol_policy, 'redirect-to-https');
    const api = onlyResource(prod.json, 'aws_api_gateway_rest_api') as Body;
    assert.ok(JSON.parse(String(api.body)).paths['/{proxy+}']);
    // Bodies pass through as binary (OTLP protobuf, attachments), as in the official module.
    const spec = JSON.parse(String(api.body));
    assert.ok(spec['x-amazon-apigateway-binary-media-types'].includes('*/*'));
    assert.ok(spec['x-amazon-apigateway-binary-media-types'].includes('application/octet-stream'));
    const permissions = res(prod.json, 'aws_lambda_permission').filter(([, b]) => b.principal === 'apigateway.amazonaws.com');
    assert.equal(permissions.length, 1);
    assert.match(permissions[0][1].function_name, /aws_lambda_function\.api_api_handler_/);
    assert.equal(prod.json.output!.api_url.value, `https://\${${Object.keys(prod.json.resource!.aws_cloudfront_distribution).map((n) => `aws_cloudfront_distribution.${n}`)[0]}.domain_name}`);
  });
});

describe('AWS stack: AI proxy', () => {
  const aiProxyEnv = (json: TerraformJson): Record<string, string> => lambda(json, '-AIProxy').environment.variables;
  const only = (json: TerraformJson, type: string): [string, Body] => {
    const all = res(json, type);
    assert.equal(all.length, 1, `expected exactly one ${type}`);
    return all[0];
  };

  test('AIProxy: node 22 on arm64, max memory, 15 min, Braintrust build, the API role and subnets', () => {
    const fn = lambda(prod.json, '-AIProxy');
    const handler = lambda(prod.json, '-APIHandler');
    assert.equal(fn.function_name, 'acme-prod-AIProxy');
    assert.equal(fn.runtime, 'nodejs22.x');
    assert.deepEqual(fn.architectures, ['arm64']);
    assert.equal(fn.memory_size, 10240);
    assert.equal(fn.timeout, 900);
    assert.equal(fn.publish, true);
    assert.equal(fn.s3_bucket, 'braintrust-assets-us-east-1');
    assert.match(fn.s3_key, /data\.http\./);
    const pointers = Object.values(prod.json.data!.http).map((d: any) => d.url);
    assert.ok(pointers.includes('https://braintrust-assets-us-east-1.s3.us-east-1.amazonaws.com/lambda/AIProxy/version-v2.12.0'));
    assert.equal(fn.role, handler.role);
    assert.deepEqual(fn.layers, handler.layers, 'duckdb and the secrets layer');
    assert.deepEqual(fn.vpc_config, handler.vpc_config);
    assert.equal(fn.logging_config.log_group.startsWith('${aws_cloudwatch_log_group.'), true);
    assert.ok(fn.depends_on.some((d: string) => d.startsWith('aws_lambda_invocation.')), 'migrations first');
  });

  test('environment: the same config-derived values as the API, secrets only by ARN', () => {
    const env = aiProxyEnv(prod.json);
    const api = apiEnv(prod.json);
    for (const key of ['ORG_NAME', 'BRAINTRUST_APP_URL', 'BRAINTRUST_APP_PUBLIC_URL', 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS',
      'OUTBOUND_RATE_LIMIT_WINDOW_MINUTES', 'CONTROL_PLANE_TELEMETRY', 'BRAINSTORE_URL', 'BRAINSTORE_WRITER_URL',
      'REDIS_HOST', 'PG_HOST', 'RESPONSE_BUCKET', 'CODE_BUNDLE_BUCKET', 'BRAINTRUST_SECRET_ENV', 'AWS_LAMBDA_EXEC_WRAPPER']) {
      assert.equal(env[key], api[key], key);
    }
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '100');
    assert.match(env.BRAINTRUST_SECRET_ENV, /SERVICE_TOKEN_SECRET_KEY=\$\{aws_secretsmanager_secret\.[A-Za-z0-9_]+\.arn\}#/);
    assert.equal('PG_URL' in env, false);
    assert.equal('AI_PROXY_FN_URL' in env, false, 'APIHandler-only wiring stays off the proxy');
    for (const value of Object.values(env)) assert.doesNotMatch(value, /random_password|var\./);

    const { json } = synth(productionInput({
      rateLimit: { maxRequests: 250, windowMinutes: 5 },
      urls: { appUrl: 'https://braintrust.acme.internal', publicUrl: 'https://bt.acme.com' },
      telemetry: { enabled: false },
    }));
    const changed = aiProxyEnv(json);
    assert.equal(changed.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '250');
    assert.equal(changed.OUTBOUND_RATE_LIMIT_WINDOW_MINUTES, '5');
    assert.equal(changed.BRAINTRUST_APP_URL, 'https://braintrust.acme.internal');
    assert.equal(changed.BRAINTRUST_APP_PUBLIC_URL, 'https://bt.acme.com');
    assert.equal(changed.CONTROL_PLANE_TELEMETRY, '');
  });

  test('streaming function URL on the live alias, public invoke of that URL only', () => {
    const [urlName, url] = only(prod.json, 'aws_lambda_function_url');
    assert.equal(url.invoke_mode, 'RESPONSE_STREAM');
    assert.equal(url.authorization_type, 'NONE');
    assert.match(url.function_name, /^\$\{aws_lambda_function\.api_ai_proxy_[A-Za-z0-9]+\.function_name\}$/);
    assert.match(url.qualifier, /^\$\{aws_lambda_alias\.api_ai_proxy_live_[A-Za-z0-9]+\.name\}$/);
    assert.ok(url.cors.allow_headers.includes('x-bt-org-name'));
    const permission = res(prod.json, 'aws_lambda_permission').map(([, b]) => b).find((b) => b.action === 'lambda:InvokeFunctionUrl');
    assert.ok(permission);
    assert.equal(permission.function_url_auth_type, 'NONE');
    assert.equal(permission.qualifier, url.qualifier);
    // The URL is published in SSM (Brainstore reads it) and handed to the APIHandler.
    const [, parameter] = only(prod.json, 'aws_ssm_parameter');
    assert.equal(parameter.name, '/braintrust/acme-prod/ai-proxy-url');
    assert.equal(parameter.type, 'String');
    assert.equal(parameter.value, `\${aws_lambda_function_url.${urlName}.function_url}`);
    const api = apiEnv(prod.json);
    assert.equal(api.AI_PROXY_FN_URL, parameter.value);
    assert.match(api.AI_PROXY_FN_ARN, /^\$\{aws_lambda_function\.api_ai_proxy_[A-Za-z0-9]+\.arn\}$/);
    assert.match(api.AI_PROXY_INVOKE_ROLE, /^\$\{aws_iam_role\.[A-Za-z0-9_]+\.arn\}$/);
  });

  test('CloudFront sends the proxy, eval and function paths to the function URL, the rest to API Gateway', () => {
    for (const { json } of [prod, staging]) {
      const cdn = onlyResource(json, 'aws_cloudfront_distribution') as Body;
      const [urlName] = only(json, 'aws_lambda_function_url');
      const origin = cdn.origin.find((o: Body) => o.origin_id === 'AIProxyOrigin');
      assert.ok(origin, 'AIProxyOrigin');
      assert.equal(origin.domain_name, `\${trimsuffix(trimprefix(aws_lambda_function_url.${urlName}.function_url, "https://"), "/")}`);
      assert.equal(origin.custom_origin_config.origin_protocol_policy, 'https-only');
      assert.equal(origin.custom_origin_config.origin_read_timeout, 60);
      const behaviours = cdn.ordered_cache_behavior as Body[];
      assert.deepEqual(behaviours.map((b) => b.path_pattern), ['/v1/proxy', '/v1/proxy/*', '/v1/eval', '/v1/eval/*', '/v1/function/*/?*', '/function/*']);
      for (const b of behaviours) {
        assert.equal(b.target_origin_id, 'AIProxyOrigin');
        assert.ok(b.allowed_methods.includes('POST'));
        assert.equal(b.cache_policy_id, '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', 'caching disabled');
        assert.equal(b.origin_request_policy_id, 'b689b0a8-53d0-40ab-baf2-68738e2966ac', 'viewer Host never forwarded');
        assert.equal(b.viewer_protocol_policy, 'redirect-to-https');
      }
      assert.equal(cdn.default_cache_behavior.target_origin_id, 'APIGatewayOrigin');
    }
  });

  test('Brainstore gets BRAINSTORE_AI_PROXY_URL from the SSM parameter and boots only after it exists', () => {
    const [paramName] = only(prod.json, 'aws_ssm_parameter');
    for (const { json } of [prod, staging]) {
      const name = json === prod.json ? 'acme-prod' : 'acme-staging';
      for (const script of userDataScripts(json).values()) {
        assert.match(script, /^BRAINSTORE_AI_PROXY_URL=\$AI_PROXY_URL$/m);
        assert.ok(script.includes(`aws ssm get-parameter --name "/braintrust/${name}/ai-proxy-url"`));
        assert.match(script, /if \[ -z "\$AI_PROXY_URL" \]; then[\s\S]*?exit 1/, 'refuses to start without it');
        assert.ok(script.indexOf('AI_PROXY_URL=$(aws ssm') < script.indexOf('cat > /etc/brainstore.env'));
      }
    }
    for (const g of asgs(prod.json)) assert.ok(g.depends_on.includes(`aws_ssm_parameter.${paramName}`));
    const policy = res(prod.json, 'aws_iam_role_policy').find(([, b]) => b.name === 'brainstore')![1];
    const read = JSON.parse(String(policy.policy)).Statement.find((s: Body) => s.Action === 'ssm:GetParameter');
    assert.ok(read, 'instance role may read the parameter');
    assert.match(read.Resource, /^arn:aws:ssm:us-east-1:\$\{data\.aws_caller_identity\.[A-Za-z0-9_]+\.account_id\}:parameter\/braintrust\/acme-prod\/ai-proxy-url$/);
  });

  test('proxying the control plane: the AI proxy reaches the API through API Gateway, without a cycle', () => {
    const { json } = synth(productionInput({ urls: { appUrl: 'https://www.braintrust.dev', proxyControlPlane: true } }));
    const env = aiProxyEnv(json);
    // CloudFront depends on the function URL, so the proxy must not name CloudFront.
    assert.match(env.BRAINTRUST_APP_URL, /^\$\{aws_api_gateway_stage\.[A-Za-z0-9_]+\.invoke_url\}$/);
    for (const value of Object.values(env)) assert.doesNotMatch(value, /aws_cloudfront_distribution\./);
    assert.match(apiEnv(json).BRAINTRUST_APP_URL, /aws_cloudfront_distribution\./);
    assertReferencesResolve(json);
  });

  test('references resolve and nothing secret is written', () => {
    for (const { json } of [prod, staging]) {
      assertReferencesResolve(json);
      for (const s of allStrings(lambda(json, '-AIProxy'))) {
        assert.doesNotMatch(s, /postgres:\/\/[^:$]+:[^@$]+@|redis(s)?:\/\/[^@$]*:[^@$]+@/);
        assert.doesNotMatch(s, /random_password\./);
      }
      for (const s of allStrings(res(json, 'aws_ssm_parameter'))) assert.doesNotMatch(s, /random_password|secret_string|var\./);
    }
  });
});

describe('AWS stack: storage', () => {
  test('three private SSE-KMS buckets; versioned Brainstore; lifecycle like the module', () => {
    assert.equal(res(prod.json, 'aws_s3_bucket').length, 3);
    for (const [, enc] of res(prod.json, 'aws_s3_bucket_server_side_encryption_configuration')) {
      assert.equal(enc.rule[0].apply_server_side_encryption_by_default.sse_algorithm, 'aws:kms');
    }
    for (const [, block] of res(prod.json, 'aws_s3_bucket_public_access_block')) {
      assert.equal(block.block_public_acls && block.block_public_policy && block.ignore_public_acls && block.restrict_public_buckets, true);
    }
    assert.equal(res(prod.json, 'aws_s3_bucket_public_access_block').length, 3);
    // Every bucket is versioned (official module).
    const versioned = res(prod.json, 'aws_s3_bucket_versioning');
    assert.equal(versioned.length, 3);
    for (const [, v] of versioned) assert.equal(v.versioning_configuration.status, 'Enabled');
    // TLS only on every bucket.
    const policies = res(prod.json, 'aws_s3_bucket_policy');
    assert.equal(policies.length, 3);
    for (const [, p] of policies) {
      const st = JSON.parse(p.policy).Statement[0];
      assert.deepEqual([st.Sid, st.Effect, st.Principal, st.Action, st.Condition], ['DenyInsecureTransport', 'Deny', '*', 's3:*', { Bool: { 'aws:SecureTransport': 'false' } }]);
    }
    const rules = res(prod.json, 'aws_s3_bucket_lifecycle_configuration').flatMap(([, b]) => b.rule as Body[]);
    assert.ok(rules.some((r) => r.expiration?.[0]?.days === 1), 'responses expire after 1 day');
    assert.ok(rules.some((r) => r.noncurrent_version_expiration?.[0]?.noncurrent_days === 7), 'brainstore noncurrent versions expire');
    const responsesCors = res(prod.json, 'aws_s3_bucket_cors_configuration').find(([, b]) => (b.cors_rule[0].allowed_methods as string[]).join() === 'GET,HEAD');
    assert.deepEqual(responsesCors?.[1].cors_rule[0].allowed_origins, [
      'https://braintrust.dev',
      'https://*.braintrust.dev',
      'https://*.preview.braintrust.dev',
      'https://www.braintrust.dev',
    ]);
  });
});

describe('AWS stack: network', () => {
  test('new VPC: 3 private + 1 public subnet over several AZs, NAT, S3 endpoint', () => {
    assert.equal(mainRes(prod.json, 'aws_vpc').length, 1);
    assert.equal(mainRes(prod.json, 'aws_subnet').length, 4);
    const azs = new Set(mainRes(prod.json, 'aws_subnet').map(([, s]) => s.availability_zone));
    assert.ok(azs.size >= 3);
    assert.equal(mainRes(prod.json, 'aws_nat_gateway').length, 1);
    // Only regular AZs: an opted-in Local Zone can come first and offers little of what the subnets hold.
    const zones = Object.entries(prod.json.data!.aws_availability_zones).filter(([k]) => !k.startsWith('api_quarantine_')).map(([, z]) => z) as Body[];
    assert.equal(zones.length, 1);
    assert.deepEqual(zones[0].filter, [{ name: 'opt-in-status', values: ['opt-in-not-required'] }]);
    assert.equal((onlyResource(prod.json, 'aws_vpc_endpoint') as Body).service_name, 'com.amazonaws.us-east-1.s3');
    assert.deepEqual(subnetCidrs('10.175.0.0/21'), ['10.175.0.0/23', '10.175.2.0/23', '10.175.4.0/23', '10.175.6.0/23']);
  });

  test('least privilege: data stores only from named groups on their port, nothing open to the world', () => {
    const ingress = res(prod.json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r as Body);
    for (const rule of ingress) {
      assert.ok(rule.referenced_security_group_id, 'every ingress names its source group');
      assert.equal(rule.cidr_ipv4, undefined);
      assert.equal(rule.from_port, rule.to_port);
    }
    const ports = ingress.map((r) => r.from_port).sort();
    assert.deepEqual([...new Set(ports)], [4000, 5432, 6379]);
  });

  test('existing VPC: no VPC, subnets or NAT created; resources go into the given subnets', () => {
    const { json } = synth(productionInput({
      network: { existingVpcId: 'vpc-0123456789abcdef0', existingPrivateSubnetIds: ['subnet-0a0a0a0a', 'subnet-0b0b0b0b', 'subnet-0c0c0c0c'] },
    }));
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_internet_gateway', 'aws_eip']) {
      assert.equal(mainRes(json, type).length, 0, `${type} should not be created`);
    }
    assert.equal(json.output!.vpc_id.value, 'vpc-0123456789abcdef0');
    assert.deepEqual(lambda(json, '-APIHandler').vpc_config.subnet_ids, ['subnet-0a0a0a0a', 'subnet-0b0b0b0b', 'subnet-0c0c0c0c']);
    assertReferencesResolve(json);
  });

  test('existing VPC with fewer than 2 private subnets is refused with the field named', () => {
    assert.throws(
      // A config rule now (exit 2 before synth): the validation names the field.
      () => synth(productionInput({ network: { existingVpcId: 'vpc-0123456789abcdef0', existingPrivateSubnetIds: ['subnet-0a0a0a0a'] } })),
      (e: any) => /network\.existingPrivateSubnetIds: .*at least 2/.test([e.message, ...(e.details ?? [])].join('\n')),
    );
  });
});

describe('AWS stack: secrets', () => {
  test('no literal password, token or key anywhere in the JSON', () => {
    for (const { json } of [prod, staging]) {
      for (const type of ['aws_db_instance', 'aws_elasticache_replication_group']) {
        for (const [, body] of res(json, type)) {
          for (const key of ['password', 'auth_token']) {
            if (key in body) assert.match(String(body[key]), /^\$\{random_password\.[A-Za-z0-9_]+\.result\}$/);
          }
        }
      }
      for (const [, body] of res(json, 'aws_secretsmanager_secret_version')) {
        assert.match(String(body.secret_string), /^\$\{jsonencode\(/);
        assert.doesNotMatch(String(body.secret_string), /"(password|auth_token|license_key)"\s*[:=]\s*"[^$]/);
      }
      for (const s of allStrings(json)) {
        assert.doesNotMatch(s, /postgres:\/\/[^:$]+:[^@$]+@/, 'no connection string with an inline password');
      }
    }
  });

  test('outputs name secrets by ARN and never carry values', () => {
    for (const { json } of [prod, staging]) {
      for (const [name, out] of Object.entries(json.output!)) {
        assert.doesNotMatch(JSON.stringify(out.value), /random_password|var\.|secret_string/, `output ${name}`);
      }
    }
  });

  test('license key: sensitive nullable variable, stored in Secrets Manager, or an existing secret', () => {
    const variable = prod.json.variable![LICENSE_KEY_VARIABLE];
    assert.equal(variable.sensitive, true);
    assert.equal(variable.type, 'string');
    assert.equal(variable.nullable, true);
    assert.equal(variable.default, null);
    const licenseValue = res(prod.json, 'aws_secretsmanager_secret_version').find(([, b]) =>
      String(b.secret_string).includes(`var.${LICENSE_KEY_VARIABLE}`),
    );
    assert.ok(licenseValue, 'the variable is written to a secret');
    assert.ok((licenseValue[1] as Body).lifecycle.precondition.length === 1, 'apply stops without a key');

    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:brainstore-license-AbCdEf';
    const { json } = synth(productionInput({ secrets: { brainstoreLicenseKey: { secretRef: arn } } }));
    assert.equal(json.variable?.[LICENSE_KEY_VARIABLE], undefined);
    const existing = Object.values(json.data!.aws_secretsmanager_secret) as Body[];
    assert.deepEqual(existing.map((d) => d.arn), [arn]);
    assertReferencesResolve(json);
  });
});

describe('AWS stack: outputs, support access, backend, provider', () => {
  test('every output of the contract is present', () => {
    for (const { json } of [prod, staging]) {
      for (const name of OUTPUT_NAMES) assert.ok(json.output?.[name], `output ${name}`);
      assert.equal(json.output?.[SUPPORT_ROLE_OUTPUT], undefined, 'no support role without grants');
    }
    assert.equal(prod.json.output!.region.value, 'us-east-1');
    // Testing runs one combined node: both ASG outputs name it.
    assert.equal(staging.json.output!.brainstore_reader_asg.value, staging.json.output!.brainstore_writer_asg.value);
  });

  test('references resolve', () => {
    assertReferencesResolve(prod.json);
    assertReferencesResolve(staging.json);
  });

  test('remote access: role for Braintrust support, expiring with the latest grant', () => {
    const { json } = synth(productionInput({
      remoteAccess: {
        grants: [
          { reason: 'ticket 1', grantedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-03-02T00:00:00Z' },
          { reason: 'ticket 2', grantedAt: '2026-03-05T00:00:00Z', expiresAt: '2026-03-08T12:00:00Z' },
        ],
      },
    }));
    const support = res(json, 'aws_iam_role').find(([, b]) => b.name === 'acme-prod-braintrust-support');
    assert.ok(support);
    const trust = JSON.parse(String(support[1].assume_role_policy));
    assert.equal(trust.Statement.length, 1);
    assert.equal(trust.Statement[0].Principal.AWS, 'arn:aws:iam::872608195481:root');
    assert.equal(trust.Statement[0].Condition.DateLessThan['aws:CurrentTime'], '2026-03-08T12:00:00Z');
    const policy = res(json, 'aws_iam_role_policy').find(([, b]) => b.name === 'braintrust-support')!;
    const text = String(policy[1].policy);
    assert.match(text, /ssm:StartSession/);
    assert.match(text, /AWS-StartPortForwardingSessionToRemoteHost/);
    assert.match(text, /aws_instance\.[A-Za-z0-9_]+\.arn/);
    assert.match(text, /secretsmanager:GetSecretValue/);
    // Support can read this deployment's logs, and only those log groups.
    const logs = JSON.parse(text).Statement.find((st: Body) => st.Sid === 'ReadDeploymentLogs');
    assert.ok(logs.Action.includes('logs:FilterLogEvents') && logs.Action.includes('logs:StartQuery'));
    assert.deepEqual(logs.Resource.map((r: string) => r.replace(/^.*:log-group:/, '')), ['/braintrust/acme-prod/*', '/braintrust/acme-prod/*:*']);
    assert.ok(json.output![SUPPORT_ROLE_OUTPUT]);
    assertReferencesResolve(json);
  });

  test('bastion: small Graviton instance, private subnet, SSM only', () => {
    const bastion = onlyResource(prod.json, 'aws_instance') as Body;
    assert.match(bastion.instance_type, /^t4g\./);
    assert.equal(bastion.associate_public_ip_address, false);
    assert.equal(bastion.root_block_device.encrypted, true);
    assert.equal(bastion.metadata_options.http_tokens, 'required');
  });

  test('backend: s3 with native locking and encryption; dynamodb when named; local by default', () => {
    assert.deepEqual((prod.json.terraform as Body).backend.s3, {
      bucket: 'acme-tfstate',
      key: 'braintrust/terraform.tfstate',
      region: 'us-east-1',
      encrypt: true,
      use_lockfile: true,
    });
    const legacy = synth(productionInput({ state: { backend: 's3', bucket: 'b-tf', dynamodbTable: 'locks' } }));
    const s3 = (legacy.json.terraform as Body).backend.s3;
    assert.equal(s3.dynamodb_table, 'locks');
    assert.equal(s3.use_lockfile, undefined);
    assert.deepEqual((staging.json.terraform as Body).backend.local, { path: 'terraform.tfstate' });
  });

  test('provider: region and default tags from config', () => {
    const aws = (prod.json.provider as Body).aws[0];
    assert.equal(aws.region, 'us-east-1');
    assert.equal(aws.default_tags[0].tags.BraintrustDeploymentName, 'acme-prod');
    assert.equal(aws.default_tags[0].tags.BraintrustTier, 'production');
  });

  test('KMS key with rotation encrypts the data stores', () => {
    const key = onlyResource(prod.json, 'aws_kms_key') as Body;
    assert.equal(key.enable_key_rotation, true);
    // KMS refuses a policy naming a principal that does not exist: the Auto Scaling
    // service-linked role (absent in a new account until the first ASG) is matched by
    // aws:PrincipalArn, never named as Principal.
    const statements = JSON.parse(String(key.policy)).Statement as Body[];
    const slr = /^arn:aws:iam::\$\{data\.aws_caller_identity\.[A-Za-z0-9_]+\.account_id\}:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/;
    for (const st of statements) {
      for (const p of [st.Principal?.AWS].flat().filter(Boolean)) {
        assert.ok(p === '*' || /:root$/.test(p), `principal ${p} must exist before the key: only the account root or a condition-scoped *`);
        if (p === '*') assert.match(st.Condition.ArnEquals['aws:PrincipalArn'], slr, `${st.Sid}: * is scoped to the Auto Scaling role`);
      }
    }
    const asg = statements.filter((st) => st.Principal?.AWS === '*');
    assert.deepEqual(asg.map((st) => st.Sid).sort(), ['AutoScalingGrants', 'AutoScalingUse']);
    const grants = asg.find((st) => st.Sid === 'AutoScalingGrants')!;
    assert.equal(grants.Action, 'kms:CreateGrant');
    assert.equal(grants.Condition.Bool['kms:GrantIsForAWSResource'], true);
    assert.match(String(prod.json.output!.kms_key_arn.value), /aws_kms_key\./);
  });
});

describe('AWS stack: names within AWS limits', () => {
  test('a region without Braintrust Lambda builds is refused with the allowed list', () => {
    // Config validation refuses it first (test/unit/config-aws-region.test.ts); the stack keeps the check as an invariant.
    assert.throws(() => synth(productionInput({ region: 'ap-east-1' })), /config is invalid/);
    const valid = validateConfig(productionInput());
    assert.throws(() => buildStack(Testing.app(), { ...valid, region: 'ap-east-1' }), /region: ap-east-1 is not allowed[\s\S]*eu-central-1/);
    // The official module's list: e.g. eu-central-1 is supported.
    assert.doesNotThrow(() => synth(productionInput({ region: 'eu-central-1' })));
  });

  test('an 18-character deployment name (the longest allowed) fits every length-limited name', () => {
    const name = 'a2345678901234567z';
    assert.equal(name.length, 18);
    const { json } = synth(productionInput({ name }));
    for (const [, b] of res(json, 'aws_s3_bucket')) assert.ok(String(b.bucket_prefix).length <= 37, `bucket_prefix ${b.bucket_prefix}`);
    for (const [, b] of res(json, 'aws_lb')) assert.ok(String(b.name).length <= 32, `lb ${b.name}`);
    for (const [, b] of res(json, 'aws_lb_target_group')) assert.ok(String(b.name).length <= 32, `target group ${b.name}`);
    assert.ok(String((onlyResource(json, 'aws_elasticache_replication_group') as Body).replication_group_id).length <= 40);
    for (const [, b] of res(json, 'aws_iam_role')) assert.ok(String(b.name).length <= 64, `role ${b.name}`);
    for (const [, b] of res(json, 'aws_lambda_function')) assert.ok(String(b.function_name).length <= 64);
    assertReferencesResolve(json);
  });
});

describe('AWS stack: secrets layer archive', () => {
  test('crc32 and zip structure', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    const zip = buildZip([{ path: 'a.txt', content: 'hello' }]);
    assert.equal(zip.readUInt32LE(0), 0x04034b50);
    assert.equal(zip.readUInt32LE(zip.length - 22), 0x06054b50);
    assert.deepEqual(buildZip([{ path: 'a.txt', content: 'hello' }]), zip, 'deterministic');
  });
});

// Performance rule (DESIGN.md): provider packages are imported by deep path only.
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'stacks'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

test('no file under src/ or stacks/ imports a @cdktf provider package root', () => {
  const root = repoRoot();
  const files = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'stacks'))];
  assert.ok(files.length > 0);
  const rootImport = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]@cdktf\/provider-[a-z]+['"]/;
  const offenders = files.filter((f) => rootImport.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, [], 'import providers by deep path, e.g. @cdktf/provider-aws/lib/db-instance/index.js');
});
