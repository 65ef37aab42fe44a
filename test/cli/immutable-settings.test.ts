// Settings that would replace resources cannot change once a deployment exists, unless
// --force-replace (which says what is replaced); before the first install they change freely.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

describe('immutable settings', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const config = async () => parse(await readFile(join(dir, 'braintrust.yaml'), 'utf8'));
  const deployed = async () => {
    await mkdir(join(dir, '.braintrust'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, '.braintrust', 'outputs.json'), JSON.stringify({ api_url: 'https://d111.cloudfront.net', region: 'us-east-1' }), { mode: 0o600 });
  };
  beforeEach(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  afterEach(() => removeDir(dir));

  test('before the first install the name and network change freely', async () => {
    assert.equal((await cli(['config', 'set', 'name', 'bt2', '--no-apply'])).code, 0);
    assert.equal((await cli(['config', 'set', 'network.cidr', '10.20.0.0/21', '--no-apply'])).code, 0);
    assert.equal((await config()).name, 'bt2');
  });

  for (const [key, value] of [['name', 'bt2'], ['region', 'us-west-2'], ['network.cidr', '10.20.0.0/21']] as const) {
    test(`after install, changing ${key} is exit 2 naming the field and what would be replaced; the file is untouched`, async () => {
      await deployed();
      const before = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
      const r = await cli(['config', 'set', key, value, '--no-apply']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`${key.replace('.', '\\.')} cannot change once the deployment exists`));
      assert.match(r.stderr, /replaces /);
      assert.match(r.stderr, /--force-replace/);
      assert.equal(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), before);
    });
  }

  test('--force-replace lets it through and names what is replaced', async () => {
    await deployed();
    const r = await cli(['config', 'set', 'name', 'bt2', '--no-apply', '--force-replace']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--force-replace: name: "bt" -> "bt2" replaces every resource/);
    assert.equal((await config()).name, 'bt2');
  });

  test('other settings still change after install', async () => {
    await deployed();
    const r = await cli(['config', 'set', 'rateLimit.maxRequests', '42', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
  });

  test('names longer than 18 characters are refused (the official module\'s limit)', async () => {
    const r = await cli(['config', 'set', 'name', 'a-name-of-19-chars1', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /2-18 characters/);
    const init = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'testing', '--name', 'a-name-of-19-chars1', '--org', 'acme', '--force'], { cwd: dir });
    assert.equal(init.code, 2);
  });
});
