// `braintrust config get|set|unset|list|explain` as a user runs it: keys read off the schema,
// values validated before anything is written, set/unset through the day-2 change flow.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

describe('braintrust config', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const file = () => readFile(join(dir, 'braintrust.yaml'), 'utf8');
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => removeDir(dir));

  test('get prints a value with its default applied, and says where it came from', async () => {
    const r = await cli(['--json', 'config', 'get', 'telemetry.enabled']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, key: 'telemetry.enabled', value: true, source: 'default' });
    const name = await cli(['config', 'get', 'name']);
    assert.equal(name.stdout.trim(), 'bt');
  });

  test('a typo gets "did you mean", exit 2', async () => {
    const r = await cli(['config', 'get', 'rateLimit.maxRequest']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown key "rateLimit\.maxRequest"/);
    assert.match(r.stderr, /Did you mean rateLimit\.maxRequests/);
  });

  test('set --no-apply writes the parsed value; get reads it back; unset restores the default', async () => {
    let r = await cli(['config', 'set', 'rateLimit.windowMinutes', '5', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(parse(await file()).rateLimit.windowMinutes, 5, 'a number, not the string "5"');
    r = await cli(['--json', 'config', 'get', 'rateLimit.windowMinutes']);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, key: 'rateLimit.windowMinutes', value: 5, source: 'config' });
    r = await cli(['config', 'set', 'telemetry.logs', 'on', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(parse(await file()).telemetry.logs, true);
    r = await cli(['config', 'set', 'tags', '{team: data, env: prod}', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parse(await file()).tags, { team: 'data', env: 'prod' });
    for (const key of ['rateLimit.windowMinutes', 'telemetry.logs', 'tags']) {
      r = await cli(['config', 'unset', key, '--no-apply']);
      assert.equal(r.code, 0, r.stderr);
    }
    const after = parse(await file());
    assert.equal(after.tags, undefined);
    assert.equal(after.rateLimit?.windowMinutes, undefined);
    r = await cli(['--json', 'config', 'get', 'rateLimit.windowMinutes']);
    assert.equal(JSON.parse(r.stdout).source, 'default');
  });

  test('a bad value is exit 2 naming the key, the value and the type, and the file is untouched', async () => {
    const before = await file();
    for (const [key, value, allowed] of [
      ['rateLimit.maxRequests', 'abc', /integer >= 0/],
      ['cloud', 'mars', /one of: aws, gcp, azure, docker/],
      ['telemetry.enabled', 'maybe', /true or false/],
      ['rateLimit.windowMinutes', '0', /integer >= 1/],
    ] as const) {
      const r = await cli(['config', 'set', key, value, '--no-apply']);
      assert.equal(r.code, 2, `${key}=${value}`);
      assert.ok(r.stderr.includes(`config set ${key}: "${value}" is not allowed`), r.stderr);
      assert.match(r.stderr, allowed);
    }
    assert.equal(await file(), before);
  });

  test('unset of a required key is refused', async () => {
    const r = await cli(['config', 'unset', 'orgName', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /required/);
  });

  test('set --dry-run shows the config diff and the API environment diff and writes nothing', async () => {
    const before = await file();
    const r = await cli(['config', 'set', 'rateLimit.maxRequests', '250', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /OUTBOUND_RATE_LIMIT_MAX_REQUESTS: "\d+" -> "250"/);
    assert.equal(await file(), before);
  });

  test('explain names the type, default, the environment it sets on this target and the docs page', async () => {
    const r = await cli(['--json', 'config', 'explain', 'telemetry.logs']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.type, 'true or false');
    assert.equal(doc.default, false);
    assert.equal(doc.cloud, 'aws');
    assert.ok(doc.environment.includes('CONTROL_PLANE_TELEMETRY'), JSON.stringify(doc.environment));
    assert.match(doc.docs, /configure\/telemetry/);
  });

  test('list shows every schema key with its source', async () => {
    const r = await cli(['--json', 'config', 'list']);
    assert.equal(r.code, 0, r.stderr);
    const keys = new Map(JSON.parse(r.stdout).keys.map((k: { key: string; source: string }) => [k.key, k.source]));
    assert.equal(keys.get('name'), 'config');
    assert.equal(keys.get('rateLimit.windowMinutes'), 'default');
    for (const k of ['postgres.instanceType', 'urls.appUrl', 'telemetry.traces', 'brainstore.readers.count', 'brainstore.writers.instanceType']) assert.ok(keys.has(k), k);
  });
});
