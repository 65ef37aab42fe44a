// The deploy pipeline (src/terraform/pipeline.ts): an earlier run's leftovers, synth and
// terraform details, the plan's risky actions, confirmation outcomes, apply progress (one JSON
// line per event with --json, `[n/total]` lines without a live spinner) and the closing line.
import { message } from '../message-def.js';
import type { ApplyProgress, Diagnostic } from '../../terraform/events.js';
import { formatDiagnostic, humanLine } from '../../terraform/events.js';
import { elapsed } from '../../terraform/elapsed.js';
import type { SynthEngineInfo } from '../../../stacks/synth.js';

export interface ApplyProgressData {
  progress: ApplyProgress;
  /** Resources completed so far (counted before the event is sent: the last one says done == total). */
  done: number;
  total: number;
}

export const terraformMessages = {
  /** A previous run died holding the lock; this run takes it over. */
  'deploy.lock-taken-over': message<{ command: string; pid: number; startedAt: string; terraformPid?: number }>({
    level: 'warn',
    human: (d) => `A previous run (\`braintrust ${d.command}\`, pid ${d.pid}, started ${d.startedAt}) died without releasing its lock; ` +
      `its terraform is no longer running${d.terraformPid ? ` (pid ${d.terraformPid} has exited)` : ''}. Taking the lock over.`,
  }),
  /** A history "started" entry with no result: a run killed mid-apply. */
  'deploy.run-interrupted': message<{ action: string; time: string; runId: string; running: boolean; terraformPid?: number }>({
    level: 'warn',
    human: (d) => `The ${d.action} run started ${d.time} (run ${d.runId}) was interrupted before it recorded a result; ` +
      `its terraform is ${d.running ? `still running (pid ${d.terraformPid})` : 'not running any more'}. Terraform plans again from the real state, so this run picks up what it changed.`,
  }),
  'deploy.history-update-failed': message<{ error: string }>({
    level: 'warn',
    human: (d) => `could not update the history: ${d.error}`,
  }),
  /** A config warning (API runtime, chart) shown before every deploy. */
  'deploy.config-warning': message<{ warning: string }>({
    level: 'warn',
    human: (d) => d.warning,
  }),
  'deploy.synth-engine': message<SynthEngineInfo>({
    level: 'debug',
    human: (d) => d.kind === 'bundle' ? `stack code: ${d.file} (V8 code cache ${d.codeCache})` : 'stack code: node_modules (no bundle built)',
  }),
  'deploy.local-state-in-ci': message({
    level: 'warn',
    human: () => 'state.backend is local: in CI the state file is lost with the runner. Use an s3, gcs or azurerm backend (see `state` in the config reference).',
  }),
  'terraform.binary': message<{ flavor: string; version: string; path: string }>({
    level: 'debug',
    human: (d) => `using ${d.flavor} ${d.version} at ${d.path}`,
  }),
  /** One line of terraform's -json output (--verbose). */
  'terraform.log': message<{ line: string }>({
    level: 'debug',
    human: (d) => humanLine(d.line),
  }),
  'terraform.init-skipped': message<{ flavor: string }>({
    level: 'info',
    human: (d) => `${d.flavor} init skipped: providers, lock file and backend unchanged since the last init (--reinit forces it)`,
  }),
  /** What the plan replaces or destroys (shown under the plan's counts). */
  'terraform.plan-risks': message<{ replaced: string[]; destroyed: string[] }>({
    level: 'info',
    human: (d, w) => {
      for (const a of d.replaced) w.line(w.c.red(`  ! replace ${a}`));
      for (const a of d.destroyed) w.line(w.c.red(`  - destroy ${a}`));
    },
  }),
  'terraform.diagnostic': message<Diagnostic>({
    level: 'warn',
    human: (d) => formatDiagnostic(d),
  }),
  'deploy.no-changes': message({
    level: 'success',
    human: () => 'No changes: the deployment matches the config.',
  }),
  'deploy.not-applied-non-interactive': message({
    level: 'info',
    human: () => 'Not applying: this run is non-interactive. Re-run with --yes to apply.',
  }),
  'deploy.not-applied-declined': message({
    level: 'info',
    human: () => 'Not applied: nothing was changed.',
  }),
  /**
   * One apply event. --json: `{"type":"progress", ...event, done, total}` on stdout; otherwise
   * `  [n/total] action address (Ns)` on stderr for each completed resource when no live
   * spinner shows the count.
   */
  'terraform.apply-progress': message<ApplyProgressData>({
    level: 'progress',
    json: (d) => ({ type: 'progress', ...d.progress, done: d.done, total: d.total }),
    human: ({ progress: p, done, total }, w) => {
      if (p.kind === 'complete' && !w.interactive) w.line(`  [${done}/${total}] ${p.action} ${p.address} (${p.elapsedSeconds}s)`);
    },
  }),
  /** A resource's apply failed (stderr in both modes; terraform's error follows in the failure). */
  'terraform.apply-errored': message<{ action: string; address: string }>({
    level: 'info',
    human: (d, w) => w.c.red(`  failed: ${d.action} ${d.address}`),
  }),
  'deploy.outputs-read-failed': message<{ error: string; path: string }>({
    level: 'warn',
    human: (d) => `The apply succeeded, but reading its outputs failed (${d.error}); ${d.path} was left as it was. Re-run \`braintrust install\` to refresh it.`,
  }),
  'deploy.outputs-write-failed': message<{ error: string; path: string }>({
    level: 'warn',
    human: (d) => `The apply succeeded, but writing ${d.path} failed: ${d.error}. Re-run \`braintrust install\` to write it.`,
  }),
  'deploy.history-write-failed': message<{ error: string }>({
    level: 'warn',
    human: (d) => `The apply succeeded, but recording it in the history failed: ${d.error}`,
  }),
  /** The run's closing line. */
  'deploy.applied': message<{ outcome: 'applied' | 'destroyed' | 'up-to-date'; durationMs: number; outputsFile?: string }>({
    level: 'success',
    human: (d) => `${d.outcome === 'up-to-date' ? 'Up to date' : d.outcome === 'destroyed' ? 'Destroyed' : 'Applied'} in ${elapsed(d.durationMs)}${d.outputsFile ? `; outputs saved to ${d.outputsFile}` : ''}`,
  }),
};
