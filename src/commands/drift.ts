// braintrust drift: resources changed outside braintrust since the last apply (exit 1), and,
// separately, config changes not yet applied (listed; they do not change the exit code).
// --json: {"ok", "drift": [{address, type, action, attributes: [{name, before, after}]}], "pending"}.
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { ExitCode } from '../ui/errors.js';
import { runDrift } from '../drift/run.js';
import type { DriftOptions } from './drift.spec.js';

export const run: Handler<DriftOptions> = async (ctx, opts) => {
  const loaded = await loadConfig(ctx.globals.config);
  const spinner = await ctx.io.spinner('terraform plan -refresh-only (drift) and plan (pending config changes)');
  let report;
  try {
    report = await runDrift(ctx, loaded.config, loaded.path, opts.out);
  } finally {
    spinner.stop();
  }
  ctx.io.emit('drift.report', report);
  if (!report.drift.length) ctx.io.emit('drift.none');
  return report.ok ? ExitCode.ok : ExitCode.failed;
};
