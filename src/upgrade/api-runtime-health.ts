// Are the ECS API services ready for traffic? Asked of the AWS API, not of the ALB (it is
// internal: not reachable from the operator's machine): `aws ecs describe-services` for the
// deployment state of each service, `aws elbv2 describe-target-health` for the ALB's view of
// its tasks. The evaluation is pure; the probe polls until healthy or the timeout.
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { ECS_SERVICES, type EcsServiceKey } from '../config/api-runtime.js';
import { requireTool, runTool } from '../access/tools.js';
import { operationFailed, prerequisiteError } from '../ui/errors.js';

export interface EcsTargets {
  cluster: string;
  services: Record<EcsServiceKey, string>;
  targetGroups: Record<EcsServiceKey, string>;
}

export interface HealthReport {
  healthy: boolean;
  /** One line per service: what is ready and what is not. */
  lines: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The services and target groups from the stack outputs (api_ecs_*), or a prerequisite error naming the fix. */
export function ecsTargets(config: Config, outputs: Record<string, unknown>): EcsTargets {
  const services = outputs.api_ecs_services;
  const groups = outputs.api_ecs_target_groups;
  const cluster = typeof outputs.api_ecs_cluster === 'string' ? outputs.api_ecs_cluster : undefined;
  if (!cluster || !isRecord(services) || !isRecord(groups) || !ECS_SERVICES.every((k) => typeof services[k] === 'string' && typeof groups[k] === 'string')) {
    throw prerequisiteError(
      `The saved outputs of ${config.name} do not name the ECS API services (api_ecs_cluster, api_ecs_services, api_ecs_target_groups)`,
      'Apply phase 1 first (`braintrust upgrade --api-runtime ecs`), or refresh the outputs with `braintrust install`.',
      'OUTPUTS_MISSING',
    );
  }
  return { cluster, services: services as Record<EcsServiceKey, string>, targetGroups: groups as Record<EcsServiceKey, string> };
}

interface EcsDeployment { status?: string; rolloutState?: string; runningCount?: number; desiredCount?: number; failedTasks?: number }
interface EcsService { serviceName?: string; status?: string; desiredCount?: number; runningCount?: number; deployments?: EcsDeployment[] }
interface TargetHealth { TargetHealthDescriptions?: { Target?: { Id?: string }; TargetHealth?: { State?: string; Reason?: string } }[] }

/** Pure: the report for describe-services output and one describe-target-health output per service. */
export function evaluateEcsHealth(t: EcsTargets, describeServices: { services?: EcsService[]; failures?: { arn?: string; reason?: string }[] }, targetHealth: Record<EcsServiceKey, TargetHealth>): HealthReport {
  const lines: string[] = [];
  let healthy = true;
  for (const key of ECS_SERVICES) {
    const name = t.services[key];
    const svc = describeServices.services?.find((s) => s.serviceName === name);
    const problems: string[] = [];
    if (!svc) problems.push('not found');
    else {
      if (svc.status !== 'ACTIVE') problems.push(`status ${svc.status ?? 'unknown'}`);
      const deployments = svc.deployments ?? [];
      const primary = deployments.find((d) => d.status === 'PRIMARY');
      if (!primary) problems.push('no primary deployment');
      else if (primary.rolloutState !== 'COMPLETED') problems.push(`rollout ${primary.rolloutState ?? 'unknown'}${primary.failedTasks ? ` (${primary.failedTasks} failed tasks)` : ''}`);
      if (deployments.length > 1) problems.push(`${deployments.length - 1} older deployment(s) still running`);
      const desired = svc.desiredCount ?? 0;
      if (desired < 1 || (svc.runningCount ?? 0) < desired) problems.push(`${svc.runningCount ?? 0}/${desired} tasks running`);
    }
    const targets = targetHealth[key]?.TargetHealthDescriptions ?? [];
    const states = targets.map((d) => d.TargetHealth?.State ?? 'unknown');
    const ok = states.filter((s) => s === 'healthy').length;
    const bad = states.filter((s) => s !== 'healthy' && s !== 'draining');
    if (ok === 0) problems.push('no healthy ALB target');
    if (bad.length) problems.push(`ALB targets not healthy: ${[...new Set(bad)].join(', ')}`);
    if (problems.length) healthy = false;
    lines.push(`${name}: ${problems.length ? problems.join('; ') : `ready (${svc?.runningCount} tasks, ${ok} healthy targets)`}`);
  }
  return { healthy, lines };
}

export interface ProbeOptions {
  /** Keep asking until healthy for this long (seconds); 0 asks once. */
  timeoutSeconds: number;
  intervalSeconds?: number;
}

/** Ask AWS until the services are healthy or the time is up; the last report either way. */
export async function probeEcsHealth(ctx: Ctx, config: Config, t: EcsTargets, opts: ProbeOptions): Promise<HealthReport> {
  const aws = await requireTool('aws', ctx.env, 'needed to check the ECS services before traffic moves (ecs describe-services, elbv2 describe-target-health)');
  const common = [...(config.region ? ['--region', config.region] : []), ...(config.account?.awsProfile ? ['--profile', config.account.awsProfile] : []), '--output', 'json'];
  const call = async (args: string[]) => {
    const r = await runTool(aws, [...args, ...common], { env: ctx.env, signal: ctx.signal, timeoutMs: 60_000 });
    if (r.exitCode !== 0) {
      throw operationFailed(`aws ${args.slice(0, 2).join(' ')} failed (exit ${r.exitCode})`, 'Check the AWS credentials and region (`aws sts get-caller-identity`), then re-run the same command: phase 1 stays applied and traffic stays on Lambda.',
        r.stderr.split('\n').filter(Boolean).slice(-5), 'AWS_CLI_FAILED');
    }
    try {
      return JSON.parse(r.stdout || '{}');
    } catch {
      throw operationFailed(`aws ${args.slice(0, 2).join(' ')} printed no JSON`, 'Run it by hand to see why, then re-run the same command.', undefined, 'AWS_CLI_FAILED');
    }
  };
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  const interval = (opts.intervalSeconds ?? 15) * 1000;
  for (;;) {
    const [services, ...groups] = await Promise.all([
      call(['ecs', 'describe-services', '--cluster', t.cluster, '--services', ...ECS_SERVICES.map((k) => t.services[k])]),
      ...ECS_SERVICES.map((k) => call(['elbv2', 'describe-target-health', '--target-group-arn', t.targetGroups[k]])),
    ]);
    const report = evaluateEcsHealth(t, services, Object.fromEntries(ECS_SERVICES.map((k, i) => [k, groups[i]])) as Record<EcsServiceKey, TargetHealth>);
    if (report.healthy || Date.now() + interval > deadline) return report;
    ctx.io.emit('upgrade.api-runtime.waiting', { notReady: report.lines.filter((l) => !/: ready/.test(l)) });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, interval);
      ctx.signal?.addEventListener('abort', () => { clearTimeout(timer); reject(ctx.signal?.reason); }, { once: true });
    });
  }
}
