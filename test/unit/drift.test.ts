// braintrust drift over the fake terraform replaying what `plan -refresh-only -json` and
// `show -json` print for a security group opened by hand, a resized database (password masked)
// and a deleted CORS rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig } from '../../src/config/defaults.js';
import { run } from '../../src/commands/drift.js';
import { changedAttributes, driftFromEvents, MASK } from '../../src/drift/parse.js';
import { parseEventLine, type TerraformEvent } from '../../src/terraform/events.js';
import { runHandler } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';
import { fakeTerraformBin, projectRoot } from '../helpers/cli.js';

const FIXTURES = join(projectRoot, 'test', 'fixtures', 'drift');

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'bt-drift-'));
  await writeFile(join(dir, 'braintrust.json'), JSON.stringify(exampleConfig('aws', 'testing', { name: 'bt-pre', org: 'acme' })));
  const bin = await fakeTerraformBin(dir);
  const log = join(dir, 'tf.jsonl');
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, FAKE_TF_LOG: log };
  const drift = (extra: Record<string, string> = {}, json = true) =>
    runHandler(run, { cwd: dir, config: join(dir, 'braintrust.json'), env: { ...env, ...extra }, json }, { out: join(dir, 'out') });
  const calls = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { argv: string[] });
  return { dir, drift, calls };
}

test('drift found: exit 1, changed attributes with old and new values, secrets masked, plan file removed', async () => {
  const { dir, drift, calls } = await setup();
  const r = await drift({ FAKE_TF_DRIFT_LINES: join(FIXTURES, 'refresh-only.jsonl'), FAKE_TF_DRIFT_SHOW: join(FIXTURES, 'show.json') });
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { ok: boolean; drift: { address: string; action: string; attributes: { name: string; before: string; after: string }[] }[]; pending: unknown[] };
  assert.equal(doc.ok, false);
  assert.deepEqual(doc.drift.map((d) => [d.address.split('.')[0], d.action]), [
    ['aws_security_group', 'update'], ['aws_db_instance', 'update'], ['aws_s3_bucket_cors_configuration', 'delete'],
  ]);
  const sg = doc.drift[0].attributes;
  assert.deepEqual(sg.map((a) => a.name), ['ingress', 'tags']);
  assert.equal(sg[0].before, '[]');
  assert.match(sg[0].after, /"from_port":22/);
  const db = doc.drift[1].attributes;
  assert.deepEqual(db.map((a) => a.name), ['allocated_storage', 'backup_retention_period', 'password']);
  assert.deepEqual(db[0], { name: 'allocated_storage', before: '100', after: '200' });
  assert.deepEqual(db[2], { name: 'password', before: MASK, after: MASK });
  assert.ok(!r.stdout.includes('Sup3r-secret') && !r.stderr.includes('Sup3r-secret'), 'no secret value printed');
  assert.deepEqual(dataOf(r, 'drift.report'), [doc], 'the JSON document is the drift.report message\'s data');
  assert.deepEqual(dataOf(r, 'drift.none'), []);
  const argvs = calls().map((c) => c.argv);
  const refresh = argvs.find((a) => a[0] === 'plan' && a.includes('-refresh-only'))!;
  for (const f of ['-detailed-exitcode', '-json']) assert.ok(refresh.includes(f), f);
  assert.ok(argvs.some((a) => a[0] === 'show' && a.includes('-json')));
  assert.ok(argvs.some((a) => a[0] === 'plan' && !a.includes('-refresh-only')), 'a normal plan for pending config changes');
  assert.equal(existsSync(join(dir, 'out', 'stacks', 'bt-pre', 'drift.tfplan')), false);
});

test('no drift: exit 0; config changes not yet applied are listed separately and do not fail', async () => {
  const { drift } = await setup();
  const r = await drift();
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { ok: boolean; drift: unknown[]; pending: { address: string; action: string }[] };
  assert.equal(doc.ok, true);
  assert.deepEqual(doc.drift, []);
  // Nothing applied yet (empty fake state): every resource is a pending create.
  assert.ok(doc.pending.length > 10);
  assert.ok(doc.pending.every((p) => p.action === 'create'));
  const human = await drift({}, false);
  assert.equal(dataOf(human, 'drift.none').length, 1);
  assert.match(human.stderr, /^✔ No drift: the cloud matches the last apply\.$/m);
  assert.deepEqual(dataOf(human, 'drift.report')[0].pending, doc.pending);
  assert.match(human.stdout, new RegExp(`^\\nConfig changes not yet applied \\(${doc.pending.length}; \`braintrust install\` applies them\\):\\n  create `));
});

test('without show output, drift falls back to the event stream (addresses and actions)', () => {
  const events = readFileSync(join(FIXTURES, 'refresh-only.jsonl'), 'utf8').split('\n').map(parseEventLine).filter((e): e is TerraformEvent => Boolean(e));
  assert.deepEqual(driftFromEvents(events).map((d) => d.action), ['update', 'update', 'delete']);
});

test('attributes named like secrets are masked even without a sensitive mark', () => {
  const a = changedAttributes({ before: { auth_token: 'a', port: 6379 }, after: { auth_token: 'b', port: 6380 } });
  assert.deepEqual(a, [{ name: 'auth_token', before: MASK, after: MASK }, { name: 'port', before: '6379', after: '6380' }]);
});
