// braintrust preflight: can this account hold the deployment? Identity, instance availability
// per zone, quotas, permissions and the state backend, concurrently with per-check timeouts.
// Exit 0 no failure, 1 a check failed, 2 config/usage error, 3 the cloud CLI is missing.
// --json prints doctor's shape: {"ok", "checks", "suggestedZones"?}.
import type { Handler } from '../context.js';
import { ExitCode } from '../ui/errors.js';
import { runPreflight } from '../preflight/run.js';
import type { PreflightCommandOptions } from './preflight.spec.js';

export const run: Handler<PreflightCommandOptions> = async (ctx, opts) => {
  const spinner = await ctx.io.spinner('Running preflight checks');
  let result;
  try {
    result = await runPreflight(ctx, opts);
  } finally {
    spinner.stop();
  }
  ctx.io.emit('preflight.report', result);
  return result.report.ok ? ExitCode.ok : ExitCode.failed;
};
