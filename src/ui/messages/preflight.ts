// Preflight: doctor's table and fixes, plus the zones that offer every instance type. The
// command prints the report (the JSON document with --json); install's and upgrade's gate
// (src/preflight/gate.ts) emits deploy.preflight-failed, which renders the same table.
import { message, type HumanWriter } from '../message-def.js';
import type { CheckStatus } from '../../doctor/types.js';
import type { PreflightReport } from '../../preflight/run.js';
import { formatSeconds } from '../../doctor/units.js';

export interface PreflightReportData {
  report: PreflightReport;
  durationMs: number;
}

/** The checks as a table, the fix of every warning and failure, the suggested zones and a summary line. */
export function renderPreflight(w: HumanWriter, report: PreflightReport, durationMs: number): void {
  w.table(['check', 'status', 'detail'], report.checks.map((c) => [c.id, w.status(c.status), c.detail]));
  const fixes = report.checks.filter((c) => (c.status === 'warn' || c.status === 'fail') && c.hint);
  if (fixes.length) {
    w.line();
    w.line('To fix:');
    for (const c of fixes) w.line(`  ${w.status(c.status)} ${c.id}: ${c.hint}`);
  }
  if (report.suggestedZones?.length) {
    w.line();
    w.line(`Zones offering every instance type: zones: [${report.suggestedZones.join(', ')}]`);
  }
  const n: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of report.checks) n[c.status] += 1;
  w.line();
  w.line(`${report.ok ? 'preflight: no failures' : 'preflight: some checks failed'} (${n.pass} pass, ${n.warn} warn, ${n.fail} fail, ${n.skip} skip in ${formatSeconds(durationMs)})`);
}

export const preflightMessages = {
  /** `braintrust preflight`: {"ok", "checks", "suggestedZones"?} with --json (doctor's shape). */
  'preflight.report': message<PreflightReportData>({
    level: 'result',
    json: ({ report }) => report,
    human: ({ report, durationMs }, w) => renderPreflight(w, report, durationMs),
  }),
};
