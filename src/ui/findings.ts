// The sizing findings as a table (component, check, required, actual, status, fix) and a
// summary line: shown by `sizing check`, install and every deploy.
import type { Finding } from '../sizing/check.js';
import { countFindings } from '../sizing/findings.js';
import type { HumanWriter } from './message-def.js';
import { groupThousands } from '../sizing/number-format.js';

/** The findings table (component, check, required, actual, status, fix) and a summary line. */
export function renderFindings(w: HumanWriter, findings: readonly Finding[]): void {
  w.table(
    ['component', 'check', 'required', 'actual', 'status', 'fix'],
    findings.map((f) => [f.component, f.check, formatRequired(f), formatActual(f), w.status(f.status), f.hint]),
  );
  w.line(summarizeFindings(findings));
}

export function summarizeFindings(findings: readonly Finding[]): string {
  const n = countFindings(findings);
  const verdict = n.fail ? 'sizing check failed' : n.warn ? 'sizing check passed with warnings' : 'sizing check passed';
  return `${verdict}: ${n.pass} pass, ${n.warn} warn, ${n.fail} fail`;
}

function withUnit(v: number, unit?: string): string {
  if (!unit) return groupThousands(v);
  return unit === '%' ? `${v}%` : `${groupThousands(v)} ${unit}`;
}

function formatRequired(f: Finding): string {
  if (f.required === null) return '-';
  if (typeof f.required === 'number') return `${groupThousands(f.required)}+${f.unit ? ` ${f.unit}` : ''}`;
  return String(f.required);
}

function formatActual(f: Finding): string {
  const value = f.actual === null ? '-' : typeof f.actual === 'number' ? withUnit(f.actual, f.unit) : String(f.actual);
  return f.instanceType && f.actual !== null ? `${value} (${f.instanceType})` : value;
}
