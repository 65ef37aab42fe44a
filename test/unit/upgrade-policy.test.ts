// The upgrade policy at fixed dates: monthly recommended (warn after 30 days), quarterly
// required (fail after 90), counted from the running release's date while a newer one exists.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/terraform/deployment-state.js';
import { parseManifest } from '../../src/upgrade/manifest.js';
import { appliedVersions, checkUpgradePolicy, previousVersion } from '../../src/upgrade/policy.js';

const rel = (version: string, date: string) => ({ version, date, components: { api: version, brainstore: version }, notesUrl: 'https://example.test/n' });
const manifest = parseManifest({ schemaVersion: 1, releases: [rel('v2.0.0', '2026-01-05'), rel('v2.1.0', '2026-01-12'), rel('v2.2.0', '2026-01-19')] }, 'm');
const at = (iso: string) => new Date(`${iso}T00:00:00Z`);
const entry = (version: string, result: HistoryEntry['result'] = 'success', action: HistoryEntry['action'] = 'install'): HistoryEntry =>
  ({ time: '2026-01-01T00:00:00Z', version, configSha256: 'x', action, result, durationMs: 1 });

describe('checkUpgradePolicy', () => {
  test('on the latest release: ok, 0 days behind even when the release is old', () => {
    const r = checkUpgradePolicy('v2.2.0', manifest, [], at('2026-09-01'));
    assert.equal(r.status, 'ok');
    assert.equal(r.daysBehind, 0);
    assert.equal(r.releasesBehind, 0);
    assert.match(r.notes.join(), /newer releases may exist/, 'a stale manifest is pointed out');
  });

  const cases: [string, number, 'ok' | 'warn' | 'fail'][] = [
    ['2026-01-20', 15, 'ok'],
    ['2026-02-04', 30, 'ok'],
    ['2026-02-05', 31, 'warn'],
    ['2026-04-05', 90, 'warn'],
    ['2026-04-06', 91, 'fail'],
  ];
  for (const [now, days, status] of cases) {
    test(`v2.0.0 (2026-01-05) on ${now}: ${days} days behind, ${status}`, () => {
      const r = checkUpgradePolicy('2.0.0', manifest, [], at(now));
      assert.equal(r.current, 'v2.0.0');
      assert.equal(r.currentDate, '2026-01-05');
      assert.equal(r.daysBehind, days);
      assert.equal(r.status, status);
      assert.equal(r.releasesBehind, 2);
      assert.equal(r.latest, 'v2.2.0');
    });
  }

  test('the last successful apply is what runs; the config version is reported beside it', () => {
    const r = checkUpgradePolicy('v2.2.0', manifest, [entry('v2.0.0'), entry('v2.2.0', 'failure')], at('2026-06-01'));
    assert.equal(r.current, 'v2.0.0');
    assert.equal(r.currentSource, 'history');
    assert.equal(r.configVersion, 'v2.2.0');
    assert.equal(r.status, 'fail');
  });

  test('a release older than the manifest is dated by the oldest entry, as a lower bound', () => {
    const r = checkUpgradePolicy('v1.4.0', manifest, [], at('2026-02-15'));
    assert.equal(r.daysBehindAtLeast, true);
    assert.equal(r.daysBehind, 41);
    assert.equal(r.currentDate, null);
    assert.equal(r.status, 'warn');
  });

  test('a release newer than the manifest is ok with a note', () => {
    const r = checkUpgradePolicy('v2.9.0', manifest, [], at('2026-01-20'));
    assert.equal(r.status, 'ok');
    assert.match(r.notes.join(), /newer than the newest release/);
  });
});

describe('history versions', () => {
  test('only successful non-destroy applies count; repeats collapse', () => {
    const h = [entry('v2.0.0'), entry('v2.0.0', 'success', 'telemetry'), entry('v2.1.0', 'planned'), entry('v2.1.0'), entry('v2.2.0', 'failure'), entry('v2.1.0', 'success', 'destroy')];
    assert.deepEqual(appliedVersions(h), ['v2.0.0', 'v2.1.0']);
    assert.equal(previousVersion(h), 'v2.0.0');
    assert.equal(previousVersion([entry('v2.0.0')]), undefined);
  });
});
