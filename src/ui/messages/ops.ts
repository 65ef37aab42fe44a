// Day-2 operations: logs, status, restart, and the support bundle.
//
// Where a command's JSON document goes with a human line on stderr (restart, bucket get/put/rm
// in connect.ts), they are two messages: a `result` with the JSON form only, and the log line.
import { message } from '../message-def.js';
import type { CheckStatus } from '../../doctor/types.js';
import { formatBytes } from '../../doctor/units.js';
import { age, describeLogWarning, describeStatusWarning, formatLine, jsonLine, percent } from '../../ops/format.js';
import type { HostMetrics, LogLine, LogWarning, ServiceStatus, StatusWarning } from '../../ops/types.js';

export interface LogsData {
  target: string;
  services: string[];
  /** Epoch ms: the start of the window. */
  since: number;
  lines: LogLine[];
}

export interface StatusData {
  target: string;
  services: ServiceStatus[];
  hosts: HostMetrics[];
  warnings: StatusWarning[];
  notes: string[];
  /** The clock the AGE column counts from. */
  now: Date;
}

export interface RestartResultData {
  service: string;
  restarted: boolean;
  /** Nothing to restart (Lambda): why. */
  reason?: string;
  via?: string;
  targets?: string[];
  /** The restarter's one-line result. */
  message?: string;
}

export interface BundleWrittenData {
  path: string;
  bytes: number;
  /** Paths inside the archive, sorted. */
  files: string[];
  doctor: { ok: boolean } & Record<CheckStatus, number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export const opsMessages = {
  /** logs (not following): the merged lines; {"ok", "target", "services", "since", "lines"} with --json. */
  'ops.logs.lines': message<LogsData>({
    level: 'result',
    json: ({ target, services, since, lines }) => ({ ok: true, target, services, since: iso(since), lines: lines.map(jsonLine) }),
    human: ({ lines }, w) => { for (const l of lines) w.line(formatLine(l)); },
  }),
  /** logs found nothing in the window. */
  'ops.logs.none': message<{ services: string[]; since: number; grep?: string }>({
    level: 'info',
    json: false,
    human: ({ services, since, grep }) => `No log lines for ${services.join(', ')} since ${iso(since)}${grep ? ` matching ${JSON.stringify(grep)}` : ''}.`,
  }),
  /** A log source's own problem (a missing log group, a truncated window, no pods). */
  'ops.logs.source-warning': message<LogWarning>({
    level: 'warn',
    human: (w) => describeLogWarning(w),
  }),
  'ops.logs.following': message<{ services: string[]; since: number }>({
    level: 'info',
    human: ({ services, since }) => `Following ${services.join(', ')} logs from ${iso(since)} (Ctrl-C to stop)...`,
  }),
  /** logs --follow: one line as it arrives, on stdout; with --json its JSON line {"time", "service", "instance", "message"}. */
  'ops.logs.line': message<LogLine>({
    level: 'progress',
    stream: 'stdout',
    json: (line) => jsonLine(line),
    human: (line) => formatLine(line),
  }),
  'ops.logs.stopped': message({
    level: 'info',
    human: () => 'Stopped following logs.',
  }),

  /** status: a table of services and one of hosts; {"ok", "target", "services", "hosts", "warnings", "notes"} with --json. */
  'ops.status': message<StatusData>({
    level: 'result',
    json: ({ target, services, hosts, warnings, notes }) => ({ ok: true, target, services, hosts, warnings: warnings.map(describeStatusWarning), notes }),
    human: ({ services, hosts, now }, w) => {
      w.table(['SERVICE', 'DESIRED', 'RUNNING', 'VERSION', 'HEALTH', 'RESTARTS', 'AGE'], services.map((s) => [
        s.service, s.desired === undefined ? '-' : String(s.desired), String(s.running), s.versions.join(', ') || '-', s.health,
        s.restarts === undefined ? '-' : String(s.restarts), age(s.startedAt, now),
      ]));
      if (hosts.length) {
        w.line();
        w.table(['SERVICE', 'HOST', 'CPU', 'MEMORY', 'CACHE DISK', 'NETWORK'], hosts.map((h) => [
          h.service, h.instance, percent(h.cpuPercent), percent(h.memoryPercent), percent(h.diskPercent), h.network ?? '-',
        ]));
      }
    },
  }),
  /** Something status could not collect (a metrics API missing). */
  'ops.status.note': message<{ note: string }>({
    level: 'info',
    json: false,
    human: ({ note }) => `note: ${note}`,
  }),
  /** A cache disk nearly full, or a version other than the config's. */
  'ops.status.warning': message<StatusWarning>({
    level: 'warn',
    json: false,
    human: (w) => describeStatusWarning(w),
  }),

  /** restart: {"ok", "service", "restarted", ...} with --json (the human line is ops.restart.noop or .done). */
  'ops.restart.result': message<RestartResultData>({
    level: 'result',
    json: (d) => ({ ok: true, ...d }),
  }),
  /** Nothing to restart (the API on Lambda): why. */
  'ops.restart.noop': message<{ service: string; reason: string }>({
    level: 'info',
    human: ({ reason }) => reason,
  }),
  /** A step of the restart (rollout status, instance refresh progress). */
  'ops.restart.progress': message<{ line: string }>({
    level: 'info',
    human: ({ line }) => line,
  }),
  'ops.restart.done': message<{ service: string; message: string }>({
    level: 'success',
    human: (d) => d.message,
  }),

  /** support bundle: where it is and what doctor said; {"ok", "path", "bytes", "files", "doctor"} with --json. */
  'support.bundle-written': message<BundleWrittenData>({
    level: 'result',
    json: (d) => ({ ok: true, ...d }),
    human: ({ path, bytes, files, doctor: n }, w) => {
      w.line(`Wrote ${path} (${formatBytes(bytes)}, ${files.length} files, secrets redacted)`);
      w.line(`doctor: ${n.pass} pass, ${n.warn} warn, ${n.fail} fail, ${n.skip} skip (the report is doctor.json in the bundle)`);
    },
  }),
};
