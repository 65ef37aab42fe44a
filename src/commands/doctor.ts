// braintrust doctor: every check concurrently, each with its own timeout. Exit 0 when nothing
// fails, 1 when a check fails, 2 on a usage error or a missing/invalid config (the other
// checks still report). --json prints {"ok", "checks"} (plus "error" for exit 2).
import type { Handler } from '../context.js';
import { BraintrustError, ExitCode } from '../ui/errors.js';
import { runDoctor, validateDoctorOptions } from '../doctor/run.js';
import type { DoctorCommandOptions } from './doctor.spec.js';

export const run: Handler<DoctorCommandOptions> = async (ctx, opts) => {
  // Bad flags are a usage error before anything starts (no "Running doctor checks" first).
  validateDoctorOptions(opts);
  const spinner = await ctx.io.spinner('Running doctor checks');
  let done = 0;
  let doctor;
  try {
    doctor = await runDoctor(ctx, opts, (r) => spinner.update(`Running doctor checks (${++done} done, last: ${r.id})`));
  } finally {
    spinner.stop();
  }
  const { report, context, durationMs } = doctor;
  const configRan = report.checks.some((c) => c.id === 'config');
  const configError = configRan ? context.configError : undefined;
  const error = configError instanceof BraintrustError ? configError.toJSON() : configError ? { code: 'CONFIG_INVALID', message: configError.message } : undefined;
  ctx.io.emit('doctor.report', { report, durationMs, ...(error ? { error } : {}) });
  if (configError) return ExitCode.usage;
  return report.ok ? ExitCode.ok : ExitCode.failed;
};
