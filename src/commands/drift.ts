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
  const spinner = await ctx.out.spinner('terraform plan -refresh-only (drift) and plan (pending config changes)');
  let report;
  try {
    report = await runDrift(ctx, loaded.config, loaded.path, opts.out);
  } finally {
    spinner.stop();
  }
  ctx.out.result(report);
  if (!ctx.globals.json) {
    const o = ctx.out;
    if (report.drift.length) {
      o.print(`Changed outside braintrust (${report.drift.length}):`);
      const rows = report.drift.flatMap((d) => d.attributes.length
        ? d.attributes.map((a, i) => [i === 0 ? d.address : '', i === 0 ? d.action : '', a.name, a.before, a.after])
        : [[d.address, d.action, '', '', '']]);
      o.table(['resource', 'action', 'attribute', 'in state', 'in the cloud'], rows);
      o.print('Fix: run `braintrust install` to put the config back, or change braintrust.yaml to match what was done by hand.');
    } else {
      o.success('No drift: the cloud matches the last apply.');
    }
    if (report.pending.length) {
      o.print();
      o.print(`Config changes not yet applied (${report.pending.length}; \`braintrust install\` applies them):`);
      for (const p of report.pending) o.print(`  ${p.action} ${p.address}`);
    }
  }
  return report.ok ? ExitCode.ok : ExitCode.failed;
};
