// Runs terraform/tofu subcommands over execa, streaming -json lines. Ctrl-C (ctx.signal) is
// forwarded to terraform as SIGINT and we wait for it to stop, so it releases its state lock.
// Terraform runs under a small watchdog (watchdog.ts) holding a pipe from us: if this process
// dies, even by kill -9, terraform still gets SIGINT and stops gracefully, never SIGKILL.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { TerraformBinary } from './binary.js';
import {
  applyProgressOf, diagnosticOf, emptyPlan, foldPlanEvent, formatDiagnostic, parseEventLine,
  type ApplyProgress, type Diagnostic, type PlanSummary, type TerraformEvent,
} from './events.js';
import { BraintrustError } from '../ui/errors.js';

export interface RunnerOptions {
  bin: TerraformBinary;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Raw lines for --verbose. */
  onLine?: (line: string) => void;
  /** The watchdog's pid when a terraform run starts, undefined when it has exited (recorded in the lock). */
  onProcess?: (pid: number | undefined) => void;
}

export const WATCHDOG_PATH = fileURLToPath(new URL('./watchdog.js', import.meta.url));

export interface RunResult {
  exitCode: number;
  interrupted: boolean;
  diagnostics: Diagnostic[];
  /** Non-JSON output (init, or errors printed before the JSON UI starts). */
  text: string;
}

export class TerraformRunner {
  constructor(private readonly opts: RunnerOptions) {}

  private async run(args: string[], onEvent?: (ev: TerraformEvent) => void): Promise<RunResult> {
    const { bin, cwd, env, signal, onLine, onProcess } = this.opts;
    const child = execa(process.execPath, [WATCHDOG_PATH, bin.path, ...args], {
      cwd,
      env: { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
      extendEnv: false,
      reject: false,
      // The watchdog's lifeline: it closes when this process dies.
      stdin: 'pipe',
      all: false,
      buffer: false,
      forceKillAfterDelay: false,
      // Own process group: a terminal Ctrl-C reaches only us, and we forward exactly one
      // SIGINT (a second one makes terraform exit at once, possibly holding the state lock).
      detached: true,
    });
    if (child.pid) onProcess?.(child.pid);
    let wasInterrupted = false;
    const onAbort = () => {
      wasInterrupted = true;
      child.kill('SIGINT');
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });

    const diagnostics: Diagnostic[] = [];
    const text: string[] = [];
    const consume = (stream: NodeJS.ReadableStream | null) =>
      new Promise<void>((resolve) => {
        if (!stream) return resolve();
        const rl = createInterface({ input: stream });
        rl.on('line', (line) => {
          onLine?.(line);
          const ev = parseEventLine(line);
          if (!ev) {
            if (line.trim()) text.push(line);
            return;
          }
          const d = diagnosticOf(ev);
          if (d) diagnostics.push(d);
          onEvent?.(ev);
        });
        rl.on('close', () => resolve());
      });
    const [result] = await Promise.all([child, consume(child.stdout), consume(child.stderr)]);
    signal.removeEventListener('abort', onAbort);
    onProcess?.(undefined);
    return { exitCode: result.exitCode ?? (wasInterrupted ? 130 : 1), interrupted: wasInterrupted, diagnostics, text: text.join('\n') };
  }

  async init(backendConfig: string[] = [], upgrade = false): Promise<RunResult> {
    const args = ['init', '-input=false', '-no-color', ...backendConfig.map((b) => `-backend-config=${b}`)];
    if (upgrade) args.push('-upgrade');
    return this.checkInterrupt(await this.run(args), 'init');
  }

  async plan(planFile: string, opts: { destroy?: boolean } = {}): Promise<{ run: RunResult; plan: PlanSummary }> {
    const plan = emptyPlan();
    const args = ['plan', '-input=false', '-json', `-out=${planFile}`];
    if (opts.destroy) args.push('-destroy');
    const run = this.checkInterrupt(await this.run(args, (ev) => foldPlanEvent(plan, ev)), 'plan');
    return { run, plan };
  }

  async apply(planFile: string, onProgress: (p: ApplyProgress) => void): Promise<RunResult> {
    return this.checkInterrupt(
      await this.run(['apply', '-input=false', '-json', planFile], (ev) => {
        const p = applyProgressOf(ev);
        if (p) onProgress(p);
      }),
      'apply',
    );
  }

  /** Any subcommand over the -json event stream (drift: plan -refresh-only -detailed-exitcode). */
  async stream(args: string[], onEvent?: (ev: TerraformEvent) => void): Promise<RunResult> {
    return this.checkInterrupt(await this.run(args, onEvent), args[0] ?? 'run');
  }

  /** `show -json <planFile>`: the plan as one JSON document (undefined when it cannot be read). */
  async showPlan(planFile: string): Promise<unknown> {
    const { bin, cwd, env } = this.opts;
    const r = await execa(bin.path, ['show', '-json', '-no-color', planFile], { cwd, env: { ...env, TF_IN_AUTOMATION: '1' }, extendEnv: false, reject: false, maxBuffer: 512 * 1024 * 1024 });
    if (r.exitCode !== 0) return undefined;
    try {
      return JSON.parse(r.stdout);
    } catch {
      return undefined;
    }
  }

  /** `terraform output -json`, or an error saying why (never an empty object standing in for a failure). */
  async output(): Promise<{ ok: true; outputs: Record<string, { sensitive?: boolean; value?: unknown; type?: unknown }> } | { ok: false; error: string }> {
    const { bin, cwd, env } = this.opts;
    const r = await execa(bin.path, ['output', '-json', '-no-color'], { cwd, env: { ...env, TF_IN_AUTOMATION: '1' }, extendEnv: false, reject: false });
    if (r.exitCode !== 0) return { ok: false, error: `${bin.flavor} output exited ${r.exitCode ?? 'abnormally'}: ${String(r.stderr ?? '').trim().split('\n').slice(-3).join(' ').slice(0, 300)}` };
    try {
      const parsed = JSON.parse(r.stdout || 'null') as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, error: `${bin.flavor} output printed no JSON object` };
      return { ok: true, outputs: parsed as Record<string, { sensitive?: boolean; value?: unknown }> };
    } catch (e) {
      return { ok: false, error: `${bin.flavor} output printed invalid JSON: ${(e as Error).message}` };
    }
  }

  private checkInterrupt(r: RunResult, step: string): RunResult {
    if (r.interrupted) {
      const tf = this.opts.bin.flavor;
      const what = step === 'apply' ? 'some resources may already be changed' : 'nothing was applied';
      throw new BraintrustError(`Interrupted: ${tf} ${step} was stopped (Ctrl-C) and has exited; ${what}.`, {
        code: 'INTERRUPTED',
        // Where a held state lock and its ID would show.
        details: r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
        hint: `Re-run the same command to ${step === 'apply' ? 'finish (terraform plans again from the real state)' : 'start again'}. ` +
          `If an error above names a held state lock, run \`${tf} force-unlock <LOCK_ID>\` in ${this.opts.cwd}.`,
      });
    }
    return r;
  }
}
