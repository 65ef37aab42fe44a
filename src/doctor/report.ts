// Human rendering of a doctor report: a table grouped by check group, the fix for every
// warning and failure, and a one-line summary.
import type { Output } from '../ui/output.js';
import { countStatuses, type DoctorReport } from './run.js';
import { formatSeconds } from './units.js';

export function renderReport(out: Output, report: DoctorReport, durationMs: number): void {
  let group = '';
  const rows = report.checks.map((c) => {
    const shown = c.group === group ? '' : c.group;
    group = c.group;
    return [shown, c.id, out.status(c.status), c.detail];
  });
  out.table(['group', 'check', 'status', 'detail'], rows);
  const fixes = report.checks.filter((c) => (c.status === 'warn' || c.status === 'fail') && c.hint);
  if (fixes.length) {
    out.print();
    out.print('To fix:');
    for (const c of fixes) out.print(`  ${out.status(c.status)} ${c.id}: ${c.hint}`);
  }
  const n = countStatuses(report.checks);
  out.print();
  out.print(`${report.ok ? 'doctor: no failures' : 'doctor: some checks failed'} (${n.pass} pass, ${n.warn} warn, ${n.fail} fail, ${n.skip} skip in ${formatSeconds(durationMs)})`);
}
