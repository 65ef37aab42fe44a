// The tools the ops commands drive (aws, kubectl, docker): found on the caller's PATH (exit 3
// with the install hint when missing), run to completion, or streamed line by line.
import { execa } from 'execa';
import { findExecutable, runTool, TOOL_HINTS, type ToolRun } from '../access/tools.js';
import { childEnv, childKindOf } from '../access/child-env.js';
import { operationFailed, prerequisiteError } from '../ui/errors.js';

export type OpsTool = 'aws' | 'session-manager-plugin' | 'kubectl' | 'docker';

const HINTS: Record<OpsTool, string> = {
  aws: TOOL_HINTS.aws,
  'session-manager-plugin': TOOL_HINTS['session-manager-plugin'],
  kubectl: TOOL_HINTS.kubectl,
  docker: 'Install Docker Engine with the compose plugin: https://docs.docker.com/engine/install/',
};

export async function requireOpsTool(name: OpsTool, env: NodeJS.ProcessEnv, why: string): Promise<string> {
  const found = await findExecutable(name, env);
  if (found) return found;
  throw prerequisiteError(`${name} is not installed (not found on PATH): ${why}`, HINTS[name], 'TOOL_MISSING');
}

export interface ToolRunner {
  /** Run to completion; a non-zero exit throws with the tool's last lines. */
  run(args: string[], signal: AbortSignal, what: string, timeoutMs?: number): Promise<string>;
  /** Run to completion and return the exit code and output as they are. */
  raw(args: string[], signal: AbortSignal): Promise<ToolRun>;
  /** Stream stdout lines until the process ends or the signal aborts (the process is then killed). */
  stream(args: string[], signal: AbortSignal, onLine: (line: string) => void): Promise<void>;
}

export function toolRunner(file: string, fullEnv: NodeJS.ProcessEnv, hint: string): ToolRunner {
  const name = file.split(/[\\/]/).pop() ?? file;
  // aws and kubectl get what they need, not the CLI's environment (src/access/child-env.ts);
  // docker compose keeps it: the compose file interpolates the license key variable.
  const kind = childKindOf(file);
  const env = kind ? childEnv(kind, fullEnv) : fullEnv;
  return {
    async run(args, signal, what, timeoutMs = 120_000) {
      const r = await runTool(file, args, { env, signal, timeoutMs });
      if (r.exitCode !== 0) {
        throw operationFailed(`${name} ${what} failed (exit ${r.exitCode})`, hint, r.stderr.trim().split('\n').slice(-6), 'OPS_TOOL_FAILED');
      }
      return r.stdout;
    },
    raw: (args, signal) => runTool(file, args, { env, signal, timeoutMs: 120_000 }),
    async stream(args, signal, onLine) {
      const child = execa(file, args, {
        env, extendEnv: false, stdin: 'ignore', buffer: false, reject: false, cancelSignal: signal, forceKillAfterDelay: 3000,
      });
      let rest = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) if (l.trim()) onLine(l.replace(/\r$/, ''));
      });
      child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
      const r = await child;
      if (rest.trim()) onLine(rest);
      if (signal.aborted) return;
      if (r.exitCode !== 0) {
        throw operationFailed(`${name} ${args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')} failed (exit ${r.exitCode})`, hint,
          stderr.trim().split('\n').slice(-6), 'OPS_TOOL_FAILED');
      }
    },
  };
}

/** Resolve after ms, or when the signal aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}
