// braintrust doctor against real services: PostgreSQL, redis-server, s3rver, and node:http
// servers standing in for the API (health + CORS) and Brainstore. Cloud CLIs and terraform are
// the test fakes. Handlers run in-process with a Ctx over a temp deployment dir.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as runWithoutDefaults } from '../../src/commands/doctor.js';
import type { DoctorOptions } from '../../src/doctor/run.js';
import type { CheckResult } from '../../src/doctor/types.js';
import { startPostgres, startRedis, startS3, type PostgresService, type RedisService, type S3Service } from '../helpers/services.js';
import { installFakeClis, isRunning, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runHandler, testConfig } from '../helpers/connect-harness.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { doctorCommand } from '../../src/commands/doctor.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const run = withDefaults(doctorCommand, runWithoutDefaults);

const APP_ORIGIN = 'https://www.braintrust.dev';
const PG_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bt-test-pg';
const REDIS_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bt-test-redis';

/** An API stand-in: GET → 200, OPTIONS → CORS for the app origin; `hang` never answers. */
async function startHttp(behaviour: { hang?: boolean; corsOrigin?: string } = {}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res: ServerResponse) => {
    if (behaviour.hang) return;
    if (req.method === 'OPTIONS') {
      const allowed = behaviour.corsOrigin ?? (req.headers.origin === APP_ORIGIN ? APP_ORIGIN : undefined);
      res.writeHead(204, allowed ? { 'access-control-allow-origin': allowed, 'access-control-allow-methods': 'GET, POST, PUT, OPTIONS' } : {});
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Hello World!');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const byId = (checks: CheckResult[]) => Object.fromEntries(checks.map((c) => [c.id, c]));
const LIVE = ['api-health', 'api-cors', 'api-tls', 'postgres', 'redis', 'bucket', 'brainstore'];

describe('braintrust doctor against local services', () => {
  let db: PostgresService;
  let redis: RedisService;
  let s3: S3Service;
  let api: Awaited<ReturnType<typeof startHttp>>;
  let brainstore: Awaited<ReturnType<typeof startHttp>>;
  let fakes: FakeClis;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const redisPassword = 'redis-pw-4f9a2c';

  /** A deployment dir: config (+ edits), outputs (+ overrides), and a manifest dated today. */
  async function deployment(outputs: Record<string, string | number> = {}, config: Record<string, unknown> = {}): Promise<string> {
    const d = await tempDir('bt-doctor-');
    await writeFile(join(d, 'braintrust.json'), JSON.stringify({ ...testConfig('aws'), ...config }, null, 2));
    await mkdir(join(d, '.braintrust'));
    await writeFile(join(d, '.braintrust', 'outputs.json'), JSON.stringify({
      region: 'us-east-1', api_url: api.url, brainstore_url: brainstore.url,
      postgres_host: '127.0.0.1', postgres_port: db.port, postgres_username: db.user,
      redis_host: '127.0.0.1', redis_port: redis.port, redis_tls: 'false',
      brainstore_bucket: s3.bucket, bastion_instance_id: 'i-0123456789abcdef0',
      ...outputs,
    }, null, 2));
    return d;
  }

  const doctor = (cwd: string, opts: Partial<DoctorOptions> = {}, extra: { json?: boolean; env?: NodeJS.ProcessEnv } = {}) =>
    runHandler(run, { cwd, config: join(cwd, 'braintrust.json'), env: extra.env ?? env, json: extra.json ?? true },
      { via: 'direct', manifest: join(dir, 'manifest.json'), ...opts } as DoctorOptions);

  before(async () => {
    [db, redis, s3, api, brainstore] = await Promise.all([startPostgres(), startRedis({ password: redisPassword }), startS3(), startHttp(), startHttp()]);
    fakes = await installFakeClis({
      secrets: {
        [PG_ARN]: JSON.stringify({ username: db.user, password: db.password }),
        [REDIS_ARN]: JSON.stringify({ auth_token: redisPassword }),
      },
      hosts: { 'bt-test-db.internal': '127.0.0.1', 'bt-test-cache.internal': '127.0.0.1' },
    });
    dir = await tempDir('bt-doctor-shared-');
    // A `terraform` that only answers `version -json` (node by absolute path: PATH holds no node).
    const tfBin = join(dir, 'tf-bin');
    await mkdir(tfBin);
    await writeFile(join(tfBin, 'terraform'), `#!${process.execPath}\nprocess.stdout.write(JSON.stringify({ terraform_version: '1.9.5' }) + '\\n');\n`, { mode: 0o755 });
    const today = new Date().toISOString().slice(0, 10);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({
      schemaVersion: 1,
      releases: [{ version: 'v1.0.0', date: today, components: { api: '1.0.0', brainstore: '1.0.0' }, notesUrl: 'https://example.com/v1.0.0' }],
    }));
    env = fakes.env({
      PATH: `${fakes.binDir}:${tfBin}`,
      BRAINTRUST_PG_PASSWORD: db.password,
      BRAINTRUST_REDIS_PASSWORD: redisPassword,
      BRAINTRUST_S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      AWS_REGION: s3.region,
    });
  });
  after(async () => {
    await Promise.all([db?.stop(), redis?.stop(), s3?.stop(), api?.close(), brainstore?.close(), fakes?.cleanup()]);
    if (dir) await removeDir(dir);
  });

  it('passes every live check and fails none (--json: {"ok", "checks"})', async () => {
    const cwd = await deployment();
    const r = await doctor(cwd);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: CheckResult[] };
    assert.equal(doc.ok, true);
    const checks = byId(doc.checks);
    for (const id of ['api-health', 'api-cors', 'postgres', 'redis', 'bucket', 'brainstore']) assert.equal(checks[id].status, 'pass', `${id}: ${checks[id].detail}`);
    assert.equal(checks['api-tls'].status, 'skip', 'http on loopback has no certificate');
    assert.match(checks.postgres.detail, /^PostgreSQL 1\d\.\d+, database [\d.]+ MiB, \d+\/\d+ connections, via direct/);
    assert.match(checks.redis.detail, /^Redis 7\.\d+\.\d+, PONG, memory .*maxmemory-policy noeviction, via direct/);
    assert.match(checks.bucket.detail, new RegExp(`${s3.bucket} write/read/delete ok`));
    assert.match(checks['api-cors'].detail, /Access-Control-Allow-Origin: https:\/\/www\.braintrust\.dev/);
    for (const id of ['node', 'terraform', 'cloud-cli', 'config', 'sizing', 'cloud-auth', 'outputs', 'version-age', 'support-grants']) {
      assert.equal(checks[id].status, 'pass', `${id}: ${checks[id].detail}`);
    }
    assert.equal(checks['cloud-auth'].detail, 'arn:aws:iam::123456789012:user/tester');
    assert.equal(checks.clients.status, 'warn', 'psql and redis-cli are not on the test PATH');
    assert.ok(doc.checks.every((c) => typeof c.durationMs === 'number' && c.title && c.group));
    assert.ok(!r.stdout.includes(db.password) && !r.stdout.includes(redisPassword));
  });

  it('prints a grouped table with the fix for every warning', async () => {
    const cwd = await deployment();
    const r = await doctor(cwd, {}, { json: false });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^group\s+check\s+status\s+detail/m);
    assert.match(r.stdout, /^local\s+node\s+pass/m);
    assert.match(r.stdout, /^live\s+api-health\s+pass/m);
    assert.match(r.stdout, /^\s+postgres\s+pass\s+PostgreSQL/m);
    assert.match(r.stdout, /To fix:\n\s+warn clients: Install the PostgreSQL client/);
    // Skipped: api-tls (plain http on loopback) and gcp-ingress (not GCP).
    assert.match(r.stdout, /doctor: no failures \(16 pass, 1 warn, 0 fail, 2 skip/);
  });

  it('reaches Postgres and Redis through the AWS SSM tunnel with credentials from the secret store', async () => {
    const cwd = await deployment({
      postgres_host: 'bt-test-db.internal', postgres_secret_arn: PG_ARN,
      redis_host: 'bt-test-cache.internal', redis_secret_arn: REDIS_ARN,
    });
    const { BRAINTRUST_PG_PASSWORD: _pg, BRAINTRUST_REDIS_PASSWORD: _redis, ...noPasswords } = env;
    const r = await doctor(cwd, { via: 'auto', only: 'postgres,redis' }, { env: noPasswords });
    assert.equal(r.code, 0, r.stdout);
    const checks = byId((JSON.parse(r.stdout) as { checks: CheckResult[] }).checks);
    assert.match(checks.postgres.detail, /via ssm/);
    assert.match(checks.redis.detail, /via ssm/);
    const starts = (await fakes.calls('aws')).filter((c) => c.argv[1] === 'start-session');
    assert.ok(starts.some((c) => c.argv.join(' ').includes(`host=bt-test-db.internal,portNumber=${db.port}`)));
    assert.ok(starts.some((c) => c.argv.join(' ').includes(`host=bt-test-cache.internal,portNumber=${redis.port}`)));
    for (const pid of await fakes.tunnelPids()) assert.equal(isRunning(pid), false, `tunnel ${pid} closed`);
  });

  it('checks a direct --postgres-url / --redis-url without outputs for them', async () => {
    const cwd = await deployment({ postgres_host: '', redis_host: '' });
    const r = await doctor(cwd, { via: 'auto', only: 'postgres,redis', postgresUrl: `postgres://${db.user}@127.0.0.1:${db.port}/postgres`, redisUrl: `redis://127.0.0.1:${redis.port}` });
    assert.equal(r.code, 0, r.stdout);
    const checks = byId((JSON.parse(r.stdout) as { checks: CheckResult[] }).checks);
    assert.equal(checks.postgres.status, 'pass');
    assert.equal(checks.redis.status, 'pass');
  });

  it('--only and --skip select checks by id or group; an unknown id is a usage error', async () => {
    const cwd = await deployment();
    const only = await doctor(cwd, { only: 'postgres,policy' });
    assert.deepEqual((JSON.parse(only.stdout) as { checks: CheckResult[] }).checks.map((c) => c.id), ['version-age', 'support-grants', 'postgres']);
    const skipped = await doctor(cwd, { skip: 'live,clients' });
    const ids = (JSON.parse(skipped.stdout) as { checks: CheckResult[] }).checks.map((c) => c.id);
    assert.ok(ids.length > 0 && ids.every((id) => !LIVE.includes(id) && id !== 'clients'));
    assert.equal(skipped.code, 0);
    const bad = await doctor(cwd, { only: 'postgress' });
    assert.equal(bad.code, 2);
    assert.equal((JSON.parse(bad.stdout) as { error: { code: string } }).error.code, 'USAGE');
  });

  it('cuts a hanging API at --timeout while the other checks still report', async () => {
    const hang = await startHttp({ hang: true });
    try {
      const cwd = await deployment({ api_url: hang.url });
      const r = await doctor(cwd, { timeout: '1' });
      assert.equal(r.code, 1);
      const doc = JSON.parse(r.stdout) as { ok: boolean; checks: CheckResult[] };
      assert.equal(doc.ok, false);
      const checks = byId(doc.checks);
      for (const id of ['api-health', 'api-cors']) {
        assert.equal(checks[id].status, 'fail');
        assert.equal(checks[id].detail, 'timed out after 1 s');
      }
      assert.deepEqual(doc.checks.filter((c) => c.status === 'fail').map((c) => c.id), ['api-health', 'api-cors']);
      for (const id of ['postgres', 'redis', 'bucket', 'brainstore']) assert.equal(checks[id].status, 'pass', id);
      // The timed-out checks closed their connections (the server hears of it a moment later).
      const openConnections = () => new Promise<number>((res) => hang.server.getConnections((_e, n) => res(n)));
      for (let i = 0; i < 50 && (await openConnections()) > 0; i++) await new Promise((res) => setTimeout(res, 20));
      assert.equal(await openConnections(), 0);
    } finally {
      await hang.close();
    }
  });

  it('fails api-cors when the API does not allow the web app origin', async () => {
    const wrong = await startHttp({ corsOrigin: 'https://app.example.com' });
    try {
      const cwd = await deployment({ api_url: wrong.url });
      const r = await doctor(cwd, { only: 'api-health,api-cors' });
      assert.equal(r.code, 1);
      const checks = byId((JSON.parse(r.stdout) as { checks: CheckResult[] }).checks);
      assert.equal(checks['api-health'].status, 'pass');
      assert.equal(checks['api-cors'].status, 'fail');
      assert.match(checks['api-cors'].detail, /Access-Control-Allow-Origin is https:\/\/app\.example\.com, not https:\/\/www\.braintrust\.dev/);
      assert.match(checks['api-cors'].hint, /urls\.appUrl/);
    } finally {
      await wrong.close();
    }
  });

  it('reports expired support grants and an invalid config (exit 2, the local checks still run)', async () => {
    const expired = await deployment({}, { remoteAccess: { grants: [{ reason: 'ticket 7', grantedAt: '2020-01-01T00:00:00Z', expiresAt: '2020-01-02T00:00:00Z' }] } });
    const r = await doctor(expired, { only: 'policy' });
    assert.equal(r.code, 1);
    assert.equal(byId((JSON.parse(r.stdout) as { checks: CheckResult[] }).checks)['support-grants'].status, 'fail');

    const broken = await deployment({}, { tier: 'staging' });
    const b = await doctor(broken, { skip: 'live' });
    assert.equal(b.code, 2);
    const doc = JSON.parse(b.stdout) as { ok: boolean; checks: CheckResult[]; error: { code: string } };
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'CONFIG_INVALID');
    const checks = byId(doc.checks);
    assert.equal(checks.config.status, 'fail');
    assert.match(checks.config.detail, /tier: "staging" is not allowed/);
    assert.equal(checks.node.status, 'pass');
    assert.equal(checks.sizing.status, 'skip');
  });

  // Last: stops the shared Redis.
  it('with Redis stopped, only the redis check fails (exit 1)', async () => {
    const cwd = await deployment();
    await redis.stop();
    const r = await doctor(cwd, { timeout: '3' });
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: CheckResult[] };
    assert.deepEqual(doc.checks.filter((c) => c.status === 'fail').map((c) => c.id), ['redis']);
    const redisCheck = byId(doc.checks).redis;
    assert.match(redisCheck.detail, /did not accept connections|ECONNREFUSED/);
    assert.ok(redisCheck.hint.length > 0);
  });
});
