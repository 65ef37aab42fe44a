// doctor: the report as a table grouped by check group, the fix for every warning and failure,
// and a one-line summary; with --json the report itself (plus the config error, exit 2).
import { message } from '../message-def.js';
import type { DoctorReport } from '../../doctor/run.js';
import type { CheckStatus } from '../../doctor/types.js';
import { formatSeconds } from '../../doctor/units.js';

export interface DoctorReportData {
  report: DoctorReport;
  durationMs: number;
  /** The config could not be loaded (doctor still ran the other checks; exit 2). */
  error?: { code: string; message: string; hint?: string; details?: string[] };
}

export const doctorMessages = {
  'doctor.report': message<DoctorReportData>({
    level: 'result',
    json: ({ report, error }) => ({ ...report, ...(error ? { ok: false, error } : {}) }),
    human: ({ report, durationMs }, w) => {
      let group = '';
      w.table(['group', 'check', 'status', 'detail'], report.checks.map((c) => {
        const shown = c.group === group ? '' : c.group;
        group = c.group;
        return [shown, c.id, w.status(c.status), c.detail];
      }));
      const fixes = report.checks.filter((c) => (c.status === 'warn' || c.status === 'fail') && c.hint);
      if (fixes.length) {
        w.line();
        w.line('To fix:');
        for (const c of fixes) w.line(`  ${w.status(c.status)} ${c.id}: ${c.hint}`);
      }
      const n: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
      for (const c of report.checks) n[c.status] += 1;
      w.line();
      w.line(`${report.ok ? 'doctor: no failures' : 'doctor: some checks failed'} (${n.pass} pass, ${n.warn} warn, ${n.fail} fail, ${n.skip} skip in ${formatSeconds(durationMs)})`);
    },
  }),
};
