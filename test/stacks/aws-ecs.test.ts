// The AWS stack with the API on ECS Fargate (api.runtime ecs), for both tiers, and the two
// migration states (ECS standby behind Lambda; Lambda standby behind ECS): the services, the
// official path rules, autoscaling, the CloudFront VPC origin, secrets by reference only, and
// no public load balancer.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktf';
import { validateConfig } from '../../src/config/load.js';
import { apiRuntimeWarnings, ecsSettings } from '../../src/config/api-runtime.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { checkSizing } from '../../src/sizing/check.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/aws/index.js';
import { apiEnvironment } from '../../stacks/common/api-env.js';
import { ALB_IDLE_TIMEOUT } from '../../stacks/aws/api-ecs-alb.js';
import { assertReferencesResolve, resourcesOf } from '../helpers/terraform-json.js';
import { artifactChanges, type SynthTree } from '../../src/upgrade/artifacts.js';

type Body = Record<string, any>;

function input(tier: 'production' | 'testing', edit: (c: ConfigInput) => void = () => {}): ConfigInput {
  const c = exampleConfig('aws', tier, { name: tier === 'production' ? 'acme-prod' : 'acme-stg', org: 'acme', region: 'us-east-1' });
  edit(c);
  return c;
}

function synth(c: ConfigInput): { json: TerraformJson; config: Config } {
  const config = validateConfig(c);
  return { json: JSON.parse(Testing.synth(buildStack(Testing.app(), config), true)) as TerraformJson, config };
}

const res = (json: TerraformJson, type: string) => resourcesOf(json, type) as [string, Body][];
const bodies = (json: TerraformJson, type: string) => res(json, type).map(([, b]) => b);
const containers = (task: Body) => JSON.parse(task.container_definitions as string) as Body[];
const fn = (json: TerraformJson, suffix: string) => bodies(json, 'aws_lambda_function').find((b) => String(b.function_name).endsWith(suffix));

const prod = synth(input('production'));
const staging = synth(input('testing'));
/** Phase 1 of the migration: both runtimes, traffic on Lambda. */
const phase1 = synth(input('production', (c) => { c.api.runtime = 'lambda'; c.api.standbyRuntime = 'ecs'; }));
/** Phase 2: traffic on ECS, Lambda kept for a one-apply rollback. */
const phase2 = synth(input('production', (c) => { c.api.standbyRuntime = 'lambda'; }));
/** A config written before ECS: no runtime field. */
const legacy = synth(input('production', (c) => { delete c.api.runtime; delete c.api.ecs; }));

describe('AWS API on ECS Fargate', () => {
  test('every reference resolves in every runtime state', () => {
    for (const s of [prod, staging, phase1, phase2, legacy]) assertReferencesResolve(s.json);
  });

  test('three ARM64 Fargate services from the standalone-api image, sized from api.ecs, with a rolling-back circuit breaker', () => {
    for (const { json, config } of [prod, staging]) {
      const settings = ecsSettings(config);
      const services = bodies(json, 'aws_ecs_service');
      assert.deepEqual(services.map((s) => s.name).sort(), ['braintrust-api', 'braintrust-api-background', 'braintrust-api-ingest'].map((n) => `${config.name}-${n}`));
      const tasks = bodies(json, 'aws_ecs_task_definition');
      assert.equal(tasks.length, 3);
      for (const [key, svc] of [['api', 'braintrust-api'], ['ingest', 'braintrust-api-ingest'], ['background', 'braintrust-api-background']] as const) {
        const s = services.find((b) => b.name === `${config.name}-${svc}`)!;
        const task = tasks.find((t) => t.family === `${config.name}-${svc}`)!;
        assert.deepEqual(task.runtime_platform, { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' });
        assert.deepEqual(task.requires_compatibilities, ['FARGATE']);
        assert.equal(task.cpu, String(settings[key].cpu * 1024));
        assert.equal(task.memory, String(settings[key].memoryMiB));
        assert.equal(containers(task)[0].image, 'public.ecr.aws/braintrust/standalone-api:v2.12.0');
        assert.equal(s.desired_count, settings[key].min);
        assert.equal(s.launch_type, 'FARGATE');
        assert.deepEqual(s.deployment_circuit_breaker, { enable: true, rollback: true });
        assert.equal(s.network_configuration.assign_public_ip, false);
        assert.deepEqual(s.lifecycle.ignore_changes, ['desired_count']);
        // The new release's tasks start after the schema migration.
        assert.ok((s.depends_on as string[]).some((d) => d.includes('aws_lambda_invocation')), `${svc} waits for the migration`);
      }
    }
    // Official defaults where the seed allows them, per tier.
    assert.deepEqual(ecsSettings(prod.config).ingest, { cpu: 2, memoryMiB: 8192, min: 6, max: 100 });
    assert.deepEqual(ecsSettings(staging.config).api, { cpu: 1, memoryMiB: 4096, min: 1, max: 10 });
  });

  test('internal ALB with the official idle timeout and path rules, in order; no public load balancer', () => {
    const { json } = prod;
    for (const lb of bodies(json, 'aws_lb')) assert.equal(lb.internal, true, `${lb.name} must be internal`);
    const alb = bodies(json, 'aws_lb').find((b) => b.load_balancer_type === 'application')!;
    assert.equal(alb.idle_timeout, ALB_IDLE_TIMEOUT);
    assert.equal(ALB_IDLE_TIMEOUT, 900);
    const tgName = (ref: string) => res(json, 'aws_lb_target_group').find(([n]) => ref.includes(`aws_lb_target_group.${n}.`))![1].name;
    const listener = bodies(json, 'aws_lb_listener')[0];
    assert.equal(listener.protocol, 'HTTP');
    assert.equal(tgName(listener.default_action[0].target_group_arn), 'acme-prod-api');
    const rules = bodies(json, 'aws_lb_listener_rule').sort((a, b) => a.priority - b.priority).map((r) => ({
      priority: r.priority,
      path: r.condition.find((c: Body) => c.path_pattern).path_pattern.values[0],
      method: r.condition.find((c: Body) => c.http_request_method)?.http_request_method.values[0],
      target: tgName(r.action[0].forward.target_group[0].arn),
    }));
    const I = 'acme-prod-ingest', B = 'acme-prod-bg';
    assert.deepEqual(rules.map((r) => [r.priority, r.path, r.method, r.target]), [
      [1, '/logs3', 'POST', I], [2, '/otel/v1/*', 'POST', I], [3, '/attachment', 'POST', I], [4, '/attachment/status', 'POST', I],
      [5, '/v1/eval', 'POST', B], [6, '/v1/eval/*', 'POST', B], [7, '/function/eval', 'POST', B], [8, '/function/sandbox', 'POST', B],
      [9, '/function/use', 'POST', B], [10, '/function/invoke-async-batch', 'POST', B], [11, '/function/insert-functions', 'POST', B],
      [12, '/automation/logs/trigger', 'POST', B], [13, '/v1/proxy/chat/completions', undefined, B], [14, '/v1/proxy/responses', undefined, B],
      [15, '/logs3/overflow', 'POST', I],
    ]);
    // The ALB accepts CloudFront's origin-facing prefix list and named security groups only, never a CIDR.
    const albSgRules = bodies(json, 'aws_vpc_security_group_ingress_rule').filter((r) => String(r.security_group_id).includes('api_ecs_alb'));
    assert.ok(albSgRules.some((r) => String(r.prefix_list_id).includes('cloudfront_origin_facing')));
    for (const r of albSgRules) assert.equal(r.cidr_ipv4, undefined);
  });

  test('autoscaling per service: CPU 50% and event-loop utilisation 40% target tracking, event-loop delay steps on an alarm', () => {
    const { json, config } = prod;
    const targets = bodies(json, 'aws_appautoscaling_target');
    assert.equal(targets.length, 3);
    const settings = ecsSettings(config);
    assert.deepEqual(targets.map((t) => [t.min_capacity, t.max_capacity]).sort(), [settings.api, settings.background, settings.ingest].map((s) => [s.min, s.max]).sort());
    const policies = bodies(json, 'aws_appautoscaling_policy');
    assert.equal(policies.length, 9);
    const cpu = policies.filter((p) => p.target_tracking_scaling_policy_configuration?.predefined_metric_specification);
    assert.deepEqual(cpu.map((p) => p.target_tracking_scaling_policy_configuration.target_value), [50, 50, 50]);
    const elu = policies.filter((p) => p.target_tracking_scaling_policy_configuration?.customized_metric_specification);
    assert.equal(elu.length, 3);
    for (const p of elu) {
      const m = p.target_tracking_scaling_policy_configuration.customized_metric_specification;
      assert.equal(m.metric_name, 'EventLoopUtilizationPercent');
      assert.equal(m.namespace, 'Braintrust/Api');
      assert.equal(p.target_tracking_scaling_policy_configuration.target_value, 40);
    }
    const api = policies.find((p) => p.name === 'acme-prod-braintrust-api-event-loop-delay-step')!;
    assert.deepEqual(api.step_scaling_policy_configuration.step_adjustment, [
      { metric_interval_lower_bound: '0', metric_interval_upper_bound: '20', scaling_adjustment: 10 },
      { metric_interval_lower_bound: '20', metric_interval_upper_bound: '100', scaling_adjustment: 25 },
      { metric_interval_lower_bound: '100', scaling_adjustment: 50 },
    ]);
    const alarms = bodies(json, 'aws_cloudwatch_metric_alarm').filter((a) => a.metric_name === 'EventLoopDelayMeanMs');
    assert.deepEqual(alarms.map((a) => a.threshold).sort((a, b) => a - b), [50, 100, 100]);
    for (const a of alarms) assert.match(String(a.alarm_actions[0]), /aws_appautoscaling_policy\.\w*event_loop_delay_step\w*\.arn/);
  });

  const env0 = (json: TerraformJson): Record<string, string> => {
    const [c] = containers(bodies(json, 'aws_ecs_task_definition')[0]);
    return Object.fromEntries((c.environment as Body[]).map((e) => [e.name, e.value]));
  };

  test('secrets reach the tasks by reference through `secrets`; the environment is the one API builder', () => {
    const { json, config } = prod;
    const shared = apiEnvironment(config, {}, { containerized: true });
    for (const task of bodies(json, 'aws_ecs_task_definition')) {
      const [c] = containers(task);
      const names = (c.secrets as Body[]).map((s) => s.name).sort();
      assert.deepEqual(names, ['FUNCTION_SECRET_KEY', 'PG_URL', 'REDIS_URL', 'SERVICE_TOKEN_SECRET_KEY']);
      for (const s of c.secrets as Body[]) assert.match(s.valueFrom, /^\$\{aws_secretsmanager_secret\.\w+\.arn\}:[a-z_]+::$/);
      const env = Object.fromEntries((c.environment as Body[]).map((e) => [e.name, e.value]));
      for (const name of names) assert.equal(env[name], undefined, `${name} must not be plain environment`);
      for (const [k, v] of Object.entries(shared)) if (k !== 'BRAINTRUST_APP_URL' || !config.urls.proxyControlPlane) assert.equal(env[k], v, k);
      assert.equal(env.TS_API_PORT, '8000');
      assert.equal(env.AWS_LAMBDA_EXEC_WRAPPER, undefined);
      assert.equal(c.logConfiguration.logDriver, 'awslogs');
    }
    // The execution role reads exactly those secrets.
    const policy = (suffix: string) => JSON.parse(bodies(json, 'aws_iam_role_policy').find((p) => String(p.role).includes(`api_ecs_${suffix}_role`))!.policy);
    const exec = policy('execution');
    const read = exec.Statement.find((s: Body) => s.Action === 'secretsmanager:GetSecretValue');
    assert.equal(read.Resource.length, 3);
    // The task role is the APIHandler role, as in the official module: it trusts ECS tasks and
    // keeps the quarantine, CatchupETL, S3-export and ElastiCache statements of the Lambda API.
    const taskRoles = new Set(bodies(json, 'aws_ecs_task_definition').map((t) => String(t.task_role_arn)));
    assert.equal(taskRoles.size, 1);
    const [taskRole] = [...taskRoles];
    assert.match(taskRole, /^\$\{aws_iam_role\.api_api_role\w*\.arn\}$/);
    const roleKey = taskRole.slice('${aws_iam_role.'.length, -'.arn}'.length);
    const trust = JSON.parse(String((json as Body).resource.aws_iam_role[roleKey].assume_role_policy));
    assert.deepEqual(trust.Statement.map((s: Body) => s.Principal.Service).sort(), ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com']);
    const onRole = bodies(json, 'aws_iam_role_policy').filter((p) => String(p.role).includes(`aws_iam_role.${roleKey}.`));
    const sids = onRole.flatMap((p) => JSON.parse(String(p.policy)).Statement.map((s: Body) => s.Sid));
    for (const sid of ['CatchupETLInvoke', 'AssumeRoleForS3Export', 'DescribeOwnCache', 'CloudWatchAutoscalingMetrics', 'InvokeQuarantined']) assert.ok(sids.includes(sid), sid);
    assert.equal(env0(json).DISABLE_LOCAL_BACKGROUND_LOOPS, 'true');
    assert.equal(env0(json).AUTOMATION_CRON_MAX_CONCURRENCY, '0');
    assert.match(String(env0(json).CATCHUP_ETL_ARN), /aws_lambda_function\.\w*catchup\w*\.arn/i);
    for (const g of bodies(json, 'aws_cloudwatch_log_group').filter((l) => String(l.name).includes('braintrust-api'))) {
      assert.equal(g.retention_in_days, 90);
    }
  });

  test('ECS only: CloudFront reaches the ALB through a VPC origin; no API Gateway or API Lambdas; the migration function stays', () => {
    const { json } = prod;
    const [vpcOrigin] = bodies(json, 'aws_cloudfront_vpc_origin');
    assert.match(vpcOrigin.vpc_origin_endpoint_config[0].arn, /^\$\{aws_lb\.api_ecs_alb\w*\.arn\}$/);
    assert.equal(vpcOrigin.vpc_origin_endpoint_config[0].origin_protocol_policy, 'http-only');
    const cdn = bodies(json, 'aws_cloudfront_distribution')[0];
    assert.deepEqual(cdn.origin.map((o: Body) => o.origin_id), ['ApiEcsOrigin']);
    assert.match(cdn.origin[0].vpc_origin_config.vpc_origin_id, /aws_cloudfront_vpc_origin/);
    assert.equal(cdn.default_cache_behavior.target_origin_id, 'ApiEcsOrigin');
    assert.equal(res(json, 'aws_api_gateway_rest_api').length, 0);
    assert.equal(fn(json, '-APIHandler'), undefined);
    assert.equal(fn(json, '-AIProxy'), undefined);
    assert.ok(fn(json, '-MigrateDatabaseFunction'));
    assert.equal(json.output?.api_runtime?.value, 'ecs');
  });

  test('phase 1 (ECS standby): both runtimes, CloudFront still on API Gateway and the AI proxy', () => {
    const { json } = phase1;
    assert.equal(bodies(json, 'aws_ecs_service').length, 3);
    assert.ok(fn(json, '-APIHandler'));
    const cdn = bodies(json, 'aws_cloudfront_distribution')[0];
    assert.deepEqual(cdn.origin.map((o: Body) => o.origin_id).sort(), ['AIProxyOrigin', 'APIGatewayOrigin', 'ApiEcsOrigin']);
    assert.equal(cdn.default_cache_behavior.target_origin_id, 'APIGatewayOrigin');
    for (const b of cdn.ordered_cache_behavior) assert.equal(b.target_origin_id, 'AIProxyOrigin');
    assert.equal(json.output?.api_runtime?.value, 'lambda');
  });

  test('phase 2 (Lambda standby): every route to ECS, the Lambda API kept for a one-apply rollback', () => {
    const { json } = phase2;
    assert.ok(fn(json, '-APIHandler'));
    const cdn = bodies(json, 'aws_cloudfront_distribution')[0];
    assert.equal(cdn.default_cache_behavior.target_origin_id, 'ApiEcsOrigin');
    assert.match(cdn.default_cache_behavior.origin_request_policy_id, /aws_cloudfront_origin_request_policy/);
    for (const b of cdn.ordered_cache_behavior) assert.equal(b.target_origin_id, 'ApiEcsOrigin');
    // Rollback (phase 1 again) changes the distribution only: the same resources on both sides.
    const addresses = (j: TerraformJson) => Object.entries(j.resource ?? {}).flatMap(([t, m]) => Object.keys(m).map((n) => `${t}.${n}`)).sort();
    assert.deepEqual(addresses(phase2.json), addresses(phase1.json));
  });

  test('the deployment key lets Fargate encrypt task storage for this cluster only (and only while ECS is deployed)', () => {
    const statements = (json: TerraformJson) => JSON.parse(bodies(json, 'aws_kms_key')[0].policy).Statement as Body[];
    const grant = statements(prod.json).find((s) => s.Sid === 'FargateEphemeralStorageGrants')!;
    assert.deepEqual(grant.Principal, { Service: 'fargate.amazonaws.com' });
    assert.equal(grant.Condition.StringEquals['kms:EncryptionContext:aws:ecs:clusterName'], 'acme-prod');
    assert.equal(bodies(prod.json, 'aws_ecs_cluster')[0].name, 'acme-prod');
    assert.ok(!statements(legacy.json).some((s) => String(s.Sid).startsWith('Fargate')));
  });

  test('a config without api.runtime keeps the Lambda API and no ECS resource', () => {
    const { json } = legacy;
    assert.equal(res(json, 'aws_ecs_service').length, 0);
    assert.equal(res(json, 'aws_lb').filter(([, b]) => b.load_balancer_type === 'application').length, 0);
    assert.ok(fn(json, '-APIHandler'));
    assert.equal(json.output?.api_runtime?.value, 'lambda');
  });
});

describe('upgrades on the ECS runtime', () => {
  test('an upgrade shows each service image change inside the container definitions', () => {
    const newer = synth(input('production', (c) => { c.version = 'v2.13.0'; }));
    const images = artifactChanges(prod.json as SynthTree, newer.json as SynthTree, ['v2.12.0', 'v2.13.0']).filter((a) => a.address.endsWith('container_definitions[0].image'));
    assert.equal(images.length, 3);
    for (const a of images) assert.deepEqual([a.before, a.after], ['public.ecr.aws/braintrust/standalone-api:v2.12.0', 'public.ecr.aws/braintrust/standalone-api:v2.13.0']);
  });
});

describe('api.runtime config', () => {
  test('api.ecs under lambda is a warning, not an error', () => {
    const config = validateConfig(input('production', (c) => { c.api.runtime = 'lambda'; }));
    assert.match(apiRuntimeWarnings(config)[0], /api\.ecs is ignored under api\.runtime lambda/);
    assert.deepEqual(apiRuntimeWarnings(prod.config), []);
  });

  test('Fargate sizes and counts are validated (exit 2 before synth)', () => {
    const invalid = (re: RegExp) => (e: any) => e.exitCode === 2 && re.test([e.message, ...(e.details ?? [])].join('\n'));
    assert.throws(() => validateConfig(input('production', (c) => { c.api.ecs!.api!.cpu = 1024; })), invalid(/api\.ecs\.api\.cpu.*not a Fargate size/));
    assert.throws(() => validateConfig(input('production', (c) => { c.api.ecs!.ingest!.memoryMiB = 2048; })), invalid(/api\.ecs\.ingest\.memoryMiB/));
    assert.throws(() => validateConfig(input('production', (c) => { c.api.ecs!.background!.max = 1; })), invalid(/api\.ecs\.background\.max/));
    assert.throws(() => validateConfig(input('production', (c) => { c.api.standbyRuntime = 'ecs'; })), invalid(/api\.standbyRuntime/));
  });

  test('sizing: the official 1 vCPU / min 3 fails the production API rows, per service', () => {
    const config = validateConfig(input('production', (c) => { delete c.api.ecs; }));
    const failing = checkSizing(config).filter((f) => f.status === 'fail').map((f) => f.check).sort();
    assert.deepEqual(failing, ['ecs.api.cpu', 'ecs.api.instance-count', 'ecs.background.cpu', 'ecs.background.instance-count', 'ecs.ingest.cpu']);
    assert.deepEqual(checkSizing(prod.config).filter((f) => f.status !== 'pass'), []);
  });
});
