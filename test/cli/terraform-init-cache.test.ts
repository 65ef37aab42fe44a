// Warm terraform runs: a shared provider plugin cache, and `terraform init` only when what it
// depends on (providers and backend in cdk.tf.json, the lock file, the binary) changed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

describe('terraform init cache', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let logFile: string;
  const calls = async () => (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { argv: string[]; pluginCache: string | null });
  const verbs = async () => (await calls()).map((c) => c.argv[0]);
  const install = async (...extra: string[]) => {
    await writeFile(logFile, '');
    const r = await runCli(['install', '--plan-only', ...extra], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    return r;
  };

  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    logFile = join(dir, 'tf.log');
    env = { PATH: `${bin}:${dirname(process.execPath)}`, FAKE_TF_LOG: logFile, XDG_CACHE_HOME: join(dir, 'cache'), TF_PLUGIN_CACHE_DIR: '', BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic' };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => removeDir(dir));

  test('the first run inits with the plugin cache under the user cache directory (0700)', async () => {
    await install();
    assert.deepEqual(await verbs(), ['version', 'init', 'plan']);
    const cache = join(dir, 'cache', 'braintrust-self-host', 'terraform-plugins');
    assert.ok((await calls()).every((c) => c.argv[0] === 'version' || c.pluginCache === cache));
    assert.equal((await stat(cache)).mode & 0o777, 0o700);
  });

  test('a second run with nothing changed skips init and says so', async () => {
    const r = await install();
    assert.deepEqual(await verbs(), ['version', 'plan']);
    assert.match(r.stderr, /init skipped/);
  });

  test('a settings change that leaves providers and backend alone still skips init', async () => {
    await writeFile(logFile, '');
    const r = await runCli(['rate-limit', 'set', '--max-requests', '7'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!(await verbs()).includes('init'));
  });

  test('--reinit forces it', async () => {
    await install('--reinit');
    assert.deepEqual(await verbs(), ['version', 'init', 'plan']);
  });

  test('a changed lock file or backend runs init again', async () => {
    const stackDir = join(dir, 'braintrust.out', 'stacks', 'bt');
    await appendFile(join(stackDir, '.terraform.lock.hcl'), '# provider "registry.terraform.io/hashicorp/aws" upgraded\n');
    await install();
    assert.ok((await verbs()).includes('init'), 'lock file changed');
    await install();
    assert.ok(!(await verbs()).includes('init'), 'then current again');
    await appendFile(join(dir, 'braintrust.yaml'), 'state:\n  backend: s3\n  bucket: acme-tfstate\n  region: us-east-1\n');
    await install();
    assert.ok((await verbs()).includes('init'), 'backend changed');
  });

  test('TF_PLUGIN_CACHE_DIR already set is kept', async () => {
    await install('--reinit');
    const mine = join(dir, 'my-cache');
    await writeFile(logFile, '');
    const r = await runCli(['install', '--plan-only', '--reinit'], { cwd: dir, env: { ...env, TF_PLUGIN_CACHE_DIR: mine } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await calls()).filter((c) => c.argv[0] !== 'version').every((c) => c.pluginCache === mine));
  });
});
