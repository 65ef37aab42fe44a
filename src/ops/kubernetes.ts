// GKE and AKS: the chart's Deployments (braintrust-api, brainstore-reader, brainstore-writer,
// pods labelled app=<name>) through kubectl in the deployment's namespace and context.
//   logs:    kubectl logs --timestamps per pod (-f to follow)
//   status:  Deployments, pods, `kubectl top` (metrics API), df of the cache volume in each pod
//   restart: kubectl rollout restart, then rollout status until done
//   shell:   kubectl exec -it
import { kubectlBaseArgs } from '../access/tunnel-kubectl.js';
import type { Deployment } from '../access/installed-deployment.js';
import { operationFailed, usageError } from '../ui/errors.js';
import { parseTimestamp } from './lines.js';
import { toolRunner, type ToolRunner } from './tools.js';
import { CACHE_DIR, parseDfPercent, percent, versionOf } from './values.js';
import type { HostMetrics, LogLine, LogQuery, Operations, ServiceName, ServiceStatus } from './types.js';

/** Deployment (and container) name of each chart workload. */
const WORKLOADS: Record<Exclude<ServiceName, 'brainstore'>, { deployment: string; container: string }> = {
  api: { deployment: 'braintrust-api', container: 'api' },
  'brainstore-reader': { deployment: 'brainstore-reader', container: 'brainstore-reader' },
  'brainstore-writer': { deployment: 'brainstore-writer', container: 'brainstore-writer' },
};
const HINT = 'Check that your kube context reaches the deployment cluster (kubectl get pods -n <namespace>).';

type Workload = Exclude<ServiceName, 'brainstore'>;
export function workloadsOf(services: ServiceName[]): Workload[] {
  const out = new Set<Workload>();
  for (const s of services) {
    if (s === 'brainstore') { out.add('brainstore-reader'); out.add('brainstore-writer'); } else out.add(s);
  }
  return [...out];
}

interface Pod {
  name: string;
  service: Workload;
  phase: string;
  ready: boolean;
  restarts: number;
  image?: string;
  startTime?: string;
  node?: string;
}

function serviceOfDeployment(name: string): Workload | undefined {
  return (Object.keys(WORKLOADS) as Workload[]).find((s) => WORKLOADS[s].deployment === name);
}

export function kubernetesOperations(d: Deployment, kubectl: string, env: NodeJS.ProcessEnv): Operations {
  const base = kubectlBaseArgs(d.outputs);
  const k: ToolRunner = toolRunner(kubectl, env, HINT);
  const selector = (ws: Workload[]) => `app in (${ws.map((w) => WORKLOADS[w].deployment).join(',')})`;

  async function pods(ws: Workload[], signal: AbortSignal): Promise<Pod[]> {
    const text = await k.run([...base, 'get', 'pods', '-l', selector(ws), '-o', 'json'], signal, 'get pods');
    const items = (JSON.parse(text) as { items: any[] }).items ?? [];
    return items.flatMap((p) => {
      const service = serviceOfDeployment(p.metadata?.labels?.app);
      if (!service) return [];
      const statuses: any[] = p.status?.containerStatuses ?? [];
      const main = statuses.find((c) => c.name === WORKLOADS[service].container) ?? statuses[0];
      return [{
        name: p.metadata.name,
        service,
        phase: p.status?.phase ?? 'Unknown',
        ready: statuses.length > 0 && statuses.every((c) => c.ready),
        restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
        image: main?.image ?? p.spec?.containers?.[0]?.image,
        startTime: p.status?.startTime,
        node: p.spec?.nodeName,
      }];
    });
  }

  function logArgs(pod: Pod, q: LogQuery, follow: boolean): string[] {
    return [...base, 'logs', `pod/${pod.name}`, '-c', WORKLOADS[pod.service].container, '--timestamps',
      `--since-time=${new Date(q.since).toISOString()}`, ...(follow ? ['--follow'] : [])];
  }
  function toLine(pod: Pod, text: string): LogLine | undefined {
    const i = text.indexOf(' ');
    const time = parseTimestamp(i > 0 ? text.slice(0, i) : text);
    if (Number.isNaN(time)) return undefined;
    return { time, service: pod.service, instance: pod.name, message: text.slice(i + 1) };
  }
  async function podsForLogs(q: LogQuery): Promise<Pod[]> {
    const found = await pods(workloadsOf(q.services), q.signal);
    if (!found.length) q.warn({ kind: 'no-pods', workloads: workloadsOf(q.services), namespace: d.outputs.namespace || 'default' });
    return found;
  }

  return {
    target: 'kubernetes',
    logs: {
      async fetch(q) {
        const all = await Promise.all((await podsForLogs(q)).map(async (pod) => {
          const r = await k.raw(logArgs(pod, q, false), q.signal);
          if (r.exitCode !== 0) {
            q.warn({ kind: 'source-failed', source: `kubectl logs ${pod.name}`, error: r.stderr.trim().split('\n').pop() ?? `exit ${r.exitCode}` });
            return [];
          }
          return r.stdout.split('\n').map((l) => toLine(pod, l)).filter((l): l is LogLine => l !== undefined);
        }));
        return all.flat();
      },
      async follow(q, onLine) {
        await Promise.all((await podsForLogs(q)).map((pod) =>
          k.stream(logArgs(pod, q, true), q.signal, (text) => { const l = toLine(pod, text); if (l) onLine(l); })
            .catch((e: Error) => q.warn({ kind: 'source-failed', error: e.message }))));
      },
    },
    metrics: {
      async status(signal) {
        const ws = workloadsOf(['api', 'brainstore']);
        const notes: string[] = [];
        const deployments = JSON.parse(await k.run([...base, 'get', 'deployments', '-o', 'json'], signal, 'get deployments')) as { items: any[] };
        const podList = await pods(ws, signal);
        const services: ServiceStatus[] = (deployments.items ?? []).flatMap((dep) => {
          const service = serviceOfDeployment(dep.metadata?.name);
          if (!service) return [];
          const mine = podList.filter((p) => p.service === service);
          const starts = mine.map((p) => p.startTime).filter((t): t is string => Boolean(t)).sort();
          const ready = dep.status?.readyReplicas ?? 0;
          const desired = dep.spec?.replicas ?? 0;
          return [{
            service,
            desired,
            running: ready,
            versions: [...new Set(mine.map((p) => versionOf(p.image)).filter((v): v is string => Boolean(v)))],
            health: ready >= desired ? 'ok' : `${desired - ready} not ready`,
            restarts: mine.reduce((n, p) => n + p.restarts, 0),
            startedAt: starts[0],
          }];
        });
        // Node CPU and memory from the metrics API; pods map to their nodes.
        const top = await k.raw([...base, 'top', 'nodes', '--no-headers'], signal);
        const nodes = new Map<string, { cpu?: number; memory?: number }>();
        if (top.exitCode === 0) {
          for (const l of top.stdout.split('\n')) {
            const [name, , cpu, , mem] = l.trim().split(/\s+/);
            if (name) nodes.set(name, { cpu: percent(cpu), memory: percent(mem) });
          }
        } else {
          notes.push(`kubectl top nodes: ${top.stderr.trim().split('\n').pop() ?? 'failed'} (is metrics-server running?)`);
        }
        const hosts: HostMetrics[] = await Promise.all(podList.filter((p) => p.phase === 'Running').map(async (p) => {
          const node = p.node ? nodes.get(p.node) : undefined;
          let diskPercent: number | undefined;
          if (p.service !== 'api') {
            const df = await k.raw([...base, 'exec', `pod/${p.name}`, '-c', WORKLOADS[p.service].container, '--', 'df', '-P', CACHE_DIR], signal);
            diskPercent = df.exitCode === 0 ? parseDfPercent(df.stdout) : undefined;
          }
          return { service: p.service, instance: `${p.name}${p.node ? ` @${p.node}` : ''}`, cpuPercent: node?.cpu, memoryPercent: node?.memory, diskPercent };
        }));
        return { services, hosts, notes };
      },
    },
    restarter: {
      async plan(service) {
        const deps = workloadsOf([service]).map((w) => WORKLOADS[w].deployment);
        return { service, via: 'kubectl', targets: deps, description: `kubectl rollout restart of ${deps.map((x) => `deployment/${x}`).join(', ')} (rolling, new pods before old ones go), then wait for the rollout` };
      },
      async restart(plan, signal, progress) {
        for (const dep of plan.targets) {
          progress((await k.run([...base, 'rollout', 'restart', `deployment/${dep}`], signal, 'rollout restart')).trim());
        }
        for (const dep of plan.targets) {
          progress((await k.run([...base, 'rollout', 'status', `deployment/${dep}`, '--timeout=20m'], signal, 'rollout status', 21 * 60_000)).trim().split('\n').pop() ?? '');
        }
        return `Restarted ${plan.targets.join(', ')}: rollout complete.`;
      },
    },
    shell: {
      async resolve(service, instance, signal) {
        if (service === 'brainstore' && !instance) service = 'brainstore-reader';
        const ws = workloadsOf([service]);
        const list = await pods(ws, signal);
        const pod = instance ? list.find((p) => p.name === instance) : list.find((p) => p.phase === 'Running');
        if (!pod) {
          if (instance) throw usageError(`--instance ${instance}: no such pod of ${service}`, `Pods: ${list.map((p) => p.name).join(', ') || '(none)'}.`);
          throw operationFailed(`No running pod of ${service} in namespace ${d.outputs.namespace || 'default'}`, HINT);
        }
        return {
          file: kubectl,
          args: [...base, 'exec', '-it', `pod/${pod.name}`, '-c', WORKLOADS[pod.service].container, '--', 'sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'],
          via: 'kubectl',
          instance: pod.name,
        };
      },
    },
  };
}
