// drift: resources changed outside braintrust (a table of attributes, state vs cloud) and the
// config changes not yet applied; with --json the report itself.
import { message } from '../message-def.js';
import type { DriftReport } from '../../drift/run.js';

export const driftMessages = {
  /** {"ok", "drift": [{address, type, action, attributes: [{name, before, after}]}], "pending"} with --json. */
  'drift.report': message<DriftReport>({
    level: 'result',
    human: (report, w) => {
      if (report.drift.length) {
        w.line(`Changed outside braintrust (${report.drift.length}):`);
        const rows = report.drift.flatMap((d) => d.attributes.length
          ? d.attributes.map((a, i) => [i === 0 ? d.address : '', i === 0 ? d.action : '', a.name, a.before, a.after])
          : [[d.address, d.action, '', '', '']]);
        w.table(['resource', 'action', 'attribute', 'in state', 'in the cloud'], rows);
        w.line('Fix: run `braintrust install` to put the config back, or change braintrust.yaml to match what was done by hand.');
      }
      if (report.pending.length) {
        w.line();
        w.line(`Config changes not yet applied (${report.pending.length}; \`braintrust install\` applies them):`);
        for (const p of report.pending) w.line(`  ${p.action} ${p.address}`);
      }
    },
  }),
  /** The refresh-only plan found nothing changed outside braintrust. */
  'drift.none': message({
    level: 'success',
    json: false,
    human: () => 'No drift: the cloud matches the last apply.',
  }),
  /** A line of terraform's output (--verbose). */
  'drift.terraform-line': message<{ line: string }>({
    level: 'debug',
    human: ({ line }) => line,
  }),
};
