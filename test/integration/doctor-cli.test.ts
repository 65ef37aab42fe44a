// doctor and support bundle as the built binary (dist/src/bin.cjs) runs them: exit codes, one
// JSON document on stdout, and a bundle written where --out says.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, removeDir, tempDir } from '../helpers/cli.js';
import { testConfig } from '../helpers/connect-harness.js';

describe('braintrust doctor (built CLI)', () => {
  let dir: string;
  before(async () => { dir = await tempDir('bt-doctor-cli-'); });
  after(async () => { if (dir) await removeDir(dir); });

  it('lists doctor and support bundle in --help', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\bdoctor\b/);
    assert.match(r.stdout, /\bsupport\b/);
    const help = await runCli(['doctor', '--help']);
    for (const o of ['--only', '--skip', '--timeout', '--via', '--postgres-url', '--redis-url', '--bucket-endpoint']) assert.ok(help.stdout.includes(o), o);
  });

  it('refuses a password in --postgres-url / --redis-url (exit 2, pointing at the env variable)', async () => {
    for (const [flag, url, env] of [['--postgres-url', 'postgres://u:hunter2@127.0.0.1:5432/db', 'BRAINTRUST_PG_PASSWORD'], ['--redis-url', 'redis://:hunter2@127.0.0.1:6379', 'BRAINTRUST_REDIS_PASSWORD']]) {
      const r = await runCli(['doctor', '--json', '--only', 'postgres,redis', flag, url], { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      assert.ok(!r.stdout.includes('hunter2') && !r.stderr.includes('hunter2'), 'the password is not echoed');
      assert.match(r.stdout, new RegExp(env));
    }
  });

  it('exits 2 without a config, still reporting the local checks as one JSON document', async () => {
    const r = await runCli(['doctor', '--json', '--only', 'local'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; hint: string }; checks: { id: string; status: string }[] };
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'CONFIG_NOT_FOUND');
    assert.match(doc.error.hint, /braintrust init/);
    assert.equal(doc.checks.find((c) => c.id === 'node')?.status, 'pass');
    assert.equal(doc.checks.find((c) => c.id === 'config')?.status, 'fail');
  });

  it('shows the config path in check details (the working directory is not a secret)', async () => {
    const r = await runCli(['doctor', '--json', '--only', 'config'], { cwd: dir, env: { PWD: dir } });
    assert.equal(r.code, 2, r.stderr);
    const doc = JSON.parse(r.stdout) as { checks: { id: string; detail: string }[] };
    assert.equal(doc.checks[0].detail, `No config file at ${join(dir, 'braintrust.yaml')}`);
  });

  it('rejects bad flags before announcing a run, and names terraform found on PATH without a fake path', async () => {
    const bad = await runCli(['doctor', '--only', 'nope'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--only "nope"/);
    assert.doesNotMatch(bad.stderr, /Running doctor checks/);
    const tf = await runCli(['doctor', '--json', '--only', 'terraform'], { cwd: dir });
    const check = (JSON.parse(tf.stdout) as { checks: { status: string; detail: string }[] }).checks[0];
    if (check.status === 'pass') assert.doesNotMatch(check.detail, / at terraform$/);
  });

  it('exits 0 on a healthy subset and 2 on a bad --timeout', async () => {
    const d = join(dir, 'ok');
    await mkdir(d);
    await writeFile(join(d, 'braintrust.json'), JSON.stringify(testConfig('aws')));
    const r = await runCli(['--config', 'braintrust.json', 'doctor', '--only', 'node,config,sizing,support-grants'], { cwd: d });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /doctor: no failures \(4 pass, 0 warn, 0 fail, 0 skip/);
    const bad = await runCli(['--config', 'braintrust.json', 'doctor', '--timeout', 'soon'], { cwd: d });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--timeout "soon"/);
  });

  it('support bundle --out writes the archive and prints its path and size', async () => {
    const d = join(dir, 'bundle');
    await mkdir(d);
    await writeFile(join(d, 'braintrust.json'), JSON.stringify(testConfig('aws')));
    const r = await runCli(['--config', 'braintrust.json', 'support', 'bundle', '--out', 'out/support.tar.gz', '--only', 'local'], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    const file = join(d, 'out', 'support.tar.gz');
    assert.ok((await stat(file)).size > 0);
    assert.match(r.stdout, /^Wrote .*out\/support\.tar\.gz \([\d.]+ (B|KiB), 5 files, secrets redacted\)$/m);
  });
});
