// Drift as data: the resources terraform found changed outside it (plan -refresh-only), from the
// plan's JSON representation (`terraform show -json`: resource_drift[] with before/after and the
// *_sensitive masks), or from the -json event stream when the plan file cannot be shown. Values
// of sensitive attributes, and of attributes whose names say secret, are masked.
import type { TerraformEvent } from '../terraform/events.js';

export interface ChangedAttribute {
  name: string;
  before: string;
  after: string;
}

export interface DriftedResource {
  address: string;
  type: string;
  /** update: changed in place outside terraform; delete: gone. */
  action: string;
  attributes: ChangedAttribute[];
}

export const MASK = '(sensitive)';
const SECRET_NAME = /password|secret|token|private_key|license|connection_string|access_key|auth_string|primary_key|credential/i;
const MAX_VALUE = 160;

interface PlanChange {
  actions?: string[];
  before?: unknown;
  after?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}
interface PlanResourceChange {
  address: string;
  type: string;
  change: PlanChange;
}
export interface PlanJson {
  resource_drift?: PlanResourceChange[];
  resource_changes?: PlanResourceChange[];
}

function sensitive(mask: unknown, key: string): boolean {
  if (mask === true) return true;
  if (mask && typeof mask === 'object') {
    const m = (mask as Record<string, unknown>)[key];
    // A nested mask (object/array) with any true in it: the attribute holds a secret somewhere.
    return m === true || (m !== undefined && m !== false && JSON.stringify(m).includes('true'));
  }
  return false;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const s = JSON.stringify(value);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Top-level attributes whose values differ, with secrets masked. */
export function changedAttributes(change: PlanChange): ChangedAttribute[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  if (typeof before !== 'object' || typeof after !== 'object') return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: ChangedAttribute[] = [];
  for (const k of keys) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    const secret = SECRET_NAME.test(k) || sensitive(change.before_sensitive, k) || sensitive(change.after_sensitive, k);
    out.push({ name: k, before: secret ? MASK : show(before[k]), after: secret ? MASK : show(after[k]) });
  }
  return out;
}

function actionOf(actions: string[] | undefined): string {
  if (!actions?.length) return 'update';
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  return actions[0] === 'no-op' ? 'noop' : actions[0];
}

/** Drift from `terraform show -json` of a refresh-only plan. */
export function driftFromPlan(plan: PlanJson): DriftedResource[] {
  return (plan.resource_drift ?? [])
    .map((r) => ({ address: r.address, type: r.type, action: actionOf(r.change.actions), attributes: changedAttributes(r.change) }))
    .filter((r) => r.action !== 'noop');
}

/** Drift from the -json event stream alone (addresses and actions, no values). */
export function driftFromEvents(events: readonly TerraformEvent[]): DriftedResource[] {
  return events
    .filter((e) => e.type === 'resource_drift' && e.change?.resource?.addr)
    .map((e) => ({
      address: e.change!.resource!.addr!,
      type: e.change!.resource!.resource_type ?? e.change!.resource!.addr!.split('.')[0],
      action: e.change!.action ?? 'update',
      attributes: [],
    }));
}
