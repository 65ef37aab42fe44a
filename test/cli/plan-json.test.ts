// --dry-run --json of install and of a settings change print the deployment plan value
// (schemaVersion 1, README "The deployment plan") beside the run's own result fields.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

describe('the plan value in --json', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'production', '--name', 'btplan', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('install --dry-run --json with the rate-limit flags: the plan, then the synth result; the file is unchanged', async () => {
    const before = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
    const r = await runCli(['install', '--dry-run', '--json', '--outbound-rate-limit-max-requests', '40'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.schemaVersion, doc.action, doc.mode, doc.status, doc.name, doc.cloud, doc.tier], [1, 'install', 'dry-run', 'dry-run', 'btplan', 'gcp', 'production']);
    assert.equal(doc.config, join(dir, 'braintrust.yaml'));
    assert.deepEqual(doc.changes, [{ path: 'rateLimit.maxRequests', before: 0, after: 40 }]);
    assert.deepEqual(doc.env, [{ name: 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS', before: '0', after: '40' }]);
    assert.deepEqual(doc.phases.map((p: { id: string }) => p.id), ['deploy']);
    assert.ok(doc.findings.length > 0 && doc.totalResources > 0);
    assert.equal(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), before);
  });

  test('rate-limit set --dry-run --json and an unchanged edit: the same plan shape', async () => {
    const r = await runCli(['rate-limit', 'set', '--window-minutes', '3', '--dry-run', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.schemaVersion, doc.action, doc.mode, doc.status, doc.deployed], [1, 'rate-limit', 'dry-run', 'dry-run', false]);
    assert.deepEqual(doc.changes, [{ path: 'rateLimit.windowMinutes', before: 1, after: 3 }]);
    const same = JSON.parse((await runCli(['rate-limit', 'disable', '--dry-run', '--json'], { cwd: dir })).stdout);
    assert.deepEqual([same.schemaVersion, same.mode, same.status, same.configDiff, same.phases], [1, 'unchanged', 'unchanged', '', []]);
  });
});
