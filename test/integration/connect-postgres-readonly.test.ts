// connect postgres hardening (issue 11, items 9 and 10) against a real PostgreSQL, direct:
// a read-only one-shot is one statement in BEGIN READ ONLY ... ROLLBACK, transaction-control
// and session-setting statements need --write, a superuser login is warned about, and the audit
// log gets a start record before connecting (kill -9 leaves it) and --write fails closed.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { run } from '../../src/commands/connect-postgres.js';
import { psqlInvocation } from '../../src/access/postgres.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { startPostgres, type PostgresService } from '../helpers/services.js';
import { runHandler, writeDeployment, type TestDeployment } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';
import { cliPath } from '../helpers/cli.js';

const BYPASSES = [
  "BEGIN READ WRITE; INSERT INTO items VALUES (10, 'x'); COMMIT",
  'RESET ALL; COMMIT; DELETE FROM items',
  'SET default_transaction_read_only = off; DELETE FROM items',
  'COMMIT; DELETE FROM items',
  'ROLLBACK; DELETE FROM items',
  'END; DELETE FROM items',
  'ABORT; DELETE FROM items',
  'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; DELETE FROM items',
  'START TRANSACTION READ WRITE; DELETE FROM items; COMMIT',
  "SELECT set_config('default_transaction_read_only', 'off', false); DELETE FROM items",
  'SET transaction_read_only = off; DELETE FROM items',
  'SET default_transaction_read_only = off',
  'RESET ALL',
  'DISCARD ALL',
  'SET ROLE NONE',
  "DO $$ BEGIN DELETE FROM items; END $$",
  'WITH d AS (DELETE FROM items RETURNING *) SELECT count(*) FROM d',
  'PREPARE TRANSACTION \'x\'',
  'SAVEPOINT s; RELEASE s; DELETE FROM items',
];

describe('connect postgres: read-only really is read-only', () => {
  let db: PostgresService;
  let dep: TestDeployment;
  const count = async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try { return Number((await c.query('SELECT count(*) AS n FROM items')).rows[0].n); } finally { await c.end(); }
  };
  const reset = async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try { await c.query("DELETE FROM items; INSERT INTO items VALUES (1, 'alpha'), (2, 'beta')"); } finally { await c.end(); }
  };
  const direct = () => ({ maxDuration: '1m', via: 'direct' as const, host: db.host, port: String(db.port), user: db.user, database: db.database });
  const ctx = (extra: Record<string, unknown> = {}) => ({ cwd: dep.dir, config: dep.configPath, env: { BRAINTRUST_PG_PASSWORD: db.password, PATH: '/nonexistent' }, ...extra });

  before(async () => {
    db = await startPostgres();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query("CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'alpha'), (2, 'beta')");
    await admin.end();
    dep = await writeDeployment('docker');
  });
  after(async () => { await db?.stop(); });
  beforeEach(async () => { await reset(); });

  for (const sql of BYPASSES) {
    it(`without --write, ${JSON.stringify(sql)} changes nothing and fails`, async () => {
      const r = await runHandler(run, ctx(), { ...direct(), query: sql });
      assert.equal(await count(), 2, 'no row changed');
      assert.notEqual(r.code, 0, r.stderr);
    });
  }

  it('a session-setting or transaction statement without --write is refused before it is sent, naming --write', async () => {
    const r = await runHandler(run, ctx(), { ...direct(), query: 'BEGIN READ WRITE; DELETE FROM items; COMMIT' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--write/);
    const set = await runHandler(run, ctx(), { ...direct(), query: 'SET default_transaction_read_only = off' });
    assert.equal(set.code, 2);
    assert.equal((set.error as BraintrustError).code, 'STATEMENT_REFUSED');
  });

  it('a single read still works, and a string holding ; or BEGIN is not mistaken for a statement', async () => {
    const r = await runHandler(run, ctx({ json: true }), { ...direct(), query: "SELECT name, 'a; BEGIN; SET x' AS s FROM items ORDER BY id" });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).rows.map((x: { name: string }) => x.name), ['alpha', 'beta']);
  });

  it('interactive psql is read-only at the connection level: RESET ALL and DISCARD ALL keep it', async () => {
    const inv = psqlInvocation({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database, sslMode: 'disable' }, { readOnly: true, baseEnv: {} });
    const c = new pg.Client({ connectionString: db.url, options: inv.env.PGOPTIONS });
    await c.connect();
    try {
      await c.query('RESET ALL');
      await c.query('DISCARD ALL');
      await assert.rejects(c.query("INSERT INTO items VALUES (5, 'e')"), (e: Error & { code?: string }) => e.code === '25006');
    } finally {
      await c.end();
    }
    assert.equal(await count(), 2);
  });

  it('warns when the login role is a superuser (server-side effects stay possible)', async () => {
    const r = await runHandler(run, ctx(), { ...direct(), query: 'SELECT 1' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(dataOf(r, 'connect.postgres.superuser').length, 1);
    assert.match(r.stderr, /^warning: The login role is a superuser: read-only transactions cannot stop server-side effects/m);
  });

  it('with --write, statements change data as before', async () => {
    const r = await runHandler(run, ctx({ yes: true }), { ...direct(), write: true, query: "INSERT INTO items VALUES (3, 'gamma')" });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await count(), 3);
    await runHandler(run, ctx({ yes: true }), { ...direct(), write: true, query: 'DELETE FROM items WHERE id = 3' });
  });

  it('audit: a start record before connecting and an end record after, tied by id', async () => {
    const d = await writeDeployment('docker');
    const r = await runHandler(run, { ...ctx(), cwd: d.dir, config: d.configPath }, { ...direct(), query: 'SELECT 1' });
    assert.equal(r.code, 0, r.stderr);
    const [start, end] = await d.auditRecords();
    assert.equal(start.event, 'start');
    assert.equal(end.event, 'end');
    assert.equal(start.id, end.id);
    assert.equal(start.target, 'postgres');
    assert.equal(end.outcome, 'ok');
    assert.equal(typeof end.durationMs, 'number');
  });

  it('audit: --write is refused when the audit log cannot be written (fail closed); reads go on with a warning', async () => {
    const d = await writeDeployment('docker');
    await mkdir(join(d.stateDir, 'audit.jsonl'), { recursive: true }); // a directory: appends fail
    const w = await runHandler(run, { ...ctx({ yes: true }), cwd: d.dir, config: d.configPath }, { ...direct(), write: true, query: "INSERT INTO items VALUES (4, 'delta')" });
    assert.equal(w.code, 1, w.stderr);
    assert.equal((w.error as BraintrustError).code, 'AUDIT_UNAVAILABLE');
    assert.equal(await count(), 2, 'nothing was written');
    const rd = await runHandler(run, { ...ctx(), cwd: d.dir, config: d.configPath }, { ...direct(), query: 'SELECT 1' });
    assert.equal(rd.code, 0, rd.stderr);
    assert.equal(dataOf(rd, 'connect.audit-unwritable').length, 1, 'the start record failed (no end record follows a missing start)');
    assert.match(rd.stderr, /^warning: could not write the audit log: /m);
  });

  it('audit: kill -9 during a query leaves the start record', async () => {
    const d = await writeDeployment('docker');
    const child = spawn(process.execPath, [cliPath, 'connect', 'postgres', '--config', d.configPath, '--via', 'direct', '--host', db.host, '--port', String(db.port),
      '--user', db.user, '--query', 'SELECT pg_sleep(60)'], { env: { PATH: process.env.PATH, BRAINTRUST_PG_PASSWORD: db.password, CI: 'true' }, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // Wait until the query runs on the server (no clock), then kill the CLI outright.
      while (Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'")).rows[0].n) === 0) {
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGKILL');
      await exited;
      await admin.query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'");
    } finally {
      await admin.end();
    }
    const lines = (await readFile(join(d.stateDir, 'audit.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].event, 'start');
    assert.equal(lines[0].statement, 'SELECT pg_sleep(?)');
  });
});
