// Quota arithmetic shared by the three clouds: what the stack needs against limit - usage.
import { fail, pass, warn, type CheckOutcome } from '../doctor/types.js';

export interface QuotaRow {
  /** As the cloud names it: "Running On-Demand Standard instances (vCPU)", "C4A_CPUS" ... */
  name: string;
  need: number;
  limit: number | undefined;
  /** Current usage; undefined when the cloud does not say. */
  used: number | undefined;
}

export function headroom(r: QuotaRow): number | undefined {
  return r.limit === undefined ? undefined : r.limit - (r.used ?? 0) - r.need;
}

function line(r: QuotaRow): string {
  const h = headroom(r);
  return `${r.name}: need ${r.need}, limit ${r.limit ?? '?'}${r.used !== undefined ? `, in use ${r.used}` : ''}${h !== undefined ? `, headroom ${h}` : ''}`;
}

/** fail when any row cannot hold what the stack needs; warn when a limit could not be read. */
export function judgeQuotas(rows: QuotaRow[], raiseHint: string, notes: string[] = []): CheckOutcome {
  const short = rows.filter((r) => (headroom(r) ?? 0) < 0);
  const unknown = rows.filter((r) => r.limit === undefined);
  const detail = [...rows.map(line), ...notes].join('; ');
  if (short.length) return fail(detail, `${short.map((r) => `${r.name} is short by ${-headroom(r)!}`).join('; ')}. ${raiseHint}`);
  if (unknown.length) return warn(detail, `Could not read ${unknown.map((r) => r.name).join(', ')}; check it in the cloud console before installing.`);
  return pass(detail);
}
