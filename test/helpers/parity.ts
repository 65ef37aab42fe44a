// Shared by the parity tests (test/parity/*.test.ts): read a target's reviewed data file and
// compare a synthesized deployment with it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from './cli.js';

/** test/parity/<target>.yaml, parsed. */
export function parityData(target: 'gcp' | 'azure' | 'docker'): any {
  return parse(readFileSync(join(projectRoot, 'test', 'parity', `${target}.yaml`), 'utf8'));
}

export interface ChartKeys {
  /** Every dotted path in the pinned chart's values.yaml. */
  valuesKeys: string[];
  /** `.Values.*` paths the templates read that values.yaml does not list. */
  templateOnlyKeys: string[];
  /** Free-form maps and lists (default `{}`, `[]` or null): anything below them is the user's. */
  openKeys: string[];
  /** Keys the chart has but does not read for this target (cloud/mode), with the reason. */
  ignoredOnThisTarget?: Record<string, string>;
}

/**
 * Every value path we set that the chart does not read: absent from values.yaml and the
 * templates, or listed as ignored for this target. Lists are leaves (their items are the
 * chart's to interpret); maps are walked.
 */
export function unknownChartKeys(values: unknown, chart: ChartKeys): string[] {
  const known = new Set([...chart.valuesKeys, ...chart.templateOnlyKeys]);
  const open = new Set([...chart.openKeys, ...chart.templateOnlyKeys]);
  const ignored = new Set(Object.keys(chart.ignoredOnThisTarget ?? {}));
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (path && ignored.has(path)) {
      bad.push(`${path} (ignored here: ${chart.ignoredOnThisTarget![path]})`);
      return;
    }
    if (path && !known.has(path)) {
      bad.push(path);
      return;
    }
    if (path && open.has(path)) return;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(values, '');
  return bad;
}

interface Toleration {
  key: string;
  operator?: string;
  value?: string;
  effect?: string;
}
export interface Pool {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value: string; effect: string }[];
}

/**
 * Where a workload's pods can run: the pools whose labels satisfy its nodeSelector and whose
 * every taint it tolerates. Empty means the pods would stay Pending.
 */
export function schedulablePools(workload: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] }, pools: Pool[]): string[] {
  const selector = workload.nodeSelector ?? {};
  const tolerations = workload.tolerations ?? [];
  const tolerates = (t: Pool['taints'][number]) =>
    tolerations.some((x) => x.key === t.key && (x.operator === 'Exists' || x.value === t.value) && (!x.effect || x.effect === t.effect));
  return pools
    .filter((p) => Object.entries(selector).every(([k, v]) => p.labels[k] === v))
    .filter((p) => p.taints.every(tolerates))
    .map((p) => p.name);
}

/** Text under a heading of `text`, up to the next heading of the same or a higher level ('' if absent). */
function sectionOf(text: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

export const DIFFERENCES_HEADING = '## Differences from the official modules';

/** The README's `### <target>` subsection of "Differences from the official modules". */
export function readmeSection(heading: string): string {
  const text = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  return sectionOf(sectionOf(text, DIFFERENCES_HEADING), heading);
}
