// Data plane release versions (v2.12.0): parsing, ordering and display. The config accepts
// "2.12.0" or "v2.12.0"; everything here compares them numerically.

export type VersionTuple = [number, number, number];

export function parseVersion(v: string): VersionTuple | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** "2.12.0" and "v2.12.0" are the same release; the manifest and messages use the v form. */
export function normalizeVersion(v: string): string {
  const t = parseVersion(v);
  return t ? `v${t.join('.')}` : v;
}

/** Negative when a < b, 0 when equal, positive when a > b. Unparseable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [-1, -1, -1];
  const pb = parseVersion(b) ?? [-1, -1, -1];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export function sameVersion(a: string, b: string): boolean {
  return compareVersions(a, b) === 0 && parseVersion(a) !== undefined;
}

export function majorOf(v: string): number {
  return parseVersion(v)?.[0] ?? -1;
}

/** Whole days from `from` to `to` (ISO dates or Dates), never negative. */
export function daysBetween(from: string | Date, to: string | Date): number {
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Math.max(0, Math.floor(ms / 86_400_000));
}
