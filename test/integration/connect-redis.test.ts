// connect redis end to end: real redis-server with a password, the SSM fake forwarding to it,
// the AUTH token from the (fake) secret store, write commands refused without --write.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { run } from '../../src/commands/connect-redis.js';
import { runReadOnlyRedisRepl } from '../../src/access/redis-repl.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { startRedis, type RedisService } from '../helpers/services.js';
import { installFakeClis, isRunning, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { captureStream, runHandler, writeDeployment, type TestDeployment } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bt-test-redis';
const PASSWORD = 'redis-auth-token-6f1e2d';

describe('connect redis through the AWS SSM tunnel', () => {
  let redis: RedisService;
  let fakes: FakeClis;
  let dep: TestDeployment;
  const base = { maxDuration: '1h', via: 'auto' as const, tls: false };
  const ctxOpts = (extra: Record<string, unknown> = {}) => ({ cwd: dep.dir, config: dep.configPath, env: fakes.env(), ...extra });

  before(async () => {
    redis = await startRedis({ password: PASSWORD });
    fakes = await installFakeClis({
      secrets: { [ARN]: JSON.stringify({ auth_token: PASSWORD }) },
      hosts: { 'master.bt-test.abc123.use1.cache.amazonaws.com': '127.0.0.1' },
    });
    dep = await writeDeployment('aws', {
      region: 'us-east-1',
      redis_host: 'master.bt-test.abc123.use1.cache.amazonaws.com',
      redis_port: redis.port,
      redis_secret_arn: ARN,
      bastion_instance_id: 'i-0123456789abcdef0',
    });
    // The key the refusal tests check is untouched, whether or not the write test ran first.
    const c = await direct();
    await c.set('greeting', 'hello world');
    c.disconnect();
  });
  after(async () => {
    await redis?.stop();
    await fakes?.cleanup();
  });

  async function direct(): Promise<Redis> {
    const c = new Redis({ host: '127.0.0.1', port: redis.port, password: PASSWORD, lazyConnect: true });
    await c.connect();
    return c;
  }

  it('sets a key with --write --yes and reads it back read-only', async () => {
    const set = await runHandler(run, ctxOpts({ yes: true }), { ...base, write: true, command: 'SET greeting "hello world"' });
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /"OK"/);
    assert.deepEqual(dataOf(set, 'connect.redis.reply'), [{ reply: 'OK' }]);
    const get = await runHandler(run, ctxOpts({ json: true }), { ...base, command: 'GET greeting' });
    assert.equal(get.code, 0, get.stderr);
    assert.deepEqual(JSON.parse(get.stdout), { ok: true, result: 'hello world' });
    assert.deepEqual(dataOf(get, 'connect.redis.reply'), [{ reply: 'hello world' }]);
    for (const pid of await fakes.tunnelPids()) assert.equal(isRunning(pid), false);
  });

  for (const cmd of ['FLUSHALL', 'FLUSHDB', 'DEL greeting', 'SET greeting x', 'CONFIG SET maxmemory 1', 'EVAL "return 1" 0', 'SHUTDOWN']) {
    it(`refuses ${cmd.split(' ')[0]} without --write (exit 1), before any tunnel`, async () => {
      const tunnelsBefore = (await fakes.tunnelPids()).length;
      const r = await runHandler(run, ctxOpts(), { ...base, command: cmd });
      assert.equal(r.code, 1);
      assert.equal((r.error as BraintrustError).code, 'WRITE_REFUSED');
      assert.match(r.stderr, /Refused: .* read-only/);
      assert.match(r.stderr, /--write/);
      assert.deepEqual(dataOf(r, 'connect.redis.reply'), [], 'nothing was sent');
      assert.equal((await fakes.tunnelPids()).length, tunnelsBefore);
      const c = await direct();
      assert.equal(await c.get('greeting'), 'hello world', 'data untouched');
      c.disconnect();
    });
  }

  it('refuses a write command without --write even before the deployment is installed (no outputs)', async () => {
    const bare = await writeDeployment('aws');
    const r = await runHandler(run, { cwd: bare.dir, config: bare.configPath, env: fakes.env() }, { ...base, command: 'FLUSHALL' });
    assert.equal(r.code, 1);
    assert.equal((r.error as BraintrustError).code, 'WRITE_REFUSED', r.stderr);
    assert.ok((await bare.audit()).some((e) => e.statement === 'FLUSHALL' && e.outcome === 'refused' && e.via === 'none'));
    const read = await runHandler(run, { cwd: bare.dir, config: bare.configPath, env: fakes.env() }, { ...base, command: 'PING' });
    assert.equal(read.code, 3, 'a read without outputs still needs the deployment');
    assert.equal((read.error as BraintrustError).code, 'OUTPUTS_NOT_FOUND');
  });

  it('allows read-only introspection (CONFIG GET, INFO) and prints like redis-cli', async () => {
    const r = await runHandler(run, ctxOpts(), { ...base, command: 'CONFIG GET maxmemory-policy' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1\) "maxmemory-policy"\n2\) "noeviction"/);
    assert.deepEqual(dataOf(r, 'connect.redis.reply'), [{ reply: ['maxmemory-policy', 'noeviction'] }]);
  });

  it('a wrong password fails clearly and leaves no tunnel', async () => {
    const r = await runHandler(run, { ...ctxOpts(), env: fakes.env({ BRAINTRUST_REDIS_PASSWORD: 'wrong-password' }) }, { ...base, command: 'PING' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /WRONGPASS|invalid password/i);
    for (const pid of await fakes.tunnelPids()) assert.equal(isRunning(pid), false);
    assert.ok(!(await dep.auditText()).includes('wrong-password'));
  });

  it('audits every session (refusals too) without the AUTH token or key names', async () => {
    // Its own sessions (a refusal, a write, a read), so it passes alone and in any order.
    assert.equal((await runHandler(run, ctxOpts(), { ...base, command: 'FLUSHALL' })).code, 1);
    assert.equal((await runHandler(run, ctxOpts({ yes: true }), { ...base, write: true, command: 'SET greeting "hello world"' })).code, 0);
    assert.equal((await runHandler(run, ctxOpts(), { ...base, command: 'CONFIG GET maxmemory-policy' })).code, 0);
    const entries = await dep.audit();
    assert.ok(entries.some((e) => e.statement === 'FLUSHALL' && e.outcome === 'refused'));
    assert.ok(entries.some((e) => e.statement === 'SET ? ?' && e.access === 'write' && e.outcome === 'ok'));
    assert.ok(entries.some((e) => e.statement === 'CONFIG GET ?'));
    const text = await dep.auditText();
    assert.ok(!text.includes(PASSWORD));
    assert.ok(!text.includes('greeting'));
  });

  it('the interactive read-only prompt refuses writes line by line', async () => {
    const client = await direct();
    const input = new PassThrough();
    const output = captureStream();
    input.end('GET greeting\nFLUSHALL\nDBSIZE\nquit\n');
    const count = await runReadOnlyRedisRepl({ client, input, output: output.stream, prompt: '> ', signal: new AbortController().signal });
    client.disconnect();
    assert.equal(count, 2);
    assert.match(output.text(), /"hello world"/);
    assert.match(output.text(), /\(error\) Refused: FLUSHALL/);
    assert.match(output.text(), /\(integer\) 1/);
  });

  it('an interactive write session without redis-cli is exit 3 suggesting --command', async () => {
    const r = await runHandler(run, ctxOpts({ yes: true }), { ...base, write: true });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /redis-cli is not installed/);
    assert.match(r.stderr, /--command/);
  });
});
