// Issue 11 items 2, 6, 7, 8: private modes under .braintrust/ and the output directory, no plan
// file left behind, one run at a time (the lock), a killed run stays visible and its terraform
// gets SIGINT, and bookkeeping failures after a successful apply are warnings.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

interface LogLine { argv?: string[]; signal?: string }
const readLog = async (file: string): Promise<LogLine[]> =>
  existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine) : [];
const readJsonl = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const mode = async (p: string) => (await stat(p)).mode & 0o777;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function waitFor(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(50);
  }
  assert.fail(`gave up waiting for ${what}`);
}

describe('state files, lock and interrupted runs', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let logFile: string;
  const state = (...p: string[]) => join(dir, '.braintrust', ...p);
  const stackDir = () => join(dir, 'braintrust.out', 'stacks', 'bt');

  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    logFile = join(dir, 'tf.log');
    env = { PATH: `${bin}:${dirname(process.execPath)}`, FAKE_TF_LOG: logFile, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic-1' };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('after install: directories 0700, files 0600, no plan file left, history has started + success', async () => {
    const r = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await mode(state()), 0o700);
    for (const f of ['outputs.json', 'history.jsonl']) assert.equal(await mode(state(f)), 0o600, f);
    assert.equal(await mode(join(dir, 'braintrust.out')), 0o700);
    assert.equal(await mode(stackDir()), 0o700);
    assert.equal(await mode(join(stackDir(), 'cdk.tf.json')), 0o600);
    assert.deepEqual((await readdir(stackDir())).filter((f) => f.startsWith('tfplan')), [], 'the plan file (it holds the license key) is deleted');
    assert.ok(!existsSync(state('lock')), 'the lock is released');
    const h = await readJsonl(state('history.jsonl'));
    const [started, done] = h.slice(-2);
    assert.equal(started.result, 'started');
    assert.equal(done.result, 'success');
    assert.equal(started.runId, done.runId);
  });

  test('a failing apply also deletes its plan file', async () => {
    const r = await runCli(['install', '--yes', '--outbound-rate-limit-max-requests', '9'], { cwd: dir, env: { ...env, FAKE_TF_FAIL: 'apply' } });
    assert.equal(r.code, 1);
    assert.deepEqual((await readdir(stackDir())).filter((f) => f.startsWith('tfplan')), []);
  });

  test('rewriting braintrust.yaml keeps its mode', async () => {
    await chmod(join(dir, 'braintrust.yaml'), 0o600);
    const r = await runCli(['rate-limit', 'set', '--max-requests', '321', '--no-apply'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), /maxRequests: 321/);
    assert.equal(await mode(join(dir, 'braintrust.yaml')), 0o600);
  });

  test('a failed `terraform output` is a warning and keeps outputs.json; a history write failure after apply is a warning', async () => {
    const before = await readFile(state('outputs.json'), 'utf8');
    assert.notEqual(before.trim(), '{}');
    const r = await runCli(['install', '--yes', '--outbound-rate-limit-max-requests', '11'], { cwd: dir, env: { ...env, FAKE_TF_FAIL: 'output' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reading its outputs failed/);
    assert.equal(await readFile(state('outputs.json'), 'utf8'), before, 'outputs.json is not overwritten with {}');

    const history = await readFile(state('history.jsonl'), 'utf8');
    const broken = await runCli(['install', '--yes', '--outbound-rate-limit-max-requests', '12'], {
      cwd: dir, env: { ...env, FAKE_TF_BREAK_AFTER_APPLY: state('history.jsonl') },
    });
    assert.equal(broken.code, 0, broken.stderr);
    assert.match(broken.stderr, /recording it in the history failed/);
    const { rm } = await import('node:fs/promises');
    await rm(state('history.jsonl'), { recursive: true, force: true });
    await writeFile(state('history.jsonl'), history, { mode: 0o600 });
  });

  test('a second command refuses at once (exit 1) naming the holder; kill -9 mid-apply gives terraform SIGINT; the next run reports it', async () => {
    await writeFile(logFile, '');
    let pid = 0;
    const first = runCli(['install', '--yes', '--outbound-rate-limit-max-requests', '13'], {
      cwd: dir, env: { ...env, FAKE_TF_HANG: 'apply' }, onSpawn: (p) => { pid = p; },
    });
    await waitFor('the apply to start', async () => (await readLog(logFile)).some((l) => l.argv?.[0] === 'apply'));
    const lock = JSON.parse(await readFile(state('lock'), 'utf8'));
    assert.equal(lock.pid, pid);
    assert.equal(lock.command, 'install');
    for (const k of ['host', 'startedAt']) assert.ok(lock[k], k);

    const second = await runCli(['telemetry', 'disable', '--yes', '--json'], { cwd: dir, env });
    assert.equal(second.code, 1, second.stderr);
    const doc = JSON.parse(second.stdout);
    assert.equal(doc.error.code, 'LOCKED');
    assert.match(doc.error.message, new RegExp(`pid ${pid}\\b.*braintrust install`));

    await waitFor('the watchdog pid in the lock', async () => typeof JSON.parse(await readFile(state('lock'), 'utf8')).terraformPid === 'number');
    const tfPid = JSON.parse(await readFile(state('lock'), 'utf8')).terraformPid as number;
    process.kill(pid, 'SIGKILL');
    await first;
    await waitFor('terraform to receive SIGINT', async () => (await readLog(logFile)).some((l) => l.signal === 'SIGINT'));
    await waitFor('terraform to exit', () => !alive(tfPid));

    const h = await readJsonl(state('history.jsonl'));
    assert.equal(h[h.length - 1].result, 'started', 'the killed run is visible in history');

    const next = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /died without releasing its lock/);
    assert.match(next.stderr, /was interrupted before it recorded a result; its terraform is not running any more/);
    const again = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.doesNotMatch(again.stderr, /interrupted before it recorded/, 'reported once');
  });
});
