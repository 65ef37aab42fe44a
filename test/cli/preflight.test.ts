// Preflight as the built CLI runs it: the first step of install (stops before terraform init on
// a failure), skipped with --skip-preflight (recorded in history), never run by --dry-run; a
// missing cloud CLI is exit 3.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';
import { scriptClouds, type ScriptedClouds } from '../helpers/fake-cloud-script.js';

const readLines = async (f: string) => (await readFile(f, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('install runs preflight first', () => {
  let dir: string;
  let clouds: ScriptedClouds;
  let env: NodeJS.ProcessEnv;
  let tfLog: string;

  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    tfLog = join(dir, 'tf.log');
    const expired = { argv: [], stderr: 'Error when retrieving token from sso: Token has expired and refresh failed', exit: 255 };
    clouds = await scriptClouds({ aws: [expired] }, ['aws']);
    env = { ...clouds.env(), PATH: `${bin}:${clouds.env().PATH}`, FAKE_TF_LOG: tfLog, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic', BRAINTRUST_SKIP_PREFLIGHT: '0' };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await clouds.cleanup();
    await removeDir(dir);
  });

  test('a failing preflight stops install before terraform init (exit 1)', async () => {
    const r = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.error.code, 'PREFLIGHT_FAILED');
    assert.match(doc.error.details.join('\n'), /identity: .*Token has expired/);
    assert.deepEqual((await readLines(tfLog)).filter((l) => l.argv?.[0] === 'init'), [], 'terraform never started');
  });

  test('--skip-preflight applies and records the skip in history', async () => {
    const r = await runCli(['install', '--yes', '--skip-preflight'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const history = await readLines(join(dir, '.braintrust', 'history.jsonl'));
    assert.equal(history[history.length - 1].skipPreflight, true);
  });

  test('--dry-run never runs preflight and shows the cost estimate', async () => {
    const before = (await clouds.calls('aws')).length;
    const r = await runCli(['install', '--dry-run', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.cost.region, 'us-east-1');
    assert.equal(typeof doc.cost.total, 'number');
    assert.equal((await clouds.calls('aws')).length, before, 'no cloud CLI call');
    const human = await runCli(['install', '--dry-run'], { cwd: dir, env });
    assert.match(human.stdout, /Estimated monthly cost \(us-east-1, testing/);
  });

  test('preflight without the cloud CLI on PATH: exit 3', async () => {
    const r = await runCli(['preflight', '--json'], { cwd: dir, env: { PATH: dirname(process.execPath) } });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(JSON.parse(r.stdout).error.code, 'TOOL_MISSING');
  });
});
