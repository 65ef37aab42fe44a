// Tunnel port hijacking (issue 11, item 1): the tunnel process binds and reports its own local
// port, the CLI checks that the listener belongs to that process before it sends a credential,
// and a tunnelled Postgres connection never answers a cleartext password request.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as runPostgres } from '../../src/commands/connect-postgres.js';
import { run as runRedis } from '../../src/commands/connect-redis.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { installFakeClis, isRunning, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runHandler, writeDeployment } from '../helpers/connect-harness.js';

const PG_PASSWORD = 'pg-hijack-target-7f3a9c';
const REDIS_PASSWORD = 'redis-hijack-target-51be02';

describe('tunnels: the local port belongs to the tunnel process', { skip: process.platform !== 'linux' && 'listener ownership is checked through /proc (Linux)' }, () => {
  const fakeSets: FakeClis[] = [];
  const servers: Server[] = [];
  after(async () => {
    for (const f of fakeSets) {
      const pids = await readFile(join(f.binDir, '..', 'squat.log.pid'), 'utf8').catch(() => '');
      for (const pid of pids.split('\n').filter(Boolean)) try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
      await f.cleanup();
    }
    for (const s of servers) s.close();
  });
  const fakes = async () => {
    const f = await installFakeClis();
    fakeSets.push(f);
    return { f, squatLog: join(f.binDir, '..', 'squat.log') };
  };

  it('postgres over SSM: a listener owned by another process never receives the password', async () => {
    const { f, squatLog } = await fakes();
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db.internal', postgres_port: 5432, postgres_user: 'app', bastion_instance_id: 'i-1' });
    const r = await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env: f.env({ FAKE_TUNNEL_SQUATTER: squatLog, BRAINTRUST_PG_PASSWORD: PG_PASSWORD }) },
      { maxDuration: '1m', via: 'auto', query: 'SELECT 1' });
    const seen = await readFile(squatLog, 'latin1').catch(() => '');
    assert.ok(!seen.includes(PG_PASSWORD), 'the squatter never saw the password');
    assert.equal(r.code, 1, r.stderr);
    assert.equal((r.error as BraintrustError).code, 'TUNNEL_PORT_NOT_OURS');
    assert.match(r.stderr, /another process/);
    for (const pid of await f.tunnelPids()) assert.equal(isRunning(pid), false, 'the tunnel was stopped');
  });

  it('redis over kubectl: a listener owned by another process never receives AUTH', async () => {
    const { f, squatLog } = await fakes();
    const dep = await writeDeployment('gcp', { redis_host: '10.0.0.9', redis_port: 6379, namespace: 'bt', project_id: 'acme' });
    const r = await runHandler(runRedis, { cwd: dep.dir, config: dep.configPath, env: f.env({ FAKE_TUNNEL_SQUATTER: squatLog, BRAINTRUST_REDIS_PASSWORD: REDIS_PASSWORD }) },
      { maxDuration: '1m', via: 'auto', command: 'PING' });
    const seen = await readFile(squatLog, 'latin1').catch(() => '');
    assert.ok(!seen.includes(REDIS_PASSWORD), 'the squatter never saw the AUTH password');
    assert.equal(r.code, 1, r.stderr);
    assert.equal((r.error as BraintrustError).code, 'TUNNEL_PORT_NOT_OURS');
  });

  it('the tunnel picks its own port: no localPortNumber for SSM, ":PORT" for kubectl', async () => {
    const { f } = await fakes();
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db.internal', postgres_port: 5432, bastion_instance_id: 'i-1' });
    await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env: f.env({ BRAINTRUST_PG_PASSWORD: 'x' }) }, { maxDuration: '1m', via: 'auto', query: 'SELECT 1' });
    const ssm = (await f.calls('aws')).find((c) => c.argv[1] === 'start-session');
    assert.ok(ssm);
    assert.doesNotMatch(ssm.argv.join(' '), /localPortNumber/);
    const gdep = await writeDeployment('gcp', { redis_host: '10.0.0.9', redis_port: 6379, namespace: 'bt' });
    await runHandler(runRedis, { cwd: gdep.dir, config: gdep.configPath, env: f.env({ BRAINTRUST_REDIS_PASSWORD: 'x' }) }, { maxDuration: '1m', via: 'auto', command: 'PING' });
    const pf = (await f.calls('kubectl')).find((c) => c.argv.includes('port-forward'));
    assert.ok(pf);
    assert.equal(pf.argv.at(-1), ':6379');
  });

  it('postgres through a tunnel refuses a cleartext password request (no TLS offered)', async () => {
    const received: Buffer[] = [];
    const server = createServer((c) => c.on('data', (b) => {
      received.push(b);
      if (b.length === 8 && b.readInt32BE(4) === 80877103) c.write('N');
      else if (b.length >= 8 && b.readInt32BE(4) === 196608) c.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
      else c.destroy();
    }));
    servers.push(server);
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as { port: number }).port;
    const f2 = await installFakeClis({ hosts: { 'db.internal': '127.0.0.1' } });
    fakeSets.push(f2);
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db.internal', postgres_port: port, postgres_user: 'app', bastion_instance_id: 'i-1' });
    const r = await runHandler(runPostgres, { cwd: dep.dir, config: dep.configPath, env: f2.env({ BRAINTRUST_PG_PASSWORD: PG_PASSWORD }) },
      { maxDuration: '1m', via: 'auto', query: 'SELECT 1' });
    assert.ok(!Buffer.concat(received).toString('latin1').includes(PG_PASSWORD), 'the password was not sent in cleartext');
    assert.equal(r.code, 1, r.stderr);
    assert.equal((r.error as BraintrustError).code, 'CLEARTEXT_REFUSED');
  });
});
