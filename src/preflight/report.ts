// Human rendering of a preflight report: doctor's table and fixes, plus the suggested zones.
import type { Output } from '../ui/output.js';
import { countStatuses } from '../doctor/run.js';
import { formatSeconds } from '../doctor/units.js';
import type { PreflightReport } from './run.js';

export function renderPreflight(out: Output, report: PreflightReport, durationMs: number): void {
  out.table(['check', 'status', 'detail'], report.checks.map((c) => [c.id, out.status(c.status), c.detail]));
  const fixes = report.checks.filter((c) => (c.status === 'warn' || c.status === 'fail') && c.hint);
  if (fixes.length) {
    out.print();
    out.print('To fix:');
    for (const c of fixes) out.print(`  ${out.status(c.status)} ${c.id}: ${c.hint}`);
  }
  if (report.suggestedZones?.length) {
    out.print();
    out.print(`Zones offering every instance type: zones: [${report.suggestedZones.join(', ')}]`);
  }
  const n = countStatuses(report.checks);
  out.print();
  out.print(`${report.ok ? 'preflight: no failures' : 'preflight: some checks failed'} (${n.pass} pass, ${n.warn} warn, ${n.fail} fail, ${n.skip} skip in ${formatSeconds(durationMs)})`);
}
