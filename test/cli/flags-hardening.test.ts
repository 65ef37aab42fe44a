// Issue 11 item 14: flag values are checked before any work, exit 2 naming the flag, and with
// --json the error is one JSON document (no stack traces).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';
import { checkCommonFlags } from '../../src/commands/flag-checks.js';
import { BraintrustError } from '../../src/ui/errors.js';

const usage = (opts: Record<string, unknown>) => {
  try {
    checkCommonFlags(opts);
  } catch (e) {
    assert.ok(e instanceof BraintrustError);
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  return undefined;
};

describe('flag values (in-process)', () => {
  test('--max-duration: 0, 1ms and 25d are refused; 30m, 1h and 7d are fine', () => {
    for (const v of ['0', '1ms', '25d', '8d', '999999999999d', 'abc', '']) assert.match(usage({ maxDuration: v }) ?? 'accepted', /--max-duration/, v);
    for (const v of ['30m', '1h', '7d', '90s']) assert.equal(usage({ maxDuration: v }), undefined, v);
  });
  test('--port is strict decimal 1-65535', () => {
    for (const v of ['0x3fef', '+16399', '16399.0', '1e3', '0', '65536', ' 80', '-1', '08']) assert.match(usage({ port: v }) ?? 'accepted', /--port/, v);
    for (const v of ['1', '5432', '65535']) assert.equal(usage({ port: v }), undefined, v);
  });
  test('--postgres-url must be postgres(ql)://; --redis-url redis(s)://', () => {
    for (const v of ['ftp://x/y', 'http://db', 'db:5432', 'file:///etc/passwd']) assert.match(usage({ postgresUrl: v }) ?? 'accepted', /--postgres-url/, v);
    for (const v of ['postgres://h:5432/db', 'postgresql://h/db']) assert.equal(usage({ postgresUrl: v }), undefined, v);
    assert.match(usage({ redisUrl: 'http://r' }) ?? 'accepted', /--redis-url/);
    assert.equal(usage({ redisUrl: 'rediss://r:6380' }), undefined);
  });
  test("--dry-run with --plan-only, and --out '', are usage errors", () => {
    assert.match(usage({ dryRun: true, planOnly: true }) ?? 'accepted', /cannot be combined/);
    assert.match(usage({ out: '' }) ?? 'accepted', /--out '' is empty/);
  });
});

describe('flag values (the built CLI)', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  for (const args of [
    ['connect', 'postgres', '--max-duration', '25d', '--query', 'select 1'],
    ['connect', 'postgres', '--max-duration', '0', '--query', 'select 1'],
    ['connect', 'redis', '--via', 'direct', '--port', '0x3fef', '--command', 'PING'],
    ['doctor', '--postgres-url', 'ftp://example.com/x'],
    ['install', '--dry-run', '--plan-only'],
    ['install', '--dry-run', '--out', ''],
  ]) {
    test(`${args.join(' ')} is exit 2 with one JSON document`, async () => {
      const r = await runCli([...args, '--json'], { cwd: dir, timeoutMs: 30_000 });
      assert.equal(r.code, 2, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.ok, false);
      assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');
    });
  }

  test('support bundle --out DIR writes into the directory; a missing directory is exit 2', async () => {
    const out = join(dir, 'bundles');
    await mkdir(out);
    const r = await runCli(['support', 'bundle', '--out', out, '--json'], { cwd: dir, timeoutMs: 60_000 });
    assert.ok([0, 1].includes(r.code), r.stderr); // doctor's own findings do not matter here
    const files = await readdir(out);
    assert.equal(files.length, 1);
    assert.match(files[0], /^braintrust-support-bt-.*\.tar\.gz$/);
    const missing = await runCli(['support', 'bundle', '--out', join(dir, 'nope') + '/', '--json'], { cwd: dir });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(JSON.parse(missing.stdout).error.message, /is not an existing directory/);
  });
});
