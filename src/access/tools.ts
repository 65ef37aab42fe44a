// The external tools remote access drives (cloud CLIs, kubectl, psql, redis-cli): where to find
// them on the caller's PATH, the install hint when one is missing (exit 3), and one-shot runs.
// Only the access adapters import execa.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { operationFailed, prerequisiteError } from '../ui/errors.js';

export type ToolName = 'aws' | 'session-manager-plugin' | 'gcloud' | 'az' | 'kubectl' | 'psql' | 'redis-cli';

/** Install hints shown when a tool is missing (doctor reports the same ones). */
export const TOOL_HINTS: Record<ToolName, string> = {
  aws: 'Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
  'session-manager-plugin':
    'Install the Session Manager plugin for the AWS CLI: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html',
  gcloud: 'Install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install',
  az: 'Install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli',
  kubectl: 'Install kubectl: https://kubernetes.io/docs/tasks/tools/ (GKE also needs gke-gcloud-auth-plugin)',
  psql: 'Install the PostgreSQL client (apt install postgresql-client, brew install libpq), or run a one-shot query without it: --query "SELECT ..."',
  'redis-cli': 'Install redis-cli (apt install redis-tools, brew install redis), or run a one-shot command without it: --command "INFO"',
};

/** The absolute path of `name` on env.PATH, or undefined. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here: try the next directory
      }
    }
  }
  return undefined;
}

/** The tool's path, or a prerequisite error (exit 3) with its install hint. */
export async function requireTool(name: ToolName, env: NodeJS.ProcessEnv, why?: string): Promise<string> {
  const found = await findExecutable(name, env);
  if (found) return found;
  throw prerequisiteError(`${name} is not installed (not found on PATH)${why ? `: ${why}` : ''}`, TOOL_HINTS[name], 'TOOL_MISSING');
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunToolOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Run a tool to completion and capture its output. The caller decides what a non-zero exit
 * means; output is never logged here because it may hold a secret.
 */
export async function runTool(file: string, args: string[], opts: RunToolOptions): Promise<ToolRun> {
  const r = await execa(file, args, {
    env: opts.env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    cancelSignal: opts.signal,
    timeout: opts.timeoutMs,
    stripFinalNewline: true,
  });
  if (r.isCanceled) throw opts.signal?.reason ?? operationFailed(`${file} was cancelled`);
  if (r.timedOut) throw operationFailed(`${file} ${args[0] ?? ''} did not finish within ${opts.timeoutMs} ms`);
  if (r.failed && r.exitCode === undefined) throw operationFailed(`Could not run ${file}: ${r.shortMessage}`);
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode ?? 1 };
}

export interface InteractiveOptions {
  env: NodeJS.ProcessEnv;
  /** Aborting it terminates the program (time limit, SIGTERM). */
  signal: AbortSignal;
}

/** Run an interactive program (psql, redis-cli) on the caller's terminal; resolves to its exit code. */
export async function runInteractive(file: string, args: string[], opts: InteractiveOptions): Promise<number> {
  const r = await execa(file, args, {
    env: opts.env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
    cancelSignal: opts.signal,
    forceKillAfterDelay: 3000,
  });
  if (r.isCanceled) throw opts.signal.reason;
  return r.exitCode ?? 1;
}
