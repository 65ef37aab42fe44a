// The upgrade messages (src/ui/messages/upgrade.ts) rendered through an Io, in human mode and
// with --json, for the ones no command test reaches: the API runtime migration's lines, a stop
// with required steps, the --no-apply warning, and what goes to which stream.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { captureIo } from '../helpers/io-capture.js';
import { describeSource, policyJson, type PolicyData } from '../../src/ui/messages/upgrade.js';
import type { UpgradeStep } from '../../src/upgrade/plan.js';

const STEP: UpgradeStep = {
  version: 'v2.0.0', date: '2026-04-17', components: null, notesUrl: 'https://example.test/notes/v2.0.0', reasons: ['required-steps', 'major'],
  requiredSteps: [{ id: 'brainstore-wal-footer-v3', description: 'Brainstore rewrites its WAL footer', docsUrl: 'https://example.test/wal' } as UpgradeStep['requiredSteps'][number]],
};

describe('upgrade messages', () => {
  test('a stop: its title, each required step with its docs, the release notes (stderr, both modes)', () => {
    for (const json of [false, true]) {
      const c = captureIo({ json });
      c.io.emit('upgrade.step', { label: '1/2', from: 'v1.1.32', step: STEP });
      assert.equal(c.err(), 'Step 1/2: v1.1.32 -> v2.0.0 (released 2026-04-17)\n' +
        '  required step brainstore-wal-footer-v3: Brainstore rewrites its WAL footer (https://example.test/wal)\n' +
        '  release notes: https://example.test/notes/v2.0.0\n');
      assert.equal(c.out(), '');
    }
  });

  test('artifacts: a table-like list on stdout in human mode, nothing with --json (they are in the result)', () => {
    const human = captureIo();
    human.io.emit('upgrade.artifacts', []);
    assert.equal(human.out(), 'Deployment changes (images, code packages):\n  (none found in the synthesized stack)\n');
    const json = captureIo({ json: true });
    json.io.emit('upgrade.artifacts', [{ address: 'a.b', before: null, after: 'x:v2' }]);
    assert.equal(json.out(), '');
    assert.equal(json.messages[0].code, 'upgrade.artifacts');
  });

  test('--no-apply on several stops: the warning names the first stop, the target and how many remain', () => {
    const c = captureIo({ json: true });
    c.io.emit('upgrade.no-apply-first-stop', { version: 'v2.0.0', to: 'v2.12.0', remaining: 2 });
    assert.equal(c.err(), 'warning: --no-apply: the config is set to v2.0.0 only. Apply it, then re-run `braintrust upgrade --to v2.12.0` for the remaining 2 stop(s).\n');
  });

  test('api runtime: the phase titles, the health lines, the waiting line and the stop after phase 1', () => {
    const c = captureIo();
    c.io.emit('upgrade.api-runtime.phase', { phase: 'phase-1' });
    c.io.emit('upgrade.api-runtime.health-check');
    c.io.emit('upgrade.api-runtime.waiting', { notReady: ['bt-api: rollout IN_PROGRESS', 'bt-ingest: 0/2 tasks running'] });
    c.io.emit('upgrade.api-runtime.health', { healthy: false, lines: ['bt-api: ready (2 tasks, 2 healthy targets)', 'bt-ingest: 0/2 tasks running'] });
    c.io.emit('upgrade.api-runtime.phase-1-stopped', { status: 'config-updated' });
    c.io.emit('upgrade.api-runtime.phase-1-stopped', { status: 'not-confirmed' });
    c.io.emit('upgrade.api-runtime.already-lambda', { ecsStandby: true });
    c.io.emit('upgrade.api-runtime.already-ecs', { lambdaStandby: false });
    assert.equal(c.err(), [
      'Phase 1/2: deploy the ECS API beside Lambda (traffic stays on Lambda)',
      'Checking the ECS services (AWS API; the ALB is internal)',
      '  waiting for the ECS services: bt-api: rollout IN_PROGRESS | bt-ingest: 0/2 tasks running',
      '  bt-api: ready (2 tasks, 2 healthy targets)',
      '  bt-ingest: 0/2 tasks running',
      'Phase 1 written to the config only (--no-apply). Apply it, then re-run `braintrust upgrade --api-runtime ecs` for the check and phase 2.',
      'Phase 1 not applied; traffic stays on Lambda.',
      'Traffic is already on Lambda (ECS kept as standby): nothing to do.',
      'Traffic is already on ECS.',
      '',
    ].join('\n'));
    assert.equal(c.out(), '');
  });

  test('api runtime result: the JSON document (health only when checked); nothing on stdout for people', () => {
    const json = captureIo({ json: true });
    json.io.emit('upgrade.api-runtime.result', { from: 'lambda', to: 'ecs', status: 'unchanged', phases: [] });
    assert.deepEqual(JSON.parse(json.out()), { ok: true, action: 'api-runtime', from: 'lambda', to: 'ecs', status: 'unchanged', phases: [] });
    const withHealth = captureIo({ json: true });
    withHealth.io.emit('upgrade.api-runtime.result', { from: 'lambda', to: 'ecs', status: 'applied', phases: [], health: { healthy: true, lines: ['ok'] } });
    assert.deepEqual(JSON.parse(withHealth.out()).health, { healthy: true, lines: ['ok'] });
    const human = captureIo();
    human.io.emit('upgrade.api-runtime.result', { from: 'lambda', to: 'ecs', status: 'unchanged', phases: [] });
    assert.equal(human.out() + human.err(), '');
  });

  test('the release source reads as where and how old', () => {
    assert.equal(describeSource({ kind: 'live', location: 'https://api.github.com/x', asOf: '2026-11-26', ageDays: 0, stale: false }), 'live release list (https://api.github.com/x, data as of 2026-11-26)');
    assert.equal(describeSource({ kind: 'snapshot', location: 'r.json', asOf: '2026-08-22', ageDays: 1, stale: false }), 'shipped snapshot (r.json, data as of 2026-08-22, 1 day old)');
    assert.equal(describeSource({ kind: 'manifest', location: 'm.json', asOf: null, ageDays: null, stale: false }), '--manifest (m.json)');
  });

  test('upgrade.check: the JSON document is policyJson of the data; the human report colours nothing without colour', () => {
    const data: PolicyData = {
      report: {
        current: 'v2.11.0', currentSource: 'config', configVersion: 'v2.11.0', deployedVersion: null, currentDate: '2026-08-13',
        latest: 'v2.12.0', latestDate: '2026-08-21', daysBehind: 40, daysBehindAtLeast: false, releasesBehind: 1, status: 'warn',
        message: 'v2.11.0 is 40 days old with 1 newer release(s): the monthly upgrade recommendation is missed.', notes: [],
      },
      policy: { recommendedDays: 30, requiredDays: 90, rule: 'monthly; quarterly', source: 'docs' },
      manifest: 'r.json',
      releaseSource: { kind: 'manifest', location: 'r.json', asOf: null, ageDays: null, stale: false },
      warnings: [],
      sameAs: { current: null, latest: 'same as x v6.6.0' },
    };
    const json = captureIo({ json: true });
    json.io.emit('upgrade.check', data);
    assert.deepEqual(JSON.parse(json.out()), JSON.parse(JSON.stringify(policyJson(data))));
    const human = captureIo();
    human.io.emit('upgrade.check', data);
    assert.equal(human.out(), [
      'Current: v2.11.0 (from the config; no successful apply in history), released 2026-08-13',
      'Latest:  v2.12.0, released 2026-08-21 (1 newer release); same as x v6.6.0',
      'Source:  --manifest (r.json)',
      'Status:  WARN: v2.11.0 is 40 days old with 1 newer release(s): the monthly upgrade recommendation is missed.',
      'Policy:  monthly; quarterly (docs)',
      'Run: braintrust upgrade --dry-run, then braintrust upgrade',
      '',
    ].join('\n'));
  });
});
