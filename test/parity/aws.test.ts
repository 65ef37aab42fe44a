// Parity with the official AWS module (test/parity/aws-v6.6.0.json): a production and a testing
// synth are compared with the reviewed facts (environment variable names per function and per
// Brainstore role, IAM actions per role, Lambda permissions, schedules, CORS headers, bucket
// policies). Every mismatch must be a listed difference with its reason; a listed difference
// that no longer occurs fails too, so the list stays true.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TerraformJson } from '../../stacks/synth.js';
import { awsProductionInput, awsTestingInput, brainstoreEnvFromScript, res, synthAws, userDataScripts, type Body } from './aws-fixtures.js';
import { NEW_INSTALL_BRAINSTORE, officialShapeProductionInput, synthOfficialShapeProduction } from './aws-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
// The JSON is not compiled: read it from the source tree (dist/test/parity -> test/parity).
const FACTS = JSON.parse(readFileSync(join(here, '..', '..', '..', 'test', 'parity', 'aws-v6.6.0.json'), 'utf8'));

interface Difference {
  key: string;
  tiers?: ('production' | 'testing')[];
  reason: string;
}
const DIFFERENCES: Difference[] = FACTS.differences;

/** `*` matches any run of characters. */
function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Actions a managed policy stands for (the parts the comparison needs). */
const MANAGED: Record<string, string[]> = {
  AWSLambdaVPCAccessExecutionRole: ['managed:AWSLambdaVPCAccessExecutionRole', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  AmazonSSMManagedInstanceCore: ['managed:AmazonSSMManagedInstanceCore'],
};

// ---- What our stack has, read from the synthesized JSON.

function functionEnv(json: TerraformJson, fn: string): string[] | undefined {
  const found = res(json, 'aws_lambda_function').find(([, b]) => String(b.function_name).endsWith(`-${fn}`));
  if (!found) return undefined;
  const vars: Record<string, string> = found[1].environment?.variables ?? {};
  // Secrets arrive through the secrets layer: BRAINTRUST_SECRET_ENV lists NAME=<arn>#<key>.
  const secretNames = [...String(vars.BRAINTRUST_SECRET_ENV ?? '').matchAll(/(?:^|,)([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]);
  return [...new Set([...Object.keys(vars), ...secretNames])].sort();
}

function functionKey(json: TerraformJson, fn: string): string | undefined {
  return res(json, 'aws_lambda_function').find(([, b]) => String(b.function_name).endsWith(`-${fn}`))?.[0];
}

function permissionsOf(json: TerraformJson, fn: string): Body[] {
  const key = functionKey(json, fn);
  return res(json, 'aws_lambda_permission').map(([, b]) => b).filter((b) => String(b.function_name).includes(`aws_lambda_function.${key}.`));
}

function scheduleOf(json: TerraformJson, fn: string): string | undefined {
  const key = functionKey(json, fn);
  const target = res(json, 'aws_cloudwatch_event_target').find(([, b]) => String(b.arn).includes(`aws_lambda_function.${key}.`));
  if (!target) return undefined;
  const rule = /aws_cloudwatch_event_rule\.([A-Za-z0-9_]+)\./.exec(String(target[1].rule));
  return rule ? (json.resource!.aws_cloudwatch_event_rule[rule[1]] as Body).schedule_expression : undefined;
}

const ROLE_NAMES: Record<string, string> = {
  api: 'api-handler',
  brainstore: 'brainstore',
  scheduled: 'scheduled',
  quarantineInvoke: 'QuarantineInvokeRole',
  quarantineFunction: 'QuarantineFunctionRole',
  aiProxyInvoke: 'AIProxyInvokeRole',
};

function roleActions(json: TerraformJson, deployment: string, role: string): string[] | undefined {
  const found = res(json, 'aws_iam_role').find(([, b]) => b.name === `${deployment}-${ROLE_NAMES[role]}`);
  if (!found) return undefined;
  const ref = `aws_iam_role.${found[0]}.`;
  const actions = new Set<string>();
  for (const [, p] of res(json, 'aws_iam_role_policy')) {
    if (!String(p.role).includes(ref)) continue;
    for (const st of JSON.parse(p.policy).Statement) if (st.Effect === 'Allow') for (const a of [st.Action].flat()) actions.add(a);
  }
  for (const [, a] of res(json, 'aws_iam_role_policy_attachment')) {
    if (!String(a.role).includes(ref)) continue;
    const tail = String(a.policy_arn).split('/').pop()!;
    for (const x of MANAGED[tail] ?? [`managed:${tail}`]) actions.add(x);
  }
  return [...actions].sort();
}

function brainstoreRoles(json: TerraformJson, deployment: string): Map<string, Record<string, string>> {
  const roles = new Map<string, Record<string, string>>();
  for (const [name, script] of userDataScripts(json)) {
    const role = name === `${deployment}-brainstore` ? 'combined' : name.slice(`${deployment}-brainstore-`.length);
    roles.set(role, brainstoreEnvFromScript(script));
  }
  return roles;
}

// ---- The comparison: mismatches as difference keys.

function compareSets(prefix: string, official: string[], ours: string[], covers = (o: string, a: string) => o === a): string[] {
  const out: string[] = [];
  for (const o of official) if (!ours.some((a) => covers(o, a))) out.push(`${prefix}:-${o}`);
  for (const a of ours) if (!official.some((o) => covers(o, a))) out.push(`${prefix}:+${a}`);
  return out;
}

const iamCovers = (o: string, a: string) => glob(o).test(a) || glob(a).test(o);

function mismatches(json: TerraformJson, deployment: string): string[] {
  const out: string[] = [];
  for (const [fn, spec] of Object.entries<Body>(FACTS.functions)) {
    const env = functionEnv(json, fn);
    if (!env) {
      out.push(`function:${fn}:missing`);
      continue;
    }
    out.push(...compareSets(`env:${fn}`, spec.env, env));
    const perms = permissionsOf(json, fn);
    for (const want of spec.permissions as Body[]) {
      const ok = perms.some((p) => Object.entries(want).every(([k, v]) => p[k] === v));
      if (!ok) out.push(`permission:${fn}:-${want.action}:${want.principal}`);
    }
    if (spec.schedule && scheduleOf(json, fn) !== spec.schedule) out.push(`schedule:${fn}:${scheduleOf(json, fn) ?? 'none'}`);
  }

  const roles = brainstoreRoles(json, deployment);
  const official = FACTS.brainstore.roles as Record<string, Body>;
  // Testing runs one combined node: it reads and writes, so it is held to the writer's list.
  const pairs: [string, string][] = roles.has('combined') ? [['combined', 'writer']] : Object.keys(official).map((r) => [r, r]);
  if (roles.has('combined')) out.push('brainstore-roles:combined');
  for (const [ours, theirs] of pairs) {
    const env = roles.get(ours);
    if (!env) {
      out.push(`brainstore-role:${ours}:missing`);
      continue;
    }
    out.push(...compareSets(`brainstore-env:${ours}`, official[theirs].env, Object.keys(env).sort()));
    for (const [k, v] of Object.entries<string>(official[theirs].values)) if (env[k] !== v) out.push(`brainstore-value:${ours}:${k}=${env[k] ?? '(unset)'}`);
  }
  for (const [, asg] of res(json, 'aws_autoscaling_group')) {
    if (asg.health_check_type !== FACTS.brainstore.asgHealthCheckType) out.push(`asg-health-check:${asg.health_check_type}`);
  }

  for (const [role, spec] of Object.entries<Body>(FACTS.iam)) {
    const actions = roleActions(json, deployment, role);
    if (!actions) {
      out.push(`iam:${role}:missing`);
      continue;
    }
    const official = (spec.actions as string[]).flatMap((a) => (a.startsWith('managed:') ? MANAGED[a.slice(8)] ?? [a] : [a]));
    out.push(...compareSets(`iam:${role}`, official, actions, iamCovers));
  }

  const url = Object.values(json.resource!.aws_lambda_function_url)[0] as Body;
  out.push(...compareSets('cors:ai-proxy:allow', FACTS.cors.aiProxy.allowHeaders, url.cors.allow_headers));
  out.push(...compareSets('cors:ai-proxy:expose', FACTS.cors.aiProxy.exposeHeaders, url.cors.expose_headers));
  for (const [, c] of res(json, 'aws_s3_bucket_cors_configuration')) {
    for (const o of FACTS.cors.bucketOrigins.origins) if (!(c.cors_rule[0].allowed_origins as string[]).includes(o)) out.push(`cors:bucket:-${o}`);
  }

  const bucketKey = (suffix: string) => res(json, 'aws_s3_bucket').find(([, b]) => String(b.bucket_prefix) === `${deployment}-${suffix}-`)?.[0];
  for (const b of FACTS.bucketPolicies.buckets as string[]) {
    const key = bucketKey(b);
    const policy = res(json, 'aws_s3_bucket_policy').find(([, p]) => String(p.bucket).includes(`aws_s3_bucket.${key}.`));
    const sids = policy ? JSON.parse(policy[1].policy).Statement.map((s: Body) => s.Sid) : [];
    if (!sids.includes(FACTS.bucketPolicies.statement)) out.push(`bucket-policy:${b}:-${FACTS.bucketPolicies.statement}`);
  }
  for (const b of FACTS.versionedBuckets as string[]) {
    const key = bucketKey(b);
    if (!res(json, 'aws_s3_bucket_versioning').some(([, v]) => String(v.bucket).includes(`aws_s3_bucket.${key}.`))) out.push(`bucket-versioning:${b}:-`);
  }

  const aws = (json.terraform as Body).required_providers.aws.version;
  if (aws !== FACTS.providerConstraint.aws) out.push(`provider:aws:${aws}`);
  return [...new Set(out)].sort();
}

/**
 * The ECS services of an api.runtime: ecs synth (official modules/api-ecs): per service, the
 * environment names, the secrets by reference, and the values the official module fixes.
 */
function ecsMismatches(json: TerraformJson, deployment: string): string[] {
  const out: string[] = [];
  const spec = FACTS.ecsServices as Body;
  const tasks = res(json, 'aws_ecs_task_definition').map(([, b]) => b);
  for (const service of spec.services as string[]) {
    const task = tasks.find((t) => t.family === `${deployment}-${service}`);
    if (!task) {
      out.push(`ecs-service:${service}:missing`);
      continue;
    }
    const [container] = JSON.parse(String(task.container_definitions)) as Body[];
    const env: Record<string, string> = Object.fromEntries((container.environment as Body[]).map((e) => [e.name, e.value]));
    const secrets = ((container.secrets ?? []) as Body[]).map((x) => String(x.name)).sort();
    for (const name of secrets) if (name in env) out.push(`ecs-secret:${service}:plain:${name}`);
    out.push(...compareSets(`ecs-secret:${service}`, spec.secrets, secrets));
    out.push(...compareSets(`ecs-env:${service}`, spec.env, Object.keys(env).sort()));
    for (const [k, v] of Object.entries<string>(spec.values)) if (k in env && env[k] !== v) out.push(`ecs-value:${service}:${k}=${env[k]}`);
    if (env.CLOUDWATCH_METRICS_SERVICE_NAME !== service) out.push(`ecs-value:${service}:CLOUDWATCH_METRICS_SERVICE_NAME=${env.CLOUDWATCH_METRICS_SERVICE_NAME}`);
  }
  return out;
}

function check(tier: 'production' | 'testing', json: TerraformJson, deployment: string, ecsJson: TerraformJson): void {
  const found = [...new Set([...mismatches(json, deployment), ...ecsMismatches(ecsJson, deployment)])].sort();
  const applies = DIFFERENCES.filter((d) => !d.tiers || d.tiers.includes(tier));
  const explained = (k: string) => applies.find((d) => glob(d.key).test(k));
  const unexplained = found.filter((k) => !explained(k));
  const stale = applies.filter((d) => !found.some((k) => glob(d.key).test(k)));
  const report = [
    ...unexplained.map((k) => `  unexplained: ${k}`),
    ...stale.map((d) => `  listed but not found (remove it from differences): ${d.key}`),
    '',
    'Deliberate differences (test/parity/aws-v6.6.0.json):',
    ...applies.map((d) => `  ${d.key}: ${d.reason}`),
  ].join('\n');
  assert.ok(unexplained.length === 0 && stale.length === 0, `${tier}: the stack differs from the official module v6.6.0\n${report}`);
}

describe('parity with terraform-aws-braintrust-data-plane v6.6.0', () => {
  // New-install settings, as `init` writes them.
  const prod = synthOfficialShapeProduction();
  const staging = synthAws(awsTestingInput({ brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' }, ...NEW_INSTALL_BRAINSTORE } } as never));
  // The same deployments with the API on ECS (what `init` writes for new installs).
  const onEcs = (input: ReturnType<typeof awsProductionInput>) => synthAws({ ...input, api: { ...input.api, runtime: 'ecs' } } as never);
  const prodEcs = onEcs(officialShapeProductionInput());
  const stagingEcs = onEcs(awsTestingInput({ brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' }, ...NEW_INSTALL_BRAINSTORE } } as never));

  test('production synth: no unexplained difference', () => check('production', prod.json, prod.config.name, prodEcs.json));
  test('testing synth: no unexplained difference', () => check('testing', staging.json, staging.config.name, stagingEcs.json));

  test('every difference has a reason', () => {
    for (const d of DIFFERENCES) assert.ok(d.reason && d.reason.length > 20, `difference ${d.key} needs a reason`);
  });
});
