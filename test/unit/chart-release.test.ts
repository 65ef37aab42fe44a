// The chart installed follows `version`: the verified chart that ships it, else the newest
// verified chart with a warning that names the fix (never a silent image/chart mismatch).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chartFor, chartWarnings, VERIFIED_CHARTS } from '../../stacks/common/chart-release.js';
import { BRAINTRUST_CHART } from '../../stacks/common/helm-values.js';
import { templatesDir } from '../../src/paths.js';
import { planUpgrade } from '../../src/upgrade/plan.js';
import { parseManifest } from '../../src/upgrade/manifest.js';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';

const manifestDoc = JSON.parse(readFileSync(resolve(templatesDir, 'release-manifest.json'), 'utf8'));

describe('chart release for a version', () => {
  it('pairs each verified chart with the release the manifest says it ships', () => {
    for (const c of VERIFIED_CHARTS) {
      const r = manifestDoc.releases.find((x: any) => x.modules?.helm?.includes(c.chart));
      assert.ok(r, `the manifest lists chart ${c.chart}`);
      assert.equal(r.version, c.ships, `chart ${c.chart} ships ${r.version}`);
    }
    assert.equal(VERIFIED_CHARTS[VERIFIED_CHARTS.length - 1].chart, BRAINTRUST_CHART.version, 'the pinned chart is the newest verified one');
  });

  it('installs the chart that ships the version, with no warning', () => {
    assert.deepEqual(chartFor('v2.9.0'), { chart: '6.11.0', ships: 'v2.9.0', matched: true });
    assert.deepEqual(chartFor('2.9.0'), { chart: '6.11.0', ships: 'v2.9.0', matched: true });
    assert.deepEqual(chartWarnings({ cloud: 'gcp', version: 'v2.9.0' }), []);
  });

  it('warns, with the fix, when no chart ships a newer version', () => {
    assert.equal(chartFor('v2.12.0').matched, false);
    const [w] = chartWarnings({ cloud: 'azure', version: 'v2.12.0' });
    assert.match(w, /no braintrust Helm chart release ships v2\.12\.0/);
    assert.match(w, /installs chart 6\.11\.0 with its API and Brainstore images set to v2\.12\.0/);
    assert.match(w, /Set version to v2\.9\.0/);
  });

  it('warns, with the upgrade to run, for a version older than every verified chart', () => {
    const [w] = chartWarnings({ cloud: 'gcp', version: 'v2.6.0' });
    assert.match(w, /older than every chart/);
    assert.match(w, /braintrust upgrade --to v2\.9\.0/);
  });

  it('says nothing on AWS and docker (no chart)', () => {
    assert.deepEqual(chartWarnings({ cloud: 'aws', version: 'v2.12.0' }), []);
    assert.deepEqual(chartWarnings({ cloud: 'docker', version: 'v2.12.0' }), []);
  });

  it('upgrade plans carry the warning for a target no chart ships', () => {
    const manifest = parseManifest(manifestDoc, 'shipped');
    const raw = exampleConfig('gcp', 'production', { name: 'bt-test', org: 'acme' });
    raw.version = 'v2.9.0';
    const config = validateConfig(raw);
    const plan = planUpgrade(config, manifest, [], new Date('2026-08-25T00:00:00Z'), { to: 'v2.12.0' });
    assert.ok(plan.warnings.some((w) => /no braintrust Helm chart release ships v2\.12\.0/.test(w)), plan.warnings.join('\n'));
    const matched = planUpgrade(validateConfig({ ...raw, version: 'v2.8.0' }), manifest, [], new Date('2026-08-25T00:00:00Z'), { to: 'v2.9.0' });
    assert.ok(!matched.warnings.some((w) => /Helm chart/.test(w)), matched.warnings.join('\n'));
  });
});
