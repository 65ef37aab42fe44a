// Findings: one per evaluated requirement row, with the fix as its hint.
import type { Component } from './requirements.js';

export type { Component } from './requirements.js';
export type FindingStatus = 'pass' | 'warn' | 'fail';
export type FindingValue = string | number | boolean | null;

export interface Finding {
  component: Component;
  check: string;
  status: FindingStatus;
  required: FindingValue;
  actual: FindingValue;
  /** The fix ('' when the row passes). */
  hint: string;
  /** Unit of numeric required/actual values: vCPU, GiB, GB, IOPS. */
  unit?: string;
  /** Config field the actual value comes from, e.g. brainstore.readers.instanceType. */
  field?: string;
  /** Instance type the actual value was looked up from. */
  instanceType?: string;
}

/** Extra context shared by the findings of one subject (field, instance type, unit). */
export type FindingContext = Pick<Finding, 'field' | 'instanceType' | 'unit'>;

function clean(ctx: FindingContext): FindingContext {
  return Object.fromEntries(Object.entries(ctx).filter(([, v]) => v !== undefined)) as FindingContext;
}

export function finding(
  component: Component,
  check: string,
  status: FindingStatus,
  required: FindingValue,
  actual: FindingValue,
  hint: string,
  ctx: FindingContext = {},
): Finding {
  return { component, check, status, required, actual, hint: status === 'pass' ? '' : hint, ...clean(ctx) };
}

/** actual >= required passes; otherwise `failStatus` with the hint. */
export function atLeast(
  component: Component,
  check: string,
  required: number,
  actual: number,
  hint: string,
  ctx: FindingContext = {},
  failStatus: FindingStatus = 'fail',
): Finding {
  return finding(component, check, actual >= required ? 'pass' : failStatus, required, actual, hint, ctx);
}

export function hasFailures(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === 'fail');
}

export function countFindings(findings: readonly Finding[]): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const f of findings) counts[f.status] += 1;
  return counts;
}
