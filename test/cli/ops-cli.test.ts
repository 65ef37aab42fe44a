// logs, status, restart and connect shell as the built binary: listed in --help, usage errors
// from the parser are exit 2 (one JSON document with --json), a global --yes after the
// SERVICE argument works, and a real run through a fake docker.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';
import { installFakeOpsClis, type FakeOpsClis } from '../helpers/fake-ops-cli.js';
import { testConfig } from '../helpers/connect-harness.js';

describe('ops commands as a process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => { for (const c of cleanups) await c(); });

  it('--help lists logs, status, restart and connect shell', async () => {
    const top = await runCli(['--help']);
    for (const c of ['logs', 'status', 'restart']) assert.match(top.stdout, new RegExp(`^  ${c}\\b`, 'm'));
    const connect = await runCli(['connect', '--help']);
    assert.match(connect.stdout, /^ {2}shell \[options\] <service>/m);
  });

  it('a bad --service or a missing SERVICE is exit 2', async () => {
    const bad = await runCli(['logs', '--service', 'redis', '--json']);
    assert.equal(bad.code, 2);
    assert.equal((JSON.parse(bad.stdout) as { ok: boolean }).ok, false);
    const missing = await runCli(['restart']);
    assert.equal(missing.code, 2);
  });

  it('restart SERVICE --yes on docker runs docker compose restart', async () => {
    const dir = await tempDir('bt-ops-cli-');
    const fakes: FakeOpsClis = await installFakeOpsClis({});
    cleanups.push(() => removeDir(dir), () => fakes.cleanup());
    await writeFile(join(dir, 'braintrust.json'), JSON.stringify(testConfig('docker')));
    const r = await runCli(['--config', 'braintrust.json', 'restart', 'brainstore', '--yes', '--json'], { cwd: dir, env: fakes.env() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).targets, ['brainstore']);
    assert.deepEqual((await fakes.calls('docker')).map((c) => c.argv), [['compose', '-p', 'bt-test', 'restart', 'brainstore']]);
  });
});
