// The container half of day-2 operations (logs, status, restart, shell) behind one interface per
// concern, like the tunnels: each target (AWS, Kubernetes on GCP/Azure, docker compose)
// implements them over its own CLI (aws, kubectl, docker); commands only see these types.

/** The services the commands name. `brainstore` is every Brainstore role. */
export const SERVICES = ['api', 'brainstore', 'brainstore-reader', 'brainstore-writer'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** One log line from any source; `time` is epoch milliseconds. */
export interface LogLine {
  time: number;
  service: string;
  /** Instance id, pod or container name, Lambda stream. */
  instance: string;
  message: string;
}

export interface LogQuery {
  services: ServiceName[];
  /** Epoch ms: only lines at or after it. */
  since: number;
  /** Server-side filter when the source has one (the caller filters again). */
  grep?: string;
  signal: AbortSignal;
  /** Problems that do not stop the read (a missing log group, truncated results). */
  warn: (warning: LogWarning) => void;
}

/** A log source's problem that does not stop the command (described by ops/format.ts). */
export type LogWarning =
  | { kind: 'group-missing'; group: string }
  | { kind: 'truncated'; group: string; max: number }
  | { kind: 'no-pods'; workloads: string[]; namespace: string }
  /** A source failed (kubectl logs of one pod); `source` when known. */
  | { kind: 'source-failed'; source?: string; error: string };

export interface LogSource {
  /** Every line in the window, in any order (the caller merges). */
  fetch(q: LogQuery): Promise<LogLine[]>;
  /** Lines from `since` on, as they arrive, until the signal aborts (then resolves). */
  follow(q: LogQuery, onLine: (line: LogLine) => void): Promise<void>;
}

/** Utilisation of one host (EC2 instance, Kubernetes node or pod, container). */
export interface HostMetrics {
  service: string;
  instance: string;
  cpuPercent?: number;
  memoryPercent?: number;
  /** Brainstore cache volume use. */
  diskPercent?: number;
  /** Human network figure (rates or totals, as the source reports them). */
  network?: string;
}

export interface ServiceStatus {
  service: string;
  desired?: number;
  running: number;
  /** Image tag or Lambda version actually running (several when mid-rollout). */
  versions: string[];
  health: string;
  restarts?: number;
  /** ISO time the oldest running instance started. */
  startedAt?: string;
}

export interface StatusReport {
  services: ServiceStatus[];
  hosts: HostMetrics[];
  /** Problems met while collecting (a metric API missing), shown as notes. */
  notes: string[];
}

/** What status warns about (described by ops/format.ts; --json lists the sentences). */
export type StatusWarning =
  /** A Brainstore cache volume fuller than `limit` percent. */
  | { kind: 'cache-disk'; service: string; instance: string; percent: number; limit: number }
  /** A service runs image tags other than the config's version (mid-rollout or stale). */
  | { kind: 'version'; service: string; running: string[]; want: string }
  /** The last successful apply deployed another version than the config's. */
  | { kind: 'last-apply'; deployed: string; want: string };

export interface MetricsSource {
  status(signal: AbortSignal): Promise<StatusReport>;
}

export interface RestartPlan {
  service: ServiceName;
  /** What will happen, in words, for the confirmation. */
  description: string;
  /** Audit `via`: asg-instance-refresh, ecs, kubectl, docker. */
  via: string;
  /** Set when there is nothing to restart (Lambda): the explanation, nothing runs. */
  noop?: string;
  /** The objects acted on (ASG names, deployments, compose services). */
  targets: string[];
}

export interface Restarter {
  plan(service: ServiceName, signal: AbortSignal): Promise<RestartPlan>;
  /** Runs the plan; resolves to a one-line result for the user. */
  restart(plan: RestartPlan, signal: AbortSignal, progress: (line: string) => void): Promise<string>;
}

/** An interactive shell: the program to run on the caller's terminal. */
export interface ShellCommand {
  file: string;
  args: string[];
  via: string;
  instance: string;
}

export interface ShellOpener {
  resolve(service: ServiceName, instance: string | undefined, signal: AbortSignal): Promise<ShellCommand>;
}

export interface Operations {
  target: 'aws' | 'kubernetes' | 'docker';
  logs: LogSource;
  metrics: MetricsSource;
  restarter: Restarter;
  shell: ShellOpener;
}
