// docker compose (single host): the compose project named after the deployment, services api
// and brainstore (one Brainstore container plays every role).
//   logs:    docker compose logs --timestamps (--follow)
//   status:  docker compose ps, docker stats --no-stream --format json, df of the cache volume
//   restart: docker compose restart SERVICE
//   shell:   docker compose exec SERVICE sh
import type { Deployment } from '../access/installed-deployment.js';
import { operationFailed, usageError } from '../ui/errors.js';
import { parseTimestamp } from './lines.js';
import { toolRunner } from './tools.js';
import { CACHE_DIR, parseDfPercent, percent, versionOf } from './values.js';
import type { HostMetrics, LogLine, LogQuery, Operations, ServiceName, ServiceStatus } from './types.js';

type ComposeService = 'api' | 'brainstore';
const HINT = 'Check that the deployment runs on this host: docker compose ls (start it with docker compose up -d in its stack directory).';

export function composeServicesOf(services: ServiceName[]): ComposeService[] {
  return [...new Set(services.map((s) => (s === 'api' ? 'api' : 'brainstore') as ComposeService))];
}

/** JSON lines (compose >= 2.21) or one JSON array (older compose). */
function parseJsonRows(text: string): any[] {
  const t = text.trim();
  if (!t) return [];
  if (t.startsWith('[')) return JSON.parse(t) as any[];
  return t.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** compose ps CreatedAt, "2026-01-31 12:00:00 +0000 UTC", as ISO; undefined if unreadable. */
function composeTime(text: unknown): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})/.exec(String(text ?? ''));
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export interface DockerOptions {
  /** docker-compose.yml of the deployment, when found (else the project name alone is used). */
  composeFile?: string;
}

export function dockerOperations(d: Deployment, docker: string, env: NodeJS.ProcessEnv, opts: DockerOptions = {}): Operations {
  const project = d.config?.name ?? 'braintrust';
  const compose = ['compose', '-p', project, ...(opts.composeFile ? ['-f', opts.composeFile] : [])];
  const x = toolRunner(docker, env, HINT);

  function toLine(text: string): LogLine | undefined {
    const m = /^(\S+)\s+\|\s?(\S+)\s?(.*)$/.exec(text);
    if (!m) return undefined;
    const time = parseTimestamp(m[2]);
    if (Number.isNaN(time)) return undefined;
    const container = m[1].replace(new RegExp(`^${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[-_]`), '');
    const service = container.replace(/[-_]\d+$/, '');
    return { time, service, instance: container, message: m[3] };
  }
  const logArgs = (q: LogQuery, follow: boolean) => [...compose, 'logs', '--timestamps', '--no-color',
    '--since', new Date(q.since).toISOString(), ...(follow ? ['--follow'] : []), ...composeServicesOf(q.services)];

  async function containers(signal: AbortSignal): Promise<any[]> {
    return parseJsonRows(await x.run([...compose, 'ps', '--all', '--format', 'json'], signal, 'compose ps'))
      .filter((c) => c.Service === 'api' || c.Service === 'brainstore');
  }

  return {
    target: 'docker',
    logs: {
      async fetch(q) {
        const out = await x.run(logArgs(q, false), q.signal, 'compose logs');
        return out.split('\n').map(toLine).filter((l): l is LogLine => l !== undefined);
      },
      async follow(q, onLine) {
        await x.stream(logArgs(q, true), q.signal, (text) => { const l = toLine(text); if (l) onLine(l); });
      },
    },
    metrics: {
      async status(signal) {
        const notes: string[] = [];
        const list = await containers(signal);
        const running = list.filter((c) => c.State === 'running');
        const names = running.map((c) => String(c.Name));
        const restarts = new Map<string, number>();
        const stats = new Map<string, any>();
        if (names.length) {
          const st = await x.raw(['stats', '--no-stream', '--format', 'json', ...names], signal);
          if (st.exitCode === 0) for (const row of parseJsonRows(st.stdout)) stats.set(String(row.Name), row);
          else notes.push(`docker stats: ${st.stderr.trim().split('\n').pop() ?? 'failed'}`);
          const ins = await x.raw(['inspect', '--format', '{{.Name}} {{.RestartCount}}', ...names], signal);
          if (ins.exitCode === 0) {
            for (const l of ins.stdout.split('\n')) {
              const [n, c] = l.trim().split(/\s+/);
              if (n) restarts.set(n.replace(/^\//, ''), Number(c) || 0);
            }
          }
        }
        const services: ServiceStatus[] = (['api', 'brainstore'] as const).map((svc) => {
          const mine = list.filter((c) => c.Service === svc);
          const up = mine.filter((c) => c.State === 'running');
          const health = mine.length === 0 ? 'not created' : up.length === 0 ? String(mine[0].State) : up.every((c) => !c.Health || c.Health === 'healthy') ? 'ok' : String(up.find((c) => c.Health && c.Health !== 'healthy')?.Health);
          return {
            service: svc,
            desired: 1,
            running: up.length,
            versions: [...new Set(mine.map((c) => versionOf(c.Image)).filter((v): v is string => Boolean(v)))],
            health,
            restarts: up.reduce((n, c) => n + (restarts.get(String(c.Name)) ?? 0), 0),
            startedAt: up.map((c) => composeTime(c.CreatedAt)).filter((t): t is string => Boolean(t)).sort()[0],
          };
        });
        const hosts: HostMetrics[] = await Promise.all(running.map(async (c) => {
          const s = stats.get(String(c.Name));
          let diskPercent: number | undefined;
          if (c.Service === 'brainstore') {
            const df = await x.raw([...compose, 'exec', '-T', 'brainstore', 'df', '-P', CACHE_DIR], signal);
            diskPercent = df.exitCode === 0 ? parseDfPercent(df.stdout) : undefined;
          }
          return { service: String(c.Service), instance: String(c.Name), cpuPercent: percent(s?.CPUPerc), memoryPercent: percent(s?.MemPerc), diskPercent, network: s?.NetIO };
        }));
        return { services, hosts, notes };
      },
    },
    restarter: {
      async plan(service) {
        const svcs = composeServicesOf([service]);
        const roles = service === 'brainstore-reader' || service === 'brainstore-writer' ? ' (one container plays every Brainstore role here)' : '';
        return { service, via: 'docker', targets: svcs, description: `docker compose restart ${svcs.join(' ')}${roles}` };
      },
      async restart(plan, signal, progress) {
        await x.run([...compose, 'restart', ...plan.targets], signal, 'compose restart');
        progress(`restarted ${plan.targets.join(', ')}`);
        return `Restarted ${plan.targets.join(', ')}.`;
      },
    },
    shell: {
      async resolve(service, instance, signal) {
        const [svc] = composeServicesOf([service]);
        const list = (await containers(signal)).filter((c) => c.Service === svc);
        const chosen = instance ? list.find((c) => c.Name === instance || String(c.Name).endsWith(`-${instance}`)) : list.find((c) => c.State === 'running');
        if (!chosen) {
          if (instance) throw usageError(`--instance ${instance}: no such container of ${svc}`, `Containers: ${list.map((c) => c.Name).join(', ') || '(none)'}.`);
          throw operationFailed(`No running ${svc} container in compose project ${project}`, HINT);
        }
        const index = /[-_](\d+)$/.exec(String(chosen.Name))?.[1];
        return {
          file: docker,
          args: [...compose, 'exec', ...(index && index !== '1' ? ['--index', index] : []), svc, 'sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'],
          via: 'docker',
          instance: String(chosen.Name),
        };
      },
    },
  };
}
