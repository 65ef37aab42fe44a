// Pure diffs shown before a change is applied: the config file (unified-style, like
// `git diff`), the settings that changed (dotted paths) and the API environment.

export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface EnvChange {
  name: string;
  before: string | null;
  after: string | null;
}

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/** Line operations from a longest-common-subsequence table (configs are a few hundred lines). */
function lineOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', line: a[i++], a: i, b: ++j });
    // Removals before additions on a tie, as diff -u prints them.
    else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', line: a[i++], a: i, b: j });
    else ops.push({ kind: '+', line: b[j++], a: i, b: j });
  }
  return ops;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff ("" when the texts are equal) with `context` lines around each change. */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, context = 3): string {
  if (before === after) return '';
  const ops = lineOps(splitLines(before), splitLines(after));
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(ops.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  }
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  for (const [s, e] of hunks) {
    const slice = ops.slice(s, e + 1);
    const aLen = slice.filter((o) => o.kind !== '+').length;
    const bLen = slice.filter((o) => o.kind !== '-').length;
    // 1-based first line of the hunk on each side (0 for an empty side, as diff does).
    const aStart = aLen ? slice.find((o) => o.kind !== '+')!.a : ops[s].a;
    const bStart = bLen ? slice.find((o) => o.kind !== '-')!.b : ops[s].b;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of slice) out.push(`${o.kind}${o.line}`);
  }
  return out.join('\n') + '\n';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Leaf values that differ between two (validated) configs, as dotted paths. */
export function valueChanges(before: unknown, after: unknown, prefix = ''): ValueChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => valueChanges(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: prefix, before: before ?? null, after: after ?? null }];
}

/** Environment variables added, removed or changed (sorted by name). */
export function envDiff(before: Record<string, string>, after: Record<string, string>): EnvChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((n) => before[n] !== after[n])
    .map((n) => ({ name: n, before: before[n] ?? null, after: after[n] ?? null }));
}

export function formatEnvChange(c: EnvChange): string {
  const show = (v: string | null) => (v === null ? '(unset)' : JSON.stringify(v));
  return `${c.name}: ${show(c.before)} -> ${show(c.after)}`;
}
