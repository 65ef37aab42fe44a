// A long-running tunnel process (aws ssm start-session, kubectl port-forward) that must never
// outlive the session. It runs in its own process group so stopping it also stops what it
// spawned (aws runs session-manager-plugin as a child), and so a Ctrl-C on the terminal reaches
// only us: we tear it down in order. A process 'exit' hook kills the group if we die first.
import { execa, type ResultPromise } from 'execa';
import { operationFailed } from '../ui/errors.js';

export interface TunnelProcess {
  readonly pid: number;
  /** Set once the process has exited. */
  readonly exited: boolean;
  /** The last lines it printed (stdout and stderr), for error messages. */
  outputTail(): string;
  /** Throws when the process has already exited (use while waiting for readiness). */
  assertRunning(what: string): void;
  /** SIGTERM the group, SIGKILL after graceMs, and wait until it is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnTunnelOptions {
  env: NodeJS.ProcessEnv;
  /** Called with each line the process prints (debug logging). */
  onLine?: (line: string) => void;
}

const TAIL_LIMIT = 4000;

/** Signal the whole group; fall back to the leader alone only while it is known to run. */
function killGroup(pid: number, sig: NodeJS.Signals, leaderRunning: boolean): void {
  try {
    process.kill(-pid, sig);
  } catch {
    if (!leaderRunning) return;
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

export function spawnTunnelProcess(file: string, args: string[], opts: SpawnTunnelOptions): TunnelProcess {
  const child: ResultPromise = execa(file, args, {
    env: opts.env,
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    detached: true,
  });
  if (child.pid === undefined) throw operationFailed(`Could not start ${file}`);
  const pid = child.pid;
  let tail = '';
  let exited = false;
  let exitCode: number | undefined;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-TAIL_LIMIT);
    for (const line of text.split('\n')) if (line.trim()) opts.onLine?.(line.trimEnd());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const onParentExit = () => killGroup(pid, 'SIGKILL', !exited);
  process.on('exit', onParentExit);
  const done = child.then(
    (r) => { exitCode = r.exitCode; },
    () => undefined,
  ).finally(() => {
    exited = true;
    process.off('exit', onParentExit);
  });

  let stopping: Promise<void> | undefined;
  return {
    pid,
    get exited() { return exited; },
    outputTail: () => tail.trim(),
    assertRunning(what) {
      if (!exited) return;
      throw operationFailed(
        `${what} exited before the tunnel was ready (exit code ${exitCode ?? 'unknown'})`,
        'Check your cloud credentials and that the deployment is running; the tool said:',
        tail.trim().split('\n').slice(-8),
        'TUNNEL_FAILED',
      );
    },
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        // Even after the leader exited, what it spawned may still run in its group.
        killGroup(pid, 'SIGTERM', !exited);
        if (exited) return;
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
        if ((await Promise.race([done.then(() => 'done' as const), timer])) === 'timeout') {
          killGroup(pid, 'SIGKILL', !exited);
          await done;
        }
      })();
      return stopping;
    },
  };
}
