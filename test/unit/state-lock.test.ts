// The run lock (.braintrust/lock) in process: refusal naming the holder, stale detection, a
// killed run whose terraform still runs, other hosts, re-entry, and private modes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { acquireLock } from '../../src/state/lock.js';
import { BraintrustError } from '../../src/ui/errors.js';

async function configIn(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-lock-'));
  return join(dir, 'braintrust.yaml');
}
/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}
async function plant(config: string, info: Record<string, unknown>): Promise<void> {
  await mkdir(join(config, '..', '.braintrust'), { recursive: true });
  await writeFile(join(config, '..', '.braintrust', 'lock'), JSON.stringify({ host: hostname(), command: 'install', startedAt: '2026-01-01T00:00:00.000Z', runId: 'r1', ...info }));
}
async function refusal(config: string): Promise<BraintrustError> {
  try {
    await acquireLock(config, 'telemetry disable');
  } catch (e) {
    assert.ok(e instanceof BraintrustError);
    return e;
  }
  assert.fail('expected LOCKED');
}

describe('run lock', () => {
  test('a live holder: exit 1 at once, naming pid, host, command and start time', async () => {
    const config = await configIn();
    await plant(config, { pid: 1 });
    const e = await refusal(config);
    assert.equal(e.code, 'LOCKED');
    assert.equal(e.exitCode, 1);
    assert.match(e.message, new RegExp(`pid 1 on ${hostname()}, \`braintrust install\` started 2026-01-01T00:00:00.000Z`));
  });

  test('a dead holder whose terraform still runs is refused, saying so', async () => {
    const config = await configIn();
    await plant(config, { pid: deadPid(), terraformPid: process.pid });
    const e = await refusal(config);
    assert.match(e.message, new RegExp(`its terraform \\(pid ${process.pid}\\) is still running`));
  });

  test('a dead holder is stale: taken over and reported; the new lock is 0600 in a 0700 directory', async () => {
    const config = await configIn();
    const pid = deadPid();
    await plant(config, { pid, terraformPid: deadPid() });
    const lock = await acquireLock(config, 'install');
    assert.equal(lock.replaced?.info.pid, pid);
    const path = join(config, '..', '.braintrust', 'lock');
    assert.equal(JSON.parse(await readFile(path, 'utf8')).pid, process.pid);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(config, '..', '.braintrust'))).mode & 0o777, 0o700);
    const inner = await acquireLock(config, 'install'); // re-entry in the same process
    await inner.release();
    assert.ok((await stat(path)).isFile(), 'still held by the outer acquire');
    await lock.release();
    await assert.rejects(stat(path), /ENOENT/);
  });

  test('a holder on another host is never treated as stale', async () => {
    const config = await configIn();
    await plant(config, { pid: deadPid(), host: 'ci-runner-7' });
    assert.match((await refusal(config)).message, /on ci-runner-7/);
  });
});
