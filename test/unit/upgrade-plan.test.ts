// planUpgrade is pure: fixed manifest, history and clock in; the steps and refusals out.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import type { Config } from '../../src/config/schema.js';
import type { HistoryEntry } from '../../src/terraform/deployment-state.js';
import { parseManifest } from '../../src/upgrade/manifest.js';
import { planUpgrade } from '../../src/upgrade/plan.js';

const NOW = new Date('2026-02-20T12:00:00Z');

const release = (version: string, date: string, steps: string[] = []) => ({
  version, date,
  components: { api: version, brainstore: version },
  requiredSteps: steps.map((id) => ({ id, description: `${id} must run on its own` })),
  notesUrl: `https://example.test/releases/${version}`,
});

const manifest = parseManifest({
  schemaVersion: 1,
  releases: [
    release('v2.2.0', '2026-01-26'), // listed out of order on purpose: parseManifest sorts
    release('v1.9.0', '2026-01-05'),
    release('v2.0.0', '2026-01-12', ['wal-footer-v3']),
    release('v2.1.0', '2026-01-19'),
    release('v2.3.0', '2026-02-02', ['db-migration']),
    release('v2.4.0', '2026-02-09'),
  ],
}, 'test-manifest');

function config(version: string, cloud: Config['cloud'] = 'aws'): Config {
  return validateConfig({ ...exampleConfig(cloud, 'production', { name: 'btdp', org: 'acme' }), version });
}

function applied(...versions: string[]): HistoryEntry[] {
  return versions.map((v, i) => ({ time: `2026-01-0${i + 1}T00:00:00Z`, version: v, configSha256: 'x', action: 'upgrade', result: 'success', durationMs: 1 }));
}

describe('planUpgrade', () => {
  test('v1.9 -> v2.2 stops on v2.0.0 (required step, new major) and then v2.2.0', () => {
    const plan = planUpgrade(config('v1.9.0'), manifest, [], NOW, { to: 'v2.2.0' });
    assert.deepEqual(plan, {
      kind: 'upgrade',
      from: 'v1.9.0',
      to: 'v2.2.0',
      steps: [
        { version: 'v2.0.0', date: '2026-01-12', components: { api: 'v2.0.0', brainstore: 'v2.0.0' }, requiredSteps: [{ id: 'wal-footer-v3', description: 'wal-footer-v3 must run on its own' }], notesUrl: 'https://example.test/releases/v2.0.0', reasons: ['required-steps', 'major'] },
        { version: 'v2.2.0', date: '2026-01-26', components: { api: 'v2.2.0', brainstore: 'v2.2.0' }, requiredSteps: [], notesUrl: 'https://example.test/releases/v2.2.0', reasons: ['target'] },
      ],
      skipped: ['v2.1.0'],
      // Worked out from the manifest above, not read back from the plan: v1.9.0 (2026-01-05) is
      // 46 days before NOW, with five newer releases up to v2.4.0.
      policy: {
        current: 'v1.9.0', currentSource: 'config', configVersion: 'v1.9.0', deployedVersion: null,
        currentDate: '2026-01-05', latest: 'v2.4.0', latestDate: '2026-02-09',
        daysBehind: 46, daysBehindAtLeast: false, releasesBehind: 5, status: 'warn',
        message: 'v1.9.0 is 46 days old with 5 newer release(s): the monthly upgrade recommendation is missed.',
        notes: [],
      },
      manifest: 'test-manifest',
      warnings: [],
    });
    assert.equal(plan.steps.length, 2, 'two applies');
  });

  test('latest is the default target; every release with required steps is a stop', () => {
    const plan = planUpgrade(config('v2.0.0'), manifest, [], NOW);
    assert.deepEqual(plan.steps.map((s) => [s.version, s.reasons]), [['v2.3.0', ['required-steps']], ['v2.4.0', ['target']]]);
    assert.deepEqual(plan.skipped, ['v2.1.0', 'v2.2.0']);
  });

  test('a target with required steps is one stop carrying both reasons', () => {
    const plan = planUpgrade(config('v2.2.0'), manifest, [], NOW, { to: '2.3.0' });
    assert.deepEqual(plan.steps.map((s) => [s.version, s.reasons]), [['v2.3.0', ['required-steps', 'target']]]);
  });

  test('a downgrade is refused (exit 2) unless --allow-downgrade', () => {
    const refused = planUpgrade(config('v2.2.0'), manifest, [], NOW, { to: 'v2.1.0' });
    assert.equal(refused.kind, 'downgrade');
    assert.equal(refused.blocked?.code, 'DOWNGRADE_REFUSED');
    assert.equal(refused.blocked?.exitCode, 2);
    assert.match(refused.blocked!.hint, /--allow-downgrade/);
    const allowed = planUpgrade(config('v2.2.0'), manifest, [], NOW, { to: 'v2.1.0', allowDowngrade: true });
    assert.equal(allowed.blocked, undefined);
    assert.deepEqual(allowed.steps.map((s) => s.version), ['v2.1.0'], 'one direct step back');
  });

  test('going back across a required step warns and names it', () => {
    const plan = planUpgrade(config('v2.4.0'), manifest, [], NOW, { to: 'v2.2.0', allowDowngrade: true });
    assert.equal(plan.blocked, undefined);
    assert.match(plan.warnings.join('\n'), /v2\.3\.0/);
  });

  test('rollback goes to the previous successfully applied version', () => {
    const history = [...applied('v2.1.0', 'v2.2.0'), { ...applied('v2.4.0')[0], result: 'failure' as const }];
    const plan = planUpgrade(config('v2.2.0'), manifest, history, NOW, { rollback: true });
    assert.equal(plan.kind, 'rollback');
    assert.equal(plan.from, 'v2.2.0');
    assert.equal(plan.to, 'v2.1.0');
    assert.equal(plan.blocked, undefined, 'a rollback is an explicit downgrade');
    assert.deepEqual(plan.steps.map((s) => s.version), ['v2.1.0']);
  });

  test('rollback across a release with required steps needs --allow-downgrade', () => {
    const history = applied('v1.9.0', 'v2.0.0');
    const plan = planUpgrade(config('v2.0.0'), manifest, history, NOW, { rollback: true });
    assert.equal(plan.blocked?.code, 'DOWNGRADE_REFUSED');
    assert.ok(plan.blocked?.details?.some((d) => d.includes('wal-footer-v3')));
    assert.equal(planUpgrade(config('v2.0.0'), manifest, history, NOW, { rollback: true, allowDowngrade: true }).blocked, undefined);
  });

  test('rollback without history is refused (exit 1)', () => {
    const plan = planUpgrade(config('v2.2.0'), manifest, [], NOW, { rollback: true });
    assert.equal(plan.blocked?.code, 'NO_PREVIOUS_VERSION');
    assert.equal(plan.blocked?.exitCode, 1);
  });

  test('unknown and malformed targets are usage errors', () => {
    assert.equal(planUpgrade(config('v2.2.0'), manifest, [], NOW, { to: 'v9.9.9' }).blocked?.code, 'UNKNOWN_RELEASE');
    const bad = planUpgrade(config('v2.2.0'), manifest, [], NOW, { to: 'newest' }).blocked;
    assert.equal(bad?.exitCode, 2);
    assert.match(bad!.message, /--to "newest"/);
  });

  test('already at the target: nothing to do', () => {
    const plan = planUpgrade(config('v2.4.0'), manifest, [], NOW, { to: 'latest' });
    assert.equal(plan.kind, 'none');
    assert.deepEqual(plan.steps, []);
  });

  test('starts from the last successfully applied version, not a config edited ahead of it', () => {
    const plan = planUpgrade(config('v2.4.0'), manifest, applied('v1.9.0'), NOW);
    assert.equal(plan.from, 'v1.9.0');
    assert.deepEqual(plan.steps.map((s) => s.version), ['v2.0.0', 'v2.3.0', 'v2.4.0']);
    assert.match(plan.warnings.join('\n'), /config says v2\.4\.0/);
  });
});
