// connect postgres, interactive and read-only (issue 11, item 9): psql runs as an ephemeral
// login role in pg_read_all_data (read-only by privilege, not by a setting the user can undo),
// dropped when the session ends. Real PostgreSQL and the real psql, fed a script by a wrapper
// on PATH (stdin of the test runner is not a terminal).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { run } from '../../src/commands/connect-postgres.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { findExecutable } from '../../src/access/tools.js';
import { startPostgres, type PostgresService } from '../helpers/services.js';
import { runHandler, writeDeployment, type TestDeployment } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';

describe('connect postgres: the interactive read-only session runs as an ephemeral read-only role', () => {
  let db: PostgresService;
  let dep: TestDeployment;
  let bin: string;
  let n = 0;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try { return await fn(c); } finally { await c.end(); }
  };
  const count = () => admin(async (c) => Number((await c.query('SELECT count(*) AS n FROM items')).rows[0].n));
  const ephemeralRoles = () => admin(async (c) => (await c.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'bt\\_ro\\_%'")).rows.map((r) => r.rolname as string));
  const direct = (extra: Record<string, unknown> = {}) => ({ maxDuration: '5m', via: 'direct' as const, host: db.host, port: String(db.port), user: db.user, database: db.database, ...extra });

  /** Run an interactive session whose psql executes `sql`; returns the handler result and psql's output. */
  async function session(sql: string, opts: { write?: boolean; user?: string; password?: string; maxDuration?: string; deployment?: TestDeployment } = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'bt-psql-run-'));
    const script = join(dir, `s${n++}.sql`);
    const out = join(dir, 'out.txt');
    await writeFile(script, sql);
    const d = opts.deployment ?? dep;
    const env = { PATH: `${bin}:/usr/bin:/bin`, BRAINTRUST_PG_PASSWORD: opts.password ?? db.password, PSQL_TEST_SCRIPT: script, PSQL_TEST_OUT: out };
    const r = await runHandler(run, { cwd: d.dir, config: d.configPath, env, yes: opts.write }, direct({
      write: opts.write, ...(opts.user ? { user: opts.user } : {}), ...(opts.maxDuration ? { maxDuration: opts.maxDuration } : {}),
    }));
    return { ...r, psql: await readFile(out, 'utf8').catch(() => '') };
  }

  before(async () => {
    db = await startPostgres();
    await admin((c) => c.query("CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'alpha'), (2, 'beta')"));
    dep = await writeDeployment('docker');
    const realPsql = await findExecutable('psql', process.env);
    assert.ok(realPsql, 'psql is installed');
    // A psql that runs the test's script with the environment and argv the CLI gave it.
    bin = await mkdtemp(join(tmpdir(), 'bt-psql-bin-'));
    await writeFile(join(bin, 'psql'), `#!/bin/sh\nexec ${realPsql} "$@" -X -f "$PSQL_TEST_SCRIPT" >"$PSQL_TEST_OUT" 2>&1\n`);
    await chmod(join(bin, 'psql'), 0o755);
  });
  after(async () => { await db?.stop(); });
  beforeEach(async () => { await admin((c) => c.query("DELETE FROM items; INSERT INTO items VALUES (1, 'alpha'), (2, 'beta')")); });

  it('SET default_transaction_read_only = off; INSERT fails with a permission error and writes no row', async () => {
    const r = await session("SELECT 'who=' || current_user;\nSET default_transaction_read_only = off;\nINSERT INTO items VALUES (9, 'sneaky');\nBEGIN READ WRITE;\nDELETE FROM items;\nCOMMIT;\nSELECT count(*) FROM items;\n");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await count(), 2, `no row changed; psql said:\n${r.psql}`);
    assert.match(r.psql, /permission denied for table items/);
    assert.match(r.psql, /who=bt_ro_[0-9a-f]+/, 'psql ran as the ephemeral role');
    assert.deepEqual(dataOf(r, 'connect.postgres.superuser'), [], 'the session role is no superuser: no superuser warning');
    assert.doesNotMatch(r.stderr, /superuser/);
    assert.match(dataOf(r, 'connect.postgres.read-only-role')[0]?.role ?? '', /^bt_ro_[0-9a-f]{12}$/);
  });

  it('the role is dropped after the session, and the audit start record names it (never the password)', async () => {
    const d = await writeDeployment('docker');
    const r = await session("SELECT 'who=' || current_user;\n", { deployment: d });
    assert.equal(r.code, 0, r.stderr);
    const role = /who=(bt_ro_[0-9a-f]+)/.exec(r.psql)?.[1];
    assert.ok(role, r.psql);
    assert.deepEqual(await ephemeralRoles(), [], 'no ephemeral role is left');
    const [start, end] = await d.auditRecords();
    assert.equal(start.event, 'start');
    assert.equal(start.role, role);
    assert.equal(end.outcome, 'ok');
    assert.doesNotMatch(await d.auditText(), /PASSWORD|SCRAM/i);
  });

  it('the role is dropped and its backend ended when --max-duration closes the session', async () => {
    const r = await session('SELECT pg_sleep(60);\n', { maxDuration: '3s' });
    assert.equal(r.code, 1, r.stderr);
    assert.equal((r.error as BraintrustError).code, 'SESSION_TIME_LIMIT');
    assert.deepEqual(await ephemeralRoles(), []);
    const left = await admin(async (c) => Number((await c.query("SELECT count(*) AS n FROM pg_stat_activity WHERE usename LIKE 'bt\\_ro\\_%'")).rows[0].n));
    assert.equal(left, 0, 'no backend of the ephemeral role is left');
  });

  it('with --write, psql runs as the admin role as before and can write', async () => {
    const r = await session("SELECT 'who=' || current_user;\nINSERT INTO items VALUES (3, 'gamma');\n", { write: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.psql, new RegExp(`who=${db.user}\\b`));
    assert.equal(await count(), 3);
    assert.deepEqual(await ephemeralRoles(), []);
  });

  it('falls back to default_transaction_read_only with a warning saying why when the role cannot be created', async () => {
    await admin(async (c) => {
      await c.query("CREATE ROLE limited LOGIN PASSWORD 'limited-pw'");
      await c.query('GRANT SELECT, INSERT ON items TO limited');
    });
    const d = await writeDeployment('docker');
    const r = await session("SELECT 'who=' || current_user;\nINSERT INTO items VALUES (7, 'x');\n", { user: 'limited', password: 'limited-pw', deployment: d });
    assert.equal(r.code, 0, r.stderr);
    const [failed] = dataOf(r, 'connect.postgres.read-only-role-failed');
    assert.match(failed.error, /permission denied to create role/);
    assert.deepEqual(dataOf(r, 'connect.postgres.read-only-role'), []);
    assert.match(r.stderr, /^warning: Could not create a temporary read-only role \(.*permission denied to create role.*\): the session is read-only only by default_transaction_read_only/m);
    assert.match(r.psql, /who=limited/);
    assert.match(r.psql, /read-only transaction/);
    assert.equal(await count(), 2);
    assert.deepEqual(await ephemeralRoles(), []);
    const [start, end] = await d.auditRecords();
    assert.match(String(start.role), /^bt_ro_/, 'the start record names the role it meant to create');
    assert.equal(end.role, null, 'the end record says no role was used');
  });
});
