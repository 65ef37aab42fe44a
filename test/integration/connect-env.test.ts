// Secrets reach only the process that needs them (issue 11, item 5): psql, redis-cli, aws and
// kubectl get a trimmed environment; --url with a password is refused; Redis CONFIG GET masks
// password parameters; the audit log and the support bundle keep error codes, not server error
// text that echoes the statement; bundle environment values only for an allowlist.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x as extract } from 'tar';
import { run as runPostgresWithoutDefaults } from '../../src/commands/connect-postgres.js';
import { run as runRedisWithoutDefaults } from '../../src/commands/connect-redis.js';
import { run as runBundleWithoutDefaults } from '../../src/commands/support-bundle.js';
import { startPostgres, startRedis, type PostgresService, type RedisService } from '../helpers/services.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runHandler, writeDeployment, testConfig } from '../helpers/connect-harness.js';
import { tempDir } from '../helpers/cli.js';
import { connectPostgresCommand } from '../../src/commands/connect-postgres.spec.js';
import { connectRedisCommand } from '../../src/commands/connect-redis.spec.js';
import { supportBundleCommand } from '../../src/commands/support-bundle.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const runPostgres = withDefaults(connectPostgresCommand, runPostgresWithoutDefaults);
const runRedis = withDefaults(connectRedisCommand, runRedisWithoutDefaults);
const runBundle = withDefaults(supportBundleCommand, runBundleWithoutDefaults);

const CLOUD_SECRETS = {
  AWS_SECRET_ACCESS_KEY: 'PLANTED-AWS-SECRET',
  BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'PLANTED-LICENSE',
};

describe('child environments and secret hygiene', () => {
  let db: PostgresService;
  let redis: RedisService;
  let fakes: FakeClis;
  let dummy: Server;
  let dummyPort: number;
  before(async () => {
    [db, redis] = await Promise.all([startPostgres(), startRedis({ password: 'redis-pw-9d8c7b' })]);
    fakes = await installFakeClis({ tools: ['aws', 'session-manager-plugin', 'gcloud', 'az', 'kubectl', 'psql', 'redis-cli'], hosts: { 'db.internal': '127.0.0.1', '10.0.0.9': '127.0.0.1' } });
    dummy = createServer((c) => c.destroy());
    await new Promise<void>((r) => dummy.listen(0, '127.0.0.1', r));
    dummyPort = (dummy.address() as { port: number }).port;
  });
  after(async () => {
    await Promise.all([db?.stop(), redis?.stop(), fakes?.cleanup()]);
    dummy?.close();
  });

  it('psql gets PGPASSWORD but no cloud keys, license key or BRAINTRUST_* passwords', async () => {
    const dep = await writeDeployment('docker');
    const env = fakes.env({ ...CLOUD_SECRETS, BRAINTRUST_PG_PASSWORD: 'pg-pw-1a2b3c', BRAINTRUST_REDIS_PASSWORD: 'redis-pw-x' });
    const r = await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env }, { maxDuration: '1m', via: 'direct', host: '127.0.0.1', port: String(dummyPort) });
    assert.equal(r.code, 0, r.stderr);
    const psql = (await fakes.calls('psql')).at(-1);
    assert.ok(psql);
    assert.equal(psql.env.PGPASSWORD, 'pg-pw-1a2b3c');
    for (const k of ['AWS_SECRET_ACCESS_KEY', 'BRAINTRUST_BRAINSTORE_LICENSE_KEY', 'BRAINTRUST_PG_PASSWORD', 'BRAINTRUST_REDIS_PASSWORD']) assert.equal(psql.env[k], undefined, `psql has no ${k}`);
  });

  it('redis-cli gets REDISCLI_AUTH but no cloud keys or license key', async () => {
    const dep = await writeDeployment('docker');
    const env = fakes.env({ ...CLOUD_SECRETS, BRAINTRUST_REDIS_PASSWORD: 'redis-pw-2' });
    const r = await runHandler(runRedis, { cwd: dep.dir, config: dep.configPath, env, yes: true }, { maxDuration: '1m', via: 'direct', host: '127.0.0.1', port: String(dummyPort), write: true });
    assert.equal(r.code, 0, r.stderr);
    const cli = (await fakes.calls('redis-cli')).at(-1);
    assert.ok(cli);
    assert.equal(cli.env.REDISCLI_AUTH, 'redis-pw-2');
    for (const k of ['AWS_SECRET_ACCESS_KEY', 'BRAINTRUST_BRAINSTORE_LICENSE_KEY', 'BRAINTRUST_REDIS_PASSWORD']) assert.equal(cli.env[k], undefined, `redis-cli has no ${k}`);
  });

  it('aws (SSM tunnel) keeps its credentials but gets no database password or license key; kubectl likewise', async () => {
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db.internal', postgres_port: db.port, postgres_user: db.user, bastion_instance_id: 'i-1' });
    const env = fakes.env({ ...CLOUD_SECRETS, BRAINTRUST_PG_PASSWORD: db.password });
    const r = await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env }, { maxDuration: '1m', via: 'auto', query: 'SELECT 1' });
    assert.equal(r.code, 0, r.stderr);
    const ssm = (await fakes.calls('aws')).filter((c) => c.argv[1] === 'start-session').at(-1);
    assert.ok(ssm);
    assert.equal(ssm.env.AWS_SECRET_ACCESS_KEY, 'PLANTED-AWS-SECRET');
    assert.equal(ssm.env.BRAINTRUST_PG_PASSWORD, undefined);
    assert.equal(ssm.env.BRAINTRUST_BRAINSTORE_LICENSE_KEY, undefined);
    const gdep = await writeDeployment('gcp', { redis_host: '10.0.0.9', redis_port: redis.port, namespace: 'bt' });
    const genv = fakes.env({ ...CLOUD_SECRETS, BRAINTRUST_REDIS_PASSWORD: 'redis-pw-9d8c7b' });
    const g = await runHandler(runRedis, { cwd: gdep.dir, config: gdep.configPath, env: genv }, { maxDuration: '1m', via: 'auto', command: 'PING', tls: false });
    assert.equal(g.code, 0, g.stderr);
    for (const c of await fakes.calls('kubectl')) {
      assert.equal(c.env.BRAINTRUST_REDIS_PASSWORD, undefined, `kubectl ${c.argv.join(' ')} has no Redis password`);
      assert.equal(c.env.AWS_SECRET_ACCESS_KEY, undefined);
    }
  });

  it('--url with an embedded password is refused (it shows in ps), pointing at the variable', async () => {
    const dep = await writeDeployment('docker');
    const pgr = await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env: fakes.env() },
      { maxDuration: '1m', via: 'direct', url: `postgres://${db.user}:${db.password}@127.0.0.1:${db.port}/postgres`, query: 'SELECT 1' });
    assert.equal(pgr.code, 2, pgr.stderr);
    assert.match(pgr.stderr, /BRAINTRUST_PG_PASSWORD/);
    assert.ok(!pgr.stderr.includes(db.password), 'the password is not echoed');
    const rr = await runHandler(runRedis, { cwd: dep.dir, config: dep.configPath, env: fakes.env() },
      { maxDuration: '1m', via: 'direct', url: `redis://:redis-pw-9d8c7b@127.0.0.1:${redis.port}`, command: 'PING' });
    assert.equal(rr.code, 2, rr.stderr);
    assert.match(rr.stderr, /BRAINTRUST_REDIS_PASSWORD/);
  });

  it('Redis CONFIG GET masks parameters whose names hold pass, auth or key', async () => {
    const dep = await writeDeployment('docker');
    const env = fakes.env({ BRAINTRUST_REDIS_PASSWORD: 'redis-pw-9d8c7b' });
    const r = await runHandler(runRedis, { cwd: dep.dir, config: dep.configPath, env, json: true }, { maxDuration: '1m', via: 'direct', host: '127.0.0.1', port: String(redis.port), command: 'CONFIG GET *pass*' });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('redis-pw-9d8c7b'), 'requirepass is masked');
    const flat: string[] = JSON.parse(r.stdout).result;
    assert.equal(flat[flat.indexOf('requirepass') + 1], '***');
    const human = await runHandler(runRedis, { cwd: dep.dir, config: dep.configPath, env }, { maxDuration: '1m', via: 'direct', host: '127.0.0.1', port: String(redis.port), command: 'CONFIG GET requirepass' });
    assert.ok(!human.stdout.includes('redis-pw-9d8c7b'));
  });

  it('the audit log keeps the SQLSTATE / error code, not server text echoing the statement', async () => {
    const dep = await writeDeployment('docker');
    const env = fakes.env({ BRAINTRUST_PG_PASSWORD: db.password, BRAINTRUST_REDIS_PASSWORD: 'redis-pw-9d8c7b' });
    const pgr = await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env },
      { maxDuration: '1m', via: 'direct', host: '127.0.0.1', port: String(db.port), user: db.user, query: "SELECT 'PLANTED-LITERAL-1'::int" });
    assert.equal(pgr.code, 1);
    const rr = await runHandler(runRedis, { cwd: dep.dir, config: dep.configPath, env, yes: true },
      { maxDuration: '1m', via: 'direct', host: '127.0.0.1', port: String(redis.port), write: true, command: 'NOSUCHCMD PLANTED-ARG-2' });
    assert.equal(rr.code, 1);
    const audit = await dep.auditText();
    assert.ok(!audit.includes('PLANTED-LITERAL-1'), 'no statement literal from the server error');
    assert.ok(!audit.includes('PLANTED-ARG-2'), 'no command argument from the Redis error');
    assert.match(audit, /22P02/);
  });

  it('support bundle: environment values only for an allowlist ("set" for the rest); audit errors reduced to their code', async () => {
    const dir = await tempDir('bt-bundle-env-');
    await writeFile(join(dir, 'braintrust.json'), JSON.stringify(testConfig('aws')));
    await mkdir(join(dir, '.braintrust'));
    await writeFile(join(dir, '.braintrust', 'audit.jsonl'), JSON.stringify({
      time: '2026-01-01T00:00:00Z', identity: 'ops', localUser: 'ops@x', target: 'postgres', via: 'ssm', access: 'read', session: 'one-shot',
      statement: 'SELECT ?::int', durationMs: 3, outcome: 'error', error: 'Query failed: invalid input syntax for type integer: "PLANTED-AUDIT-LITERAL" (SQLSTATE 22P02)',
    }) + '\n');
    const env = { PATH: '', AWS_REGION: 'us-east-1', TF_CLI_ARGS: '-var note=PLANTED-TFARGS', BRAINTRUST_NOTE: 'PLANTED-NOTE', CI: 'true' };
    const r = await runHandler(runBundle, { cwd: dir, config: join(dir, 'braintrust.json'), env, json: true }, { out: join(dir, 'b.tar.gz'), timeout: '2', only: 'config' });
    assert.equal(r.code, 0, r.stderr);
    const out = join(dir, 'x');
    await mkdir(out);
    await extract({ file: join(dir, 'b.tar.gz'), cwd: out });
    const [root] = await readdir(out);
    const environment = JSON.parse(await readFile(join(out, root, 'environment.json'), 'utf8'));
    assert.equal(environment.AWS_REGION, 'us-east-1');
    assert.equal(environment.TF_CLI_ARGS, 'set');
    assert.equal(environment.BRAINTRUST_NOTE, 'set');
    const audit = await readFile(join(out, root, 'audit.jsonl'), 'utf8');
    assert.ok(!audit.includes('PLANTED-AUDIT-LITERAL'));
    assert.match(audit, /22P02/);
  });
});
