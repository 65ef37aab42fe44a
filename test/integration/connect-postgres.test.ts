// connect postgres end to end: real PostgreSQL, fake cloud CLIs that really forward ports,
// the production tunnel/secret/session code in between.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { run } from '../../src/commands/connect-postgres.js';
import { BraintrustError, InterruptedError } from '../../src/ui/errors.js';
import { startPostgres, type PostgresService } from '../helpers/services.js';
import { installFakeClis, isRunning, type FakeClis, CLOUD_TOOLS } from '../helpers/fake-cloud-cli.js';
import { runHandler, writeDeployment, type TestDeployment } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bt-test-postgres';

describe('connect postgres through the AWS SSM tunnel', () => {
  let db: PostgresService;
  let fakes: FakeClis;
  let dep: TestDeployment;
  const base = { maxDuration: '1h', via: 'auto' as const };
  const ctxOpts = (extra: Record<string, unknown> = {}) => ({ cwd: dep.dir, config: dep.configPath, env: fakes.env(), ...extra });

  before(async () => {
    db = await startPostgres();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query("CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
    await admin.end();
    fakes = await installFakeClis({
      tools: [...CLOUD_TOOLS, 'psql'],
      secrets: { [ARN]: JSON.stringify({ username: db.user, password: db.password, dbname: db.database }) },
      hosts: { 'bt-test.cluster-abc.us-east-1.rds.amazonaws.com': '127.0.0.1' },
    });
    dep = await writeDeployment('aws', {
      region: 'us-east-1',
      postgres_host: 'bt-test.cluster-abc.us-east-1.rds.amazonaws.com',
      postgres_port: db.port,
      postgres_secret_arn: ARN,
      bastion_instance_id: 'i-0123456789abcdef0',
    });
  });
  after(async () => {
    await db?.stop();
    await fakes?.cleanup();
  });

  async function assertTunnelsGone(): Promise<void> {
    const pids = await fakes.tunnelPids();
    assert.ok(pids.length > 0, 'a tunnel was started');
    for (const pid of pids) assert.equal(isRunning(pid), false, `tunnel process ${pid} is gone`);
  }

  it('runs a query through the tunnel and prints a table', async () => {
    const r = await runHandler(run, ctxOpts(), { ...base, query: 'SELECT id, name FROM items ORDER BY id' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /id\s+name/);
    assert.match(r.stdout, /3\s+gamma/);
    const [rows] = dataOf(r, 'connect.postgres.rows');
    assert.deepEqual([rows.command, rows.columns, rows.rowCount, rows.rows.map((x) => x.name)], ['SELECT', ['id', 'name'], 3, ['alpha', 'beta', 'gamma']]);
    assert.deepEqual(dataOf(r, 'connect.postgres.row-count'), [{ rowCount: 3 }]);
    assert.match(r.stderr, /^\(3 rows\)$/m);
    assert.ok(dataOf(r, 'connect.tunnel-log').length > 0, 'the tunnel\'s output is kept for --verbose');
    const ssm = (await fakes.calls('aws')).find((c) => c.argv[1] === 'start-session');
    assert.ok(ssm);
    const params = ssm.argv[ssm.argv.indexOf('--parameters') + 1];
    assert.match(params, new RegExp(`^host=bt-test\\.cluster-abc\\.us-east-1\\.rds\\.amazonaws\\.com,portNumber=${db.port}$`));
    assert.deepEqual(ssm.argv.slice(0, 6), ['ssm', 'start-session', '--target', 'i-0123456789abcdef0', '--document-name', 'AWS-StartPortForwardingSessionToRemoteHost']);
    await assertTunnelsGone();
  });

  it('prints {"ok":true,"rows":[...],"rowCount":n} with --json', async () => {
    const r = await runHandler(run, ctxOpts({ json: true }), { ...base, query: "SELECT name FROM items WHERE id <= 2 ORDER BY id" });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, rows: [{ name: 'alpha' }, { name: 'beta' }], rowCount: 2 });
    assert.deepEqual(dataOf(r, 'connect.postgres.rows').map((x) => x.rows), [[{ name: 'alpha' }, { name: 'beta' }]]);
  });

  it('refuses a write without --write, and applies it with --write --yes', async () => {
    const refused = await runHandler(run, ctxOpts(), { ...base, query: "UPDATE items SET name = 'changed' WHERE id = 1" });
    assert.equal(refused.code, 1);
    assert.equal((refused.error as BraintrustError).code, 'WRITE_REFUSED');
    assert.match(refused.stderr, /read-only/);
    const declined = await runHandler(run, ctxOpts({ confirm: false }), { ...base, write: true, query: "UPDATE items SET name = 'changed' WHERE id = 1" });
    assert.equal(declined.code, 130);
    const headless = await runHandler(run, ctxOpts(), { ...base, write: true, query: "UPDATE items SET name = 'changed' WHERE id = 1" });
    assert.equal(headless.code, 2, 'no TTY and no --yes is a usage error naming --yes');
    assert.match(headless.stderr, /--yes/);
    const check = await runHandler(run, ctxOpts({ json: true }), { ...base, query: 'SELECT name FROM items WHERE id = 1' });
    assert.equal(JSON.parse(check.stdout).rows[0].name, 'alpha');
    const ok = await runHandler(run, ctxOpts({ yes: true }), { ...base, write: true, query: "UPDATE items SET name = 'changed' WHERE id = 1" });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /UPDATE 1/);
    assert.deepEqual(dataOf(ok, 'connect.postgres.rows').map((x) => [x.command, x.columns, x.rowCount]), [['UPDATE', [], 1]]);
    assert.deepEqual(dataOf(ok, 'connect.postgres.row-count'), [], 'a statement without columns has no row count line');
    const after = await runHandler(run, ctxOpts({ json: true }), { ...base, query: 'SELECT name FROM items WHERE id = 1' });
    assert.equal(JSON.parse(after.stdout).rows[0].name, 'changed');
    await assertTunnelsGone();
  });

  it('a wrong password says the login was refused and where the password comes from (no secret echoed)', async () => {
    const r = await runHandler(run, { ...ctxOpts(), env: fakes.env({ BRAINTRUST_PG_PASSWORD: 'wrong-pg-password' }) }, { ...base, query: 'SELECT 1' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refused the login/);
    assert.match(r.stderr, /BRAINTRUST_PG_PASSWORD/);
    assert.ok(!r.stderr.includes('wrong-pg-password'));
    await assertTunnelsGone();
  });

  it('tears the tunnel down after a failing query', async () => {
    const r = await runHandler(run, ctxOpts(), { ...base, query: 'SELECT * FROM no_such_table' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no_such_table/);
    await assertTunnelsGone();
  });

  it('closes the session at --max-duration and tears the tunnel down', async () => {
    const started = Date.now();
    const r = await runHandler(run, ctxOpts(), { ...base, maxDuration: '1s', query: 'SELECT pg_sleep(20)' });
    assert.equal(r.code, 1);
    assert.equal((r.error as BraintrustError).code, 'SESSION_TIME_LIMIT');
    assert.ok(Date.now() - started < 10_000, 'closed promptly');
    await assertTunnelsGone();
    const last = (await dep.audit()).at(-1);
    assert.equal(last?.outcome, 'time-limit');
  });

  it('tears the tunnel down on Ctrl-C (ctx.signal)', async () => {
    const ac = new AbortController();
    // Ctrl-C once the query runs on the server (not on a clock: the tunnel takes longer to open
    // on a busy machine, and an abort before it would test something else). pg_sleep(19) is a
    // query no other test runs (an earlier test's pg_sleep(20) may still be on the server).
    const watcher = new pg.Client({ connectionString: db.url });
    await watcher.connect();
    const inFlight = (async () => {
      try {
        for (;;) {
          const { rows } = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(19)'");
          if (rows[0].n > 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        ac.abort(new InterruptedError('SIGINT'));
      } finally {
        await watcher.end();
      }
    })();
    const r = await runHandler(run, ctxOpts({ signal: ac.signal }), { ...base, query: 'SELECT pg_sleep(19)' });
    await inFlight;
    assert.equal(r.code, 130);
    await assertTunnelsGone();
    assert.equal((await dep.audit()).at(-1)?.outcome, 'interrupted');
  });

  it('runs interactive psql as a temporary read-only role (password in PGPASSWORD only), dropped afterwards', async () => {
    const r = await runHandler(run, ctxOpts(), { ...base });
    assert.equal(r.code, 0, r.stderr);
    const [psql] = await fakes.calls('psql');
    assert.ok(psql, 'psql was started');
    const role = psql.argv[psql.argv.indexOf('-U') + 1];
    assert.match(role, /^bt_ro_[0-9a-f]{12}$/);
    assert.match(psql.env.PGPASSWORD ?? '', /^[0-9a-f]{48}$/, 'the temporary role\'s random password');
    assert.notEqual(psql.env.PGPASSWORD, db.password, 'not the admin password');
    assert.match(psql.env.PGOPTIONS ?? '', /default_transaction_read_only=on/);
    assert.deepEqual(psql.argv.slice(0, 2), ['-h', '127.0.0.1']);
    assert.ok(!psql.argv.join(' ').includes(db.password));
    assert.ok(!psql.argv.join(' ').includes(psql.env.PGPASSWORD ?? '-'));
    assert.deepEqual(dataOf(r, 'connect.connected').map((x) => [x.store, x.host, x.port, x.via, x.write, x.maxDuration]),
      [['postgres', 'bt-test.cluster-abc.us-east-1.rds.amazonaws.com', db.port, 'ssm', false, '1h']]);
    assert.deepEqual(dataOf(r, 'connect.postgres.read-only-role'), [{ role }]);
    assert.deepEqual(dataOf(r, 'connect.postgres.read-only-role-failed'), []);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      assert.equal((await c.query('SELECT count(*) AS n FROM pg_roles WHERE rolname = $1', [role])).rows[0].n, '0', 'the role was dropped');
    } finally {
      await c.end();
    }
    await assertTunnelsGone();
  });

  it('interactive: Ctrl-C belongs to psql, SIGTERM and the time limit end the session', async () => {
    // Ctrl-C once psql runs (not on a clock: opening the tunnel takes longer on a busy machine).
    const psqlCount = (await fakes.calls('psql')).length;
    const sigint = new AbortController();
    void (async () => {
      while ((await fakes.calls('psql')).length === psqlCount) await new Promise((r) => setTimeout(r, 50));
      sigint.abort(new InterruptedError('SIGINT'));
    })();
    const env = fakes.env({ FAKE_CLIENT_SLEEP_MS: '1200' });
    const kept = await runHandler(run, ctxOpts({ env, signal: sigint.signal }), { ...base });
    assert.equal(kept.code, 0, 'psql ran to its own end');
    const sigterm = new AbortController();
    setTimeout(() => sigterm.abort(new InterruptedError('SIGTERM')), 300);
    const ended = await runHandler(run, ctxOpts({ env: fakes.env({ FAKE_CLIENT_SLEEP_MS: '20000' }), signal: sigterm.signal }), { ...base });
    assert.equal(ended.code, 130);
    const limited = await runHandler(run, ctxOpts({ env: fakes.env({ FAKE_CLIENT_SLEEP_MS: '20000' }) }), { ...base, maxDuration: '800ms' });
    assert.equal(limited.code, 1);
    assert.equal((limited.error as BraintrustError).code, 'SESSION_TIME_LIMIT');
    for (const c of await fakes.calls('psql')) assert.equal(isRunning(c.pid), false, 'psql was stopped');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const left = await c.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'bt\\_ro\\_%'");
      assert.deepEqual(left.rows, [], 'Ctrl-C, SIGTERM and the time limit each dropped the temporary role');
    } finally {
      await c.end();
    }
    await assertTunnelsGone();
  });

  it('writes an audit line per session with identity, target and redacted statement, and no secret anywhere', async () => {
    // Its own sessions (a read, a write, an interactive one), so it passes alone and in any order.
    assert.equal((await runHandler(run, ctxOpts(), { ...base, query: 'SELECT 1' })).code, 0);
    assert.equal((await runHandler(run, ctxOpts({ yes: true }), { ...base, write: true, query: "UPDATE items SET name = 'changed' WHERE id = 1" })).code, 0);
    assert.equal((await runHandler(run, ctxOpts(), { ...base })).code, 0);
    const all = await dep.auditRecords();
    const entries = all.filter((e) => e.event === 'end');
    assert.ok(entries.length >= 3);
    for (const e of entries) assert.ok(all.some((s) => s.event === 'start' && s.id === e.id), 'every end record has its start record');
    const first = entries[0];
    assert.equal(first.identity, 'arn:aws:iam::123456789012:user/tester');
    assert.equal(first.target, 'postgres');
    assert.equal(first.via, 'ssm');
    assert.equal(first.access, 'read');
    assert.equal(first.session, 'one-shot');
    assert.equal(typeof first.durationMs, 'number');
    assert.ok(entries.some((e) => e.statement === 'UPDATE items SET name = ? WHERE id = ?' && e.access === 'write' && e.outcome === 'ok'));
    assert.ok(entries.some((e) => e.session === 'interactive'));
    const audit = await dep.auditText();
    assert.ok(!audit.includes(db.password), 'no password in the audit log');
    assert.ok(!audit.includes("'changed'"), 'no literal values in the audit log');
    for (const c of await fakes.calls()) assert.ok(!c.argv.join(' ').includes(db.password), `no password in ${c.tool} argv`);
  });
});
