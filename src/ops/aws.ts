// AWS: the API runs on Lambda (APIHandler, AIProxy, MigrateDatabaseFunction; an ECS service
// when the outputs name one), Brainstore on EC2 Auto Scaling groups per role.
//   logs:    aws logs filter-log-events over the Lambda log groups and the Brainstore role
//            groups (the awslogs driver writes one stream per instance); --follow polls
//   status:  ASG state, EC2 launch times, CloudWatch CPU/network, memory and cache disk use
//            (the CloudWatch agent on the nodes, namespace CWAgent), the Lambda live alias
//   restart: ASG instance refresh (rolling, min healthy 100%); ECS force new deployment;
//            Lambda has nothing to restart
//   shell:   aws ssm start-session on a Brainstore instance
import { regionOf, type Deployment } from '../access/installed-deployment.js';
import { configError, operationFailed, usageError } from '../ui/errors.js';
import { sleep, toolRunner, type ToolRunner } from './tools.js';
import type { HostMetrics, LogLine, LogQuery, Operations, RestartPlan, ServiceName, ServiceStatus } from './types.js';
import { BRAINSTORE_CACHE_DIR, BRAINSTORE_CACHE_FSTYPE, CWAGENT_NAMESPACE, brainstoreLogGroupName } from '../../stacks/aws/brainstore-user-data.js';

/** The stack's Lambda functions (stacks/aws/api.ts) and their log groups /braintrust/<name>/<fn>. */
export const LAMBDA_FUNCTIONS = ['APIHandler', 'AIProxy', 'MigrateDatabaseFunction'] as const;
const LIVE_ALIAS = 'live';
const HINT = 'Check your AWS credentials (aws sts get-caller-identity) and that they may read this deployment.';
/** At most this many events per log group and window (filter-log-events pages). */
const MAX_EVENTS = 10_000;

type Role = 'reader' | 'writer' | 'combined';
interface LogGroup { group: string; service: string; kind: 'lambda' | 'brainstore'; fn?: string }

export interface AwsOptions {
  /** --follow poll interval (default 2 s). */
  pollMs?: number;
  now?: () => Date;
}

export function awsOperations(d: Deployment, aws: string, env: NodeJS.ProcessEnv, opts: AwsOptions = {}): Operations {
  const name = d.config?.name ?? '';
  const region = regionOf(d);
  if (!region) throw configError('No AWS region in outputs.json or the config', 'Set region in braintrust.yaml.');
  const profile = d.config?.account?.awsProfile;
  const common = ['--region', region, '--output', 'json', ...(profile ? ['--profile', profile] : [])];
  const a: ToolRunner = toolRunner(aws, env, HINT);
  const combined = Boolean(d.config?.brainstore.combined);
  const now = opts.now ?? (() => new Date());

  function rolesOf(service: ServiceName): Role[] {
    if (combined) return service === 'api' ? [] : ['combined'];
    if (service === 'brainstore') return ['reader', 'writer'];
    if (service === 'brainstore-reader') return ['reader'];
    if (service === 'brainstore-writer') return ['writer'];
    return [];
  }
  const roleService = (r: Role) => (r === 'combined' ? 'brainstore' : `brainstore-${r}`);

  function logGroups(services: ServiceName[]): LogGroup[] {
    const out = new Map<string, LogGroup>();
    for (const s of services) {
      if (s === 'api') for (const fn of LAMBDA_FUNCTIONS) out.set(fn, { group: `/braintrust/${name}/${name}-${fn}`, service: 'api', kind: 'lambda', fn });
      for (const r of rolesOf(s)) out.set(r, { group: brainstoreLogGroupName(name, r), service: roleService(r), kind: 'brainstore' });
    }
    return [...out.values()];
  }

  /** Lambda streams are `2026/01/31/[$LATEST]0123abcd...`: keep the function and a short id. */
  function instanceOf(g: LogGroup, stream: string): string {
    if (g.kind === 'brainstore') return stream;
    const id = /\]([0-9a-f]+)$/.exec(stream)?.[1]?.slice(0, 8) ?? stream;
    return `${g.fn}/${id}`;
  }

  async function filterEvents(g: LogGroup, q: LogQuery, start: number): Promise<{ events: any[]; truncated: boolean } | undefined> {
    const args = ['logs', 'filter-log-events', '--log-group-name', g.group, '--start-time', String(start),
      '--max-items', String(MAX_EVENTS), ...(q.grep ? ['--filter-pattern', JSON.stringify(q.grep)] : []), ...common];
    const r = await a.raw(args, q.signal);
    if (r.exitCode !== 0) {
      if (/ResourceNotFoundException/.test(r.stderr)) {
        q.warn({ kind: 'group-missing', group: g.group });
        return undefined;
      }
      throw operationFailed(`aws logs filter-log-events failed for ${g.group} (exit ${r.exitCode})`, HINT, r.stderr.trim().split('\n').slice(-4), 'OPS_TOOL_FAILED');
    }
    const doc = JSON.parse(r.stdout || '{}') as { events?: any[]; NextToken?: string; nextToken?: string };
    return { events: doc.events ?? [], truncated: Boolean(doc.NextToken ?? doc.nextToken) };
  }
  const toLine = (g: LogGroup, e: any): LogLine => ({
    time: Number(e.timestamp), service: g.service, instance: instanceOf(g, String(e.logStreamName ?? '')), message: String(e.message ?? '').replace(/\n$/, ''),
  });

  async function asgs(roles: Role[], signal: AbortSignal): Promise<{ role: Role; asg: any }[]> {
    const names = [...new Set(roles.map((r) => asgName(r)))];
    const doc = JSON.parse(await a.run(['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', ...names, ...common], signal, 'autoscaling describe-auto-scaling-groups')) as { AutoScalingGroups?: any[] };
    const found = doc.AutoScalingGroups ?? [];
    return roles.flatMap((role) => {
      const asg = found.find((g) => g.AutoScalingGroupName === asgName(role));
      return asg ? [{ role, asg }] : [];
    });
  }
  function asgName(role: Role): string {
    const key = role === 'writer' ? 'brainstore_writer_asg' : 'brainstore_reader_asg';
    const v = d.outputs[key];
    if (!v) throw configError(`Deployment output "${key}" is missing from .braintrust/outputs.json`, 'Re-run `braintrust install` so the outputs are written.');
    return v;
  }
  const allRoles = (): Role[] => (combined ? ['combined'] : ['reader', 'writer']);

  return {
    target: 'aws',
    logs: {
      async fetch(q) {
        const lists = await Promise.all(logGroups(q.services).map(async (g) => {
          const r = await filterEvents(g, q, q.since);
          if (!r) return [];
          if (r.truncated) q.warn({ kind: 'truncated', group: g.group, max: MAX_EVENTS });
          return r.events.map((e) => toLine(g, e));
        }));
        return lists.flat();
      },
      async follow(q, onLine) {
        // CloudWatch has no push API for filter-log-events: poll from the newest time seen,
        // skipping events already shown (same-millisecond events straddle polls).
        const groups = logGroups(q.services);
        const cursor = new Map(groups.map((g) => [g.group, q.since]));
        const seen = new Map(groups.map((g) => [g.group, new Set<string>()]));
        const missing = new Set<string>();
        while (!q.signal.aborted) {
          await Promise.all(groups.filter((g) => !missing.has(g.group)).map(async (g) => {
            const r = await filterEvents(g, q, cursor.get(g.group)!).catch((e) => { if (q.signal.aborted) return undefined; throw e; });
            if (!r) { if (!q.signal.aborted) missing.add(g.group); return; }
            const ids = seen.get(g.group)!;
            const fresh = r.events.filter((e) => !ids.has(String(e.eventId))).sort((x, y) => x.timestamp - y.timestamp);
            for (const e of fresh) {
              ids.add(String(e.eventId));
              onLine(toLine(g, e));
              cursor.set(g.group, Math.max(cursor.get(g.group)!, Number(e.timestamp)));
            }
            if (ids.size > 50_000) seen.set(g.group, new Set([...ids].slice(-10_000)));
          }));
          await sleep(opts.pollMs ?? 2000, q.signal);
        }
      },
    },
    metrics: {
      async status(signal) {
        const notes: string[] = [];
        const groups = await asgs(allRoles(), signal);
        const instances = groups.flatMap(({ role, asg }) => (asg.Instances ?? []).map((i: any) => ({ role, asgName: String(asg.AutoScalingGroupName), ...i })));
        const ids = instances.map((i: any) => String(i.InstanceId));
        const launch = new Map<string, string>();
        const cpu = new Map<string, number>();
        const net = new Map<string, { in?: number; out?: number }>();
        const mem = new Map<string, number>();
        const disk = new Map<string, number>();
        if (ids.length) {
          const ec2 = JSON.parse(await a.run(['ec2', 'describe-instances', '--instance-ids', ...ids, ...common], signal, 'ec2 describe-instances')) as { Reservations?: any[] };
          for (const res of ec2.Reservations ?? []) for (const i of res.Instances ?? []) launch.set(i.InstanceId, i.LaunchTime);
          const end = now();
          const queries: unknown[] = ids.flatMap((id, n) => ([['cpu', 'CPUUtilization', 'Average'], ['in', 'NetworkIn', 'Sum'], ['out', 'NetworkOut', 'Sum']] as const).map(([k, metric, stat]) => ({
            Id: `${k}${n}`, MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: metric, Dimensions: [{ Name: 'InstanceId', Value: id }] }, Period: 300, Stat: stat },
          })));
          // The agent's metrics carry AutoScalingGroupName and InstanceId (disks also path and fstype).
          instances.forEach((i: any, n: number) => {
            const dims = [{ Name: 'AutoScalingGroupName', Value: i.asgName }, { Name: 'InstanceId', Value: String(i.InstanceId) }];
            queries.push(
              { Id: `mem${n}`, MetricStat: { Metric: { Namespace: CWAGENT_NAMESPACE, MetricName: 'mem_used_percent', Dimensions: dims }, Period: 60, Stat: 'Average' } },
              { Id: `disk${n}`, MetricStat: { Metric: { Namespace: CWAGENT_NAMESPACE, MetricName: 'disk_used_percent', Dimensions: [...dims, { Name: 'path', Value: BRAINSTORE_CACHE_DIR }, { Name: 'fstype', Value: BRAINSTORE_CACHE_FSTYPE }] }, Period: 60, Stat: 'Average' } },
            );
          });
          const m = await a.raw(['cloudwatch', 'get-metric-data', '--metric-data-queries', JSON.stringify(queries),
            '--start-time', new Date(end.getTime() - 15 * 60_000).toISOString(), '--end-time', end.toISOString(), ...common], signal);
          if (m.exitCode === 0) {
            for (const r of (JSON.parse(m.stdout) as { MetricDataResults?: any[] }).MetricDataResults ?? []) {
              const mm = /^(cpu|in|out|mem|disk)(\d+)$/.exec(r.Id);
              if (!mm || !r.Values?.length) continue;
              const id = ids[Number(mm[2])];
              const v = Number(r.Values[0]);
              if (mm[1] === 'cpu') cpu.set(id, v);
              else if (mm[1] === 'mem') mem.set(id, round1(v));
              else if (mm[1] === 'disk') disk.set(id, round1(v));
              else net.set(id, { ...net.get(id), [mm[1]]: v });
            }
            if (!mem.size && !disk.size) {
              notes.push(`No memory or cache-disk figures (CloudWatch agent, namespace ${CWAGENT_NAMESPACE}): nodes launched before the agent was added have none until replaced (braintrust restart brainstore); meanwhile see them with braintrust connect shell brainstore (free -m, df -h ${BRAINSTORE_CACHE_DIR}).`);
            }
          } else notes.push(`CloudWatch metrics: ${m.stderr.trim().split('\n').pop() ?? 'failed'}`);
        }
        // A refresh in progress (braintrust restart, or an apply with a new template) shows in health.
        const refreshes = new Map<string, string>();
        await Promise.all(groups.map(async ({ asg }) => {
          const r = await a.raw(['autoscaling', 'describe-instance-refreshes', '--auto-scaling-group-name', asg.AutoScalingGroupName, '--max-records', '1', ...common], signal);
          const latest = r.exitCode === 0 ? (JSON.parse(r.stdout || '{}') as { InstanceRefreshes?: any[] }).InstanceRefreshes?.[0] : undefined;
          if (latest && ['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress'].includes(latest.Status)) {
            refreshes.set(asg.AutoScalingGroupName, `instance refresh ${latest.Status} ${latest.PercentageComplete ?? 0}%`);
          }
        }));
        const services: ServiceStatus[] = groups.map(({ role, asg }) => {
          const inService = (asg.Instances ?? []).filter((i: any) => i.LifecycleState === 'InService');
          const unhealthy = inService.filter((i: any) => i.HealthStatus !== 'Healthy').length;
          const starts = inService.map((i: any) => launch.get(i.InstanceId)).filter(Boolean).sort();
          return {
            service: roleService(role),
            desired: Number(asg.DesiredCapacity),
            running: inService.length,
            versions: [...new Set<string>(inService.map((i: any) => `template v${i.LaunchTemplate?.Version ?? '?'}`))],
            health: [unhealthy ? `${unhealthy} unhealthy` : inService.length >= asg.DesiredCapacity ? 'ok' : `${asg.DesiredCapacity - inService.length} missing`,
              refreshes.get(asg.AutoScalingGroupName)].filter(Boolean).join(', '),
            startedAt: starts[0],
          };
        });
        for (const fn of ['APIHandler', 'AIProxy']) {
          const r = await a.raw(['lambda', 'get-function-configuration', '--function-name', `${name}-${fn}`, '--qualifier', LIVE_ALIAS, ...common], signal);
          if (r.exitCode !== 0) { notes.push(`Lambda ${name}-${fn}: ${r.stderr.trim().split('\n').pop() ?? 'not found'}`); continue; }
          const c = JSON.parse(r.stdout) as { Version?: string; State?: string; LastUpdateStatus?: string; LastModified?: string };
          services.unshift({
            service: `api (${fn})`, running: c.State === 'Active' ? 1 : 0, versions: [`lambda ${LIVE_ALIAS}=${c.Version ?? '?'}`],
            health: c.State === 'Active' && (c.LastUpdateStatus ?? 'Successful') === 'Successful' ? 'ok' : `${c.State ?? '?'}/${c.LastUpdateStatus ?? '?'}`,
            startedAt: c.LastModified ? new Date(c.LastModified.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString() : undefined,
          });
        }
        const hosts: HostMetrics[] = instances.filter((i: any) => i.LifecycleState === 'InService').map((i: any) => {
          const n = net.get(i.InstanceId);
          return {
            service: roleService(i.role), instance: i.InstanceId, cpuPercent: cpu.get(i.InstanceId),
            memoryPercent: mem.get(i.InstanceId), diskPercent: disk.get(i.InstanceId),
            network: n ? `${mbps(n.in)} in / ${mbps(n.out)} out` : undefined,
          };
        });
        return { services, hosts, notes };
      },
    },
    restarter: {
      async plan(service): Promise<RestartPlan> {
        if (service === 'api') {
          const cluster = d.outputs.ecs_cluster;
          const svc = d.outputs.ecs_service;
          if (cluster && svc) return { service, via: 'ecs', targets: [svc], description: `ECS force new deployment of ${svc} in ${cluster} (rolling), then wait until it is stable` };
          return {
            service, via: 'lambda', targets: [], description: '',
            noop: 'The API runs on AWS Lambda: there is nothing to restart. Every request runs in a fresh or reused execution environment of the published version, and a failed one is replaced automatically. To roll out a new version or setting, use braintrust upgrade or the day-2 commands (they publish a new version).',
          };
        }
        const targets = [...new Set(rolesOf(service).map(asgName))];
        return { service, via: 'asg-instance-refresh', targets, description: `rolling instance refresh of ${targets.join(', ')} (new instances first, never below the configured count: min healthy 100%)` };
      },
      async restart(plan, signal, progress) {
        if (plan.via === 'ecs') {
          const cluster = d.outputs.ecs_cluster;
          await a.run(['ecs', 'update-service', '--cluster', cluster, '--service', plan.targets[0], '--force-new-deployment', ...common], signal, 'ecs update-service');
          progress(`new deployment of ${plan.targets[0]} started; waiting until the service is stable`);
          await a.run(['ecs', 'wait', 'services-stable', '--cluster', cluster, '--services', plan.targets[0], ...common], signal, 'ecs wait services-stable', 15 * 60_000);
          return `Restarted ${plan.targets[0]}: the service is stable.`;
        }
        const ids: string[] = [];
        for (const asg of plan.targets) {
          const r = await a.raw(['autoscaling', 'start-instance-refresh', '--auto-scaling-group-name', asg, '--strategy', 'Rolling',
            '--preferences', JSON.stringify({ MinHealthyPercentage: 100, MaxHealthyPercentage: 200, InstanceWarmup: 300 }), ...common], signal);
          if (r.exitCode !== 0) {
            const inProgress = /InstanceRefreshInProgress/.test(r.stderr);
            throw operationFailed(inProgress ? `An instance refresh of ${asg} is already running` : `aws autoscaling start-instance-refresh failed for ${asg} (exit ${r.exitCode})`,
              inProgress ? 'Wait for it to finish (braintrust status shows the instances), or cancel it: aws autoscaling cancel-instance-refresh.' : HINT,
              r.stderr.trim().split('\n').slice(-4), 'OPS_TOOL_FAILED');
          }
          const id = String((JSON.parse(r.stdout || '{}') as { InstanceRefreshId?: string }).InstanceRefreshId ?? '?');
          ids.push(id);
          progress(`instance refresh ${id} started on ${asg}`);
        }
        return `Instance refresh started on ${plan.targets.join(', ')} (${ids.join(', ')}): instances are replaced one at a time over several minutes. Follow it with braintrust status.`;
      },
    },
    shell: {
      async resolve(service, instance, signal) {
        if (service === 'api') throw usageError('connect shell api: the API runs on AWS Lambda, which has no host or container to open a shell on', 'Read its logs with braintrust logs --service api, or open a shell on Brainstore: braintrust connect shell brainstore.');
        const groups = await asgs(rolesOf(service), signal);
        const list = groups.flatMap(({ asg }) => (asg.Instances ?? []) as any[]);
        const chosen = instance ? list.find((i) => i.InstanceId === instance) : list.find((i) => i.LifecycleState === 'InService');
        if (!chosen) {
          if (instance) throw usageError(`--instance ${instance}: not an instance of ${service}`, `Instances: ${list.map((i) => i.InstanceId).join(', ') || '(none)'}.`);
          throw operationFailed(`No running ${service} instance`, 'braintrust status shows the Auto Scaling groups.');
        }
        return { file: aws, args: ['ssm', 'start-session', '--target', chosen.InstanceId, '--region', region, ...(profile ? ['--profile', profile] : [])], via: 'ssm', instance: chosen.InstanceId };
      },
    },
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Bytes per 5-minute CloudWatch period as megabits per second. */
function mbps(bytes: number | undefined): string {
  return bytes === undefined ? '-' : `${((bytes * 8) / 300 / 1e6).toFixed(1)} Mb/s`;
}
