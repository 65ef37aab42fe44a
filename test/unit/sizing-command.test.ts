// `braintrust sizing check` handler, in process, against config files in a temp dir.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Ctx } from '../../src/context.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { saveConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { run } from '../../src/commands/sizing.js';
import { summarizeFindings } from '../../src/ui/findings.js';
import { Output } from '../../src/ui/output.js';
import { Io } from '../../src/ui/io.js';
import { createPrompter } from '../../src/ui/prompts.js';
import { BraintrustError } from '../../src/ui/errors.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function makeCtx(config: string, json: boolean): { ctx: Ctx; stdout: Capture; stderr: Capture } {
  const stdout = new Capture();
  const stderr = new Capture();
  const out = new Output({ json, color: false, interactive: false, verbose: false, stdout, stderr });
  const ctx: Ctx = {
    io: new Io(out),
    prompt: createPrompter(false),
    globals: { config, json, yes: false, nonInteractive: true, color: false, verbose: false },
    cwd: process.cwd(),
    env: {},
    clock: () => new Date('2026-01-01T00:00:00Z'),
    signal: new AbortController().signal,
  };
  return { ctx, stdout, stderr };
}

describe('braintrust sizing check', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'bt-sizing-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  async function writeConfig(file: string, edit: (c: ConfigInput) => void = () => {}, cloud: 'aws' | 'gcp' | 'docker' = 'aws'): Promise<string> {
    const raw = exampleConfig(cloud, 'production', { name: 'bt-test', org: 'acme' });
    edit(raw);
    return (await saveConfig(join(dir, file), raw)).path;
  }

  it('--json prints exactly {ok, cloud, tier, findings} and exits 0 when nothing fails', async () => {
    const { ctx, stdout } = makeCtx(await writeConfig('ok.yaml'), true);
    assert.equal(await run(ctx, {}, []), 0);
    const doc = JSON.parse(stdout.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['ok', 'cloud', 'tier', 'findings']);
    assert.equal(doc.ok, true);
    assert.equal(doc.cloud, 'aws');
    assert.equal(doc.tier, 'production');
    assert.ok(Array.isArray(doc.findings) && doc.findings.length > 20);
  });

  it('exits 1 with ok false when a row fails', async () => {
    const { ctx, stdout } = makeCtx(await writeConfig('fail.yaml', (c) => { c.postgres.version = 16; }), true);
    assert.equal(await run(ctx, {}, []), 1);
    const doc = JSON.parse(stdout.text) as { ok: boolean; findings: Array<{ check: string; status: string; hint: string }> };
    assert.equal(doc.ok, false);
    const version = doc.findings.find((f) => f.check === 'version' && f.status === 'fail');
    assert.match(version?.hint ?? '', /postgres\.version/);
  });

  it('--tier checks against another tier', async () => {
    const raw = exampleConfig('aws', 'testing', { name: 'bt-test', org: 'acme' });
    const path = (await saveConfig(join(dir, 'testing.yaml'), raw)).path;
    const { ctx, stdout } = makeCtx(path, true);
    assert.equal(await run(ctx, { tier: 'production' }, []), 1);
    assert.equal((JSON.parse(stdout.text) as { tier: string }).tier, 'production');
  });

  it('docker reports the testing tier and warns about --tier production', async () => {
    const { ctx, stdout, stderr } = makeCtx(await writeConfig('docker.yaml', () => {}, 'docker'), true);
    assert.equal(await run(ctx, { tier: 'production' }, []), 0);
    assert.equal((JSON.parse(stdout.text) as { tier: string }).tier, 'testing');
    assert.match(stderr.text, /testing tier/);
  });

  it('docker with tier: production in the config (no --tier) also says it is checked as testing', async () => {
    const { ctx, stderr } = makeCtx(await writeConfig('docker-prod.yaml', (c) => { c.tier = 'production'; }, 'docker'), false);
    assert.equal(await run(ctx, {}, []), 0);
    assert.match(stderr.text, /checked against the testing tier, not the config's tier: production/);
  });

  it('human output: a table with the fix column and a summary line', async () => {
    const { ctx, stdout } = makeCtx(await writeConfig('human.yaml', (c) => { c.redis.instanceType = 'cache.t4g.medium'; }), false);
    assert.equal(await run(ctx, {}, []), 1);
    const lines = stdout.text.split('\n');
    assert.match(lines[0], /bt-test \(aws, production tier\)/);
    assert.match(lines[1], /^component\s+check\s+required\s+actual\s+status\s+fix$/);
    assert.ok(lines.some((l) => /^redis\s+burstable\s+non-burstable\s+burstable \(cache\.t4g\.medium\)\s+FAIL\s+use a non-burstable/.test(l)));
    assert.ok(lines.some((l) => /^postgres\s+memory\s+64\+ GiB\s+64 GiB \(db\.r8g\.2xlarge\)\s+pass$/.test(l)));
    assert.match(stdout.text, /sizing check failed: \d+ pass, 0 warn, 2 fail\n$/);
  });

  it('an unknown instance type is a config error (exit 2)', async () => {
    const { ctx } = makeCtx(await writeConfig('unknown.yaml', (c) => { c.postgres.instanceType = 'db.r9x.2xlarge'; }), true);
    await assert.rejects(() => run(ctx, {}, []) as Promise<unknown>, (e: unknown) => e instanceof BraintrustError && e.exitCode === 2 && /postgres\.instanceType/.test(e.message));
  });

  it('summarizes counts', () => {
    assert.equal(summarizeFindings([]), 'sizing check passed: 0 pass, 0 warn, 0 fail');
    assert.equal(
      summarizeFindings([{ component: 'api', check: 'cpu', status: 'warn', required: 1, actual: null, hint: 'x' }]),
      'sizing check passed with warnings: 0 pass, 1 warn, 0 fail',
    );
  });
});
