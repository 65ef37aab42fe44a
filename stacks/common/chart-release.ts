// Which Braintrust chart release the Kubernetes stacks install for the config's `version`.
//
// Chart releases (6.x) and data plane releases (v2.x) are separate trains: each chart tag
// ships one data plane release as its default image tags (values.yaml), and the stacks write
// values for, and the parity tests verify them against (test/parity/{gcp,azure}.yaml), the
// charts listed here. The chart installed is the verified chart that ships `version`, so
// `upgrade` (which edits `version`) moves chart and images together. When no verified chart
// ships `version` (a release newer than every chart, or one whose chart predates the values
// written here), the newest verified chart is installed with its images set to `version`, and
// chartWarnings() says so with the fix: never a silent mismatch.
import { compareVersions, normalizeVersion } from '../../src/upgrade/version.js';

/**
 * Verified chart releases, oldest first, with the data plane release each ships (its
 * values.yaml image tags; the same pairing as templates/release-manifest.json, which a test
 * checks). Adding a chart means adding its key list to the parity data.
 */
export const VERIFIED_CHARTS: readonly { chart: string; ships: string }[] = [
  { chart: '6.11.0', ships: 'v2.9.0' },
];

export interface ChartChoice {
  /** The chart version installed. */
  chart: string;
  /** The data plane release that chart ships. */
  ships: string;
  /** The chart ships exactly `version`. */
  matched: boolean;
}

/** The chart for a data plane release: the verified one that ships it, else the newest verified. */
export function chartFor(version: string): ChartChoice {
  const v = normalizeVersion(version);
  const exact = [...VERIFIED_CHARTS].reverse().find((c) => compareVersions(c.ships, v) === 0);
  if (exact) return { ...exact, matched: true };
  const newest = VERIFIED_CHARTS[VERIFIED_CHARTS.length - 1];
  return { ...newest, matched: false };
}

/** Warnings (with the fix) when the chart installed does not ship the configured images. */
export function chartWarnings(config: { cloud: string; version: string }): string[] {
  if (config.cloud !== 'gcp' && config.cloud !== 'azure') return [];
  const v = normalizeVersion(config.version);
  const c = chartFor(v);
  if (c.matched) return [];
  const newer = compareVersions(v, c.ships) > 0;
  const why = newer
    ? `no braintrust Helm chart release ships ${v} yet (the newest, ${c.chart}, ships ${c.ships})`
    : `${v} is older than every chart these stacks are verified with (chart ${c.chart} ships ${c.ships})`;
  const fix = newer
    ? `Set version to ${c.ships} for the chart's own pairing (a new install), or keep ${v} knowingly; \`braintrust upgrade\` moves to the chart that ships ${v} once this CLI lists one.`
    : `Upgrade to ${c.ships} (\`braintrust upgrade --to ${c.ships}\`) to run the chart's own images.`;
  return [`version ${v}: ${why}. The release installs chart ${c.chart} with its API and Brainstore images set to ${v}, a pairing Braintrust has not released. ${fix}`];
}
