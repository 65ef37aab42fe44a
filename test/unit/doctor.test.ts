// Doctor's pure parts and its runner: timeouts cut a check and abort its signal while the others
// report, concurrency is bounded, --only/--skip select by id or group, and the policy, grants,
// outputs and certificate judgements.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.js';
import { runChecks } from '../../src/doctor/runner.js';
import { selectChecks, ALL_CHECKS } from '../../src/doctor/checks/index.js';
import { judgeCertificate } from '../../src/doctor/checks/api-tls.js';
import { supportGrantsCheck } from '../../src/doctor/checks/support-grants.js';
import { versionAgeCheck } from '../../src/doctor/checks/version-age.js';
import { outputsCheck } from '../../src/doctor/checks/outputs.js';
import { awsAccountOf } from '../../src/doctor/checks/cloud-auth.js';
import { parseRedisInfo } from '../../src/doctor/checks/redis.js';
import { parseTimeout } from '../../src/doctor/run.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { CheckSkipped, pass, type DoctorCheck, type DoctorContext } from '../../src/doctor/types.js';
import type { HistoryEntry } from '../../src/terraform/deployment-state.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function testConfig(extra: Record<string, unknown> = {}) {
  return validateConfig({
    name: 'bt-test', cloud: 'aws', region: 'us-east-1', tier: 'testing', version: 'v1.0.0', orgName: 'acme',
    api: { instances: 1, cpu: 1, memoryGiB: 2 },
    postgres: { instanceType: 'db.r8g.large', storageGiB: 100, iops: 3000, version: 15 },
    redis: { instanceType: 'cache.r7g.large', version: '7.1' },
    brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' } },
    ...extra,
  });
}

function context(over: Partial<DoctorContext> = {}, outputs: Record<string, string> = {}): DoctorContext {
  const config = over.config === undefined && !('config' in over) ? testConfig() : over.config;
  return {
    cwd: '/tmp', env: {}, now: NOW, configPath: '/tmp/braintrust.json', config,
    deployment: { configPath: '/tmp/braintrust.json', stateDir: '/tmp/.braintrust', config, cloud: config?.cloud, outputs },
    hasOutputs: Object.keys(outputs).length > 0, history: [], live: { via: 'auto' }, timeoutMs: 1000, secrets: [],
    ...over,
  };
}

const check = (id: string, run: DoctorCheck['run']): DoctorCheck => ({ id, group: 'local', title: id, fix: `fix ${id}`, run });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('doctor runner', () => {
  it('cuts a hanging check at its timeout, aborts its signal, and still reports the others', async () => {
    let aborted = false;
    const hang = check('hang', (_dc, signal) => new Promise((_, reject) => {
      signal.addEventListener('abort', () => { aborted = true; reject(signal.reason); });
    }));
    const results = await runChecks([hang, check('quick', async () => pass('fine'))], context(), { timeoutMs: 300 });
    assert.equal(results[0].status, 'fail');
    assert.equal(results[0].detail, 'timed out after 0.3 s');
    assert.match(results[0].hint, /--timeout/);
    assert.equal(aborted, true, 'the hanging check saw its signal abort');
    assert.equal(results[1].status, 'pass');
  });

  it('runs checks concurrently: each check waits until all four have started', async () => {
    // A barrier, not a stopwatch: run one after another, the first check would wait for the
    // others forever and be cut at its timeout (a fail), so four passes prove they overlapped.
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((r) => { release = r; });
    const waiter = (id: string) => check(id, async () => {
      if (++started === 4) release();
      await allStarted;
      return pass(id);
    });
    const results = await runChecks([waiter('a'), waiter('b'), waiter('c'), waiter('d')], context(), { timeoutMs: 5000 });
    assert.deepEqual(results.map((r) => [r.id, r.status]), [['a', 'pass'], ['b', 'pass'], ['c', 'pass'], ['d', 'pass']]);
  });

  it('never runs more than `concurrency` checks at once', async () => {
    let running = 0;
    let peak = 0;
    const c = (id: string) => check(id, async () => { running++; peak = Math.max(peak, running); await sleep(30); running--; return pass(id); });
    await runChecks(['a', 'b', 'c', 'd', 'e', 'f'].map(c), context(), { timeoutMs: 1000, concurrency: 2 });
    assert.equal(peak, 2);
  });

  it('turns throws into fail (with the error hint or the check fix), CheckSkipped into skip, and redacts known secrets', async () => {
    const dc = context({ secrets: ['hunter2-secret'] });
    const results = await runChecks([
      check('typed', async () => { throw new BraintrustError('nope for hunter2-secret', { code: 'OPERATION_FAILED', hint: 'do this' }); }),
      check('plain', async () => { throw new Error('connect to postgres://app:pw123456@db failed'); }),
      check('sync', (() => { throw new Error('sync throw'); }) as unknown as DoctorCheck['run']),
      check('skipped', async () => { throw new CheckSkipped('not applicable'); }),
    ], dc, { timeoutMs: 1000 });
    assert.deepEqual(results.map((r) => r.status), ['fail', 'fail', 'fail', 'skip']);
    assert.equal(results[0].detail, 'nope for ***');
    assert.equal(results[0].hint, 'do this');
    assert.equal(results[1].detail, 'connect to postgres://app:***@db failed');
    assert.equal(results[1].hint, 'fix plain');
    assert.equal(results[2].detail, 'sync throw');
    assert.equal(results[3].detail, 'not applicable');
  });

  it('aborts every check when the parent signal aborts (Ctrl-C)', async () => {
    const parent = new AbortController();
    const waiting = check('wait', (_dc, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    setTimeout(() => parent.abort(new Error('Interrupted by SIGINT')), 50);
    const [r] = await runChecks([waiting], context(), { timeoutMs: 5000, signal: parent.signal });
    assert.equal(r.status, 'fail');
    assert.match(r.detail, /SIGINT/);
  });
});

describe('doctor check selection', () => {
  it('selects by id and by group, keeping report order', () => {
    assert.deepEqual(selectChecks('redis,postgres', undefined).map((c) => c.id), ['postgres', 'redis']);
    assert.deepEqual(selectChecks('policy', undefined).map((c) => c.id), ['version-age', 'support-grants']);
    const noLive = selectChecks(undefined, 'live,node');
    assert.ok(noLive.every((c) => c.group !== 'live' && c.id !== 'node'));
    assert.equal(noLive.length, ALL_CHECKS.filter((c) => c.group !== 'live').length - 1);
  });

  it('refuses unknown ids with the list of valid ones (exit 2)', () => {
    assert.throws(() => selectChecks('postgress', undefined), (e: BraintrustError) => e.exitCode === 2 && /postgress/.test(e.message) && /postgres/.test(e.hint ?? ''));
    assert.throws(() => selectChecks(undefined, ','), (e: BraintrustError) => e.exitCode === 2);
  });

  it('has unique ids and a fix for every check', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ALL_CHECKS.every((c) => c.fix.length > 10));
  });

  it('parses --timeout seconds', () => {
    assert.equal(parseTimeout(undefined), 10_000);
    assert.equal(parseTimeout('2.5'), 2500);
    assert.throws(() => parseTimeout('0'), (e: BraintrustError) => e.exitCode === 2);
    assert.throws(() => parseTimeout('ten'), (e: BraintrustError) => e.exitCode === 2);
  });
});

describe('doctor judgements', () => {
  it('certificate: expired and untrusted fail, under 21 days warns', () => {
    const base = { validTo: '2026-07-01', authorized: true, issuer: 'Amazon' };
    assert.equal(judgeCertificate({ ...base, daysLeft: 90 }).status, 'pass');
    assert.equal(judgeCertificate({ ...base, daysLeft: 20 }).status, 'warn');
    assert.equal(judgeCertificate({ ...base, daysLeft: 21 }).status, 'pass');
    assert.equal(judgeCertificate({ ...base, daysLeft: -1 }).status, 'fail');
    const untrusted = judgeCertificate({ ...base, daysLeft: 200, authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    assert.equal(untrusted.status, 'fail');
    assert.match(untrusted.detail, /DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('support-grants: fails on an expired grant still in the config, passes on active ones', async () => {
    // Grants last at most 7 days and name a real principal (config rules): one day each here.
    const grant = (expiresAt: string) => ({ principal: '123456789012', reason: 'ticket 42', grantedAt: new Date(Date.parse(expiresAt) - 86_400_000).toISOString(), expiresAt });
    const expired = await supportGrantsCheck.run(context({ config: testConfig({ remoteAccess: { grants: [grant('2026-05-31T00:00:00Z')] } }) }), new AbortController().signal);
    assert.equal(expired.status, 'fail');
    assert.match(expired.detail, /1 expired grant.*ticket 42.*2026-05-31/);
    const active = await supportGrantsCheck.run(context({ config: testConfig({ remoteAccess: { grants: [grant('2026-06-02T00:00:00Z')] } }) }), new AbortController().signal);
    assert.equal(active.status, 'pass');
    assert.match(active.detail, /1 active grant/);
  });

  it('version-age: warns past a month behind, fails past a quarter (the upgrade policy)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-doctor-unit-'));
    const manifest = join(dir, 'manifest.json');
    const release = (version: string, date: string) => ({ version, date, components: { api: version, brainstore: version }, notesUrl: 'https://example.com/notes' });
    await writeFile(manifest, JSON.stringify({ schemaVersion: 1, releases: [release('v1.0.0', '2026-01-10'), release('v1.1.0', '2026-04-20'), release('v1.2.0', '2026-05-30')] }));
    const at = (version: string, history: HistoryEntry[] = []) =>
      versionAgeCheck.run(context({ config: testConfig({ version }), history, live: { via: 'auto', manifest } }), new AbortController().signal);
    assert.equal((await at('v1.2.0')).status, 'pass');
    const month = await at('v1.1.0');
    assert.equal(month.status, 'warn');
    assert.match(month.hint ?? '', /v1\.2\.0/);
    assert.equal((await at('v1.0.0')).status, 'fail');
    // The deployed version (history) is judged, not the config's.
    const applied: HistoryEntry = { time: '2026-01-11T00:00:00Z', version: 'v1.0.0', configSha256: 'x', action: 'install', result: 'success', durationMs: 1 };
    assert.equal((await at('v1.2.0', [applied])).status, 'fail');
  });

  it('outputs: warns when nothing is installed, fails when the region differs from the config', async () => {
    const signal = new AbortController().signal;
    assert.equal((await outputsCheck.run(context(), signal)).status, 'warn');
    const moved = await outputsCheck.run(context({}, { region: 'eu-west-1', api_url: 'https://api.example.com' }), signal);
    assert.equal(moved.status, 'fail');
    assert.match(moved.detail, /eu-west-1.*us-east-1/);
    assert.equal((await outputsCheck.run(context({}, { region: 'us-east-1', api_url: 'https://api.example.com' }), signal)).status, 'pass');
  });

  it('reads the AWS account from an STS ARN and parses Redis INFO', () => {
    assert.equal(awsAccountOf('arn:aws:sts::123456789012:assumed-role/admin/me'), '123456789012');
    assert.equal(awsAccountOf('arn:aws-us-gov:iam::210987654321:user/x'), '210987654321');
    assert.equal(awsAccountOf('not an arn'), undefined);
    const info = parseRedisInfo('# Server\r\nredis_version:7.2.4\r\n\r\n# Memory\r\nused_memory:1024\r\nmaxmemory_policy:volatile-lru\r\n');
    assert.deepEqual(info, { redis_version: '7.2.4', used_memory: '1024', maxmemory_policy: 'volatile-lru' });
  });
});
