// Preflight as the first step of install/upgrade: skipped for --dry-run (offline), with
// --skip-preflight or BRAINTRUST_SKIP_PREFLIGHT=1 (pipelines that run `braintrust preflight` as
// their own step); a failing check stops the command before terraform init (exit 1).
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { BraintrustError } from '../ui/errors.js';

export interface PreflightGate {
  dryRun?: boolean;
  skipPreflight?: boolean;
}

/** History fields for the deploy: `{ skipPreflight: true }` when it was skipped on request. */
export async function gatePreflight(ctx: Ctx, config: Config, opts: PreflightGate): Promise<{ skipPreflight?: true }> {
  if (opts.dryRun || config.cloud === 'docker') return {};
  if (opts.skipPreflight || ctx.env.BRAINTRUST_SKIP_PREFLIGHT === '1') {
    ctx.io.emit('deploy.preflight-skipped');
    return { skipPreflight: true };
  }
  const { runPreflight } = await import('./run.js');
  const spinner = await ctx.io.spinner('Preflight: identity, instance availability, quotas, permissions, state backend');
  let run;
  try {
    run = await runPreflight(ctx, {}, config);
  } finally {
    spinner.stop();
  }
  if (run.report.ok) {
    ctx.io.emit('deploy.preflight-passed', { checks: run.report.checks.length });
    return {};
  }
  ctx.io.emit('deploy.preflight-failed', { report: run.report, durationMs: run.durationMs });
  const failed = run.report.checks.filter((c) => c.status === 'fail');
  throw new BraintrustError(`Preflight failed: ${failed.map((c) => c.id).join(', ')}`, {
    code: 'PREFLIGHT_FAILED',
    details: failed.map((c) => `${c.id}: ${c.detail}. ${c.hint}`),
    hint: 'Fix what the checks name and re-run, or pass --skip-preflight (recorded in history) when a pipeline runs `braintrust preflight` separately.',
  });
}
