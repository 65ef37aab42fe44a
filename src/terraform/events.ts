// Terraform's machine-readable UI (`-json`): one JSON object per line. This turns the
// lines into plan summaries, progress and diagnostics.

export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'noop' | 'move' | 'import';

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  address?: string;
}

export interface TerraformEvent {
  '@level'?: string;
  '@message'?: string;
  type?: string;
  hook?: {
    resource?: { addr?: string; resource_type?: string };
    action?: string;
    elapsed_seconds?: number;
    id_key?: string;
    id_value?: string;
  };
  change?: { resource?: { addr?: string; resource_type?: string }; action?: ChangeAction; reason?: string };
  changes?: { add: number; change: number; remove: number; import?: number; operation: string };
  diagnostic?: { severity: 'error' | 'warning'; summary: string; detail?: string; address?: string; range?: { filename?: string } };
  outputs?: Record<string, { sensitive?: boolean; value?: unknown; action?: string }>;
}

export function parseEventLine(line: string): TerraformEvent | undefined {
  const t = line.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    return JSON.parse(t) as TerraformEvent;
  } catch {
    return undefined;
  }
}

export interface PlannedChange {
  address: string;
  type: string;
  action: ChangeAction;
  reason?: string;
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  /** Resources replaced (destroyed then re-created) or destroyed: the ones a reviewer must see. */
  replaced: string[];
  destroyed: string[];
  changes: PlannedChange[];
  diagnostics: Diagnostic[];
}

export function emptyPlan(): PlanSummary {
  return { add: 0, change: 0, destroy: 0, replaced: [], destroyed: [], changes: [], diagnostics: [] };
}

export function diagnosticOf(ev: TerraformEvent): Diagnostic | undefined {
  if (ev.type !== 'diagnostic' || !ev.diagnostic) return undefined;
  const d = ev.diagnostic;
  return { severity: d.severity, summary: d.summary, detail: d.detail || undefined, address: d.address };
}

/** Fold one -json event into a plan summary. */
export function foldPlanEvent(plan: PlanSummary, ev: TerraformEvent): PlanSummary {
  if (ev.type === 'planned_change' && ev.change?.resource?.addr && ev.change.action) {
    const c: PlannedChange = {
      address: ev.change.resource.addr,
      type: ev.change.resource.resource_type ?? ev.change.resource.addr.split('.')[0],
      action: ev.change.action,
      reason: ev.change.reason,
    };
    plan.changes.push(c);
    if (c.action === 'replace') plan.replaced.push(c.address);
    if (c.action === 'delete') plan.destroyed.push(c.address);
  } else if (ev.type === 'change_summary' && ev.changes) {
    plan.add = ev.changes.add;
    plan.change = ev.changes.change;
    plan.destroy = ev.changes.remove;
  } else {
    const d = diagnosticOf(ev);
    if (d) plan.diagnostics.push(d);
  }
  return plan;
}

/** The number of resource operations an apply of this plan performs (replace counts once). */
export function operationCount(plan: PlanSummary): number {
  return plan.changes.filter((c) => c.action !== 'noop' && c.action !== 'read').length;
}

export type ApplyProgress =
  | { kind: 'start'; address: string; action: string }
  | { kind: 'progress'; address: string; elapsedSeconds: number }
  | { kind: 'complete'; address: string; action: string; elapsedSeconds: number }
  | { kind: 'errored'; address: string; action: string }
  | { kind: 'summary'; add: number; change: number; destroy: number };

export function applyProgressOf(ev: TerraformEvent): ApplyProgress | undefined {
  const addr = ev.hook?.resource?.addr ?? '';
  switch (ev.type) {
    case 'apply_start': return { kind: 'start', address: addr, action: ev.hook?.action ?? '' };
    case 'apply_progress': return { kind: 'progress', address: addr, elapsedSeconds: ev.hook?.elapsed_seconds ?? 0 };
    case 'apply_complete': return { kind: 'complete', address: addr, action: ev.hook?.action ?? '', elapsedSeconds: ev.hook?.elapsed_seconds ?? 0 };
    case 'apply_errored': return { kind: 'errored', address: addr, action: ev.hook?.action ?? '' };
    case 'change_summary':
      return ev.changes ? { kind: 'summary', add: ev.changes.add, change: ev.changes.change, destroy: ev.changes.remove } : undefined;
    default: return undefined;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}${d.address ? ` (${d.address})` : ''}`;
  return d.detail ? `${head}\n  ${d.detail.split('\n').join('\n  ')}` : head;
}

/** A raw terraform output line as a person reads it (--verbose): a -json event's @message. */
export function humanLine(line: string): string {
  const ev = parseEventLine(line);
  return ev?.['@message'] ? `${ev['@level'] === 'error' ? 'terraform error' : 'terraform'}: ${ev['@message']}` : line;
}
