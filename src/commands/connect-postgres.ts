// braintrust connect postgres: psql (or one --query) on the deployment database through the
// cloud tunnel. Read-only unless --write is given and confirmed; audited; time-limited.
import type { Handler } from '../context.js';
import { loadDeployment } from '../access/installed-deployment.js';
import { resolvePostgresEndpoint } from '../access/endpoints.js';
import { isSuperuser, psqlInvocation, runPostgresQuery, sslModeFromEnv, type PgEndpoint } from '../access/postgres.js';
import { readOnlyStatement } from '../access/sql-statements.js';
import { createReadOnlyRole, dropReadOnlyRole, ephemeralRoleName, type ReadOnlyRole } from '../access/pg-readonly-role.js';
import { childEnv } from '../access/child-env.js';
import { redactText, redactSql } from '../access/redact.js';
import { confirmWrite, parseDuration, runSession, type SessionRecord } from '../access/session.js';
import { requireTool, runInteractive } from '../access/tools.js';
import { chooseVia, withTunnel } from '../access/tunnel.js';
import { usageError } from '../ui/errors.js';
import type { ConnectPostgresOptions } from './connect-postgres.spec.js';


export const run: Handler<ConnectPostgresOptions> = async (ctx, opts) => {
  const via = opts.via;
  const maxDuration = opts.maxDuration;
  const maxDurationMs = parseDuration(maxDuration);
  const interactive = opts.query === undefined;
  if (interactive && ctx.globals.json) throw usageError('--json needs --query (an interactive psql session prints no JSON)', 'Add --query "SELECT ...".');
  if (opts.query !== undefined && !opts.query.trim()) throw usageError('--query is empty', 'Pass the SQL to run, e.g. --query "SELECT 1".');
  // Read-only: one statement, no transaction or session statement (exit 2 before connecting).
  const query = opts.query === undefined || opts.write ? opts.query : readOnlyStatement(opts.query);
  const deployment = await loadDeployment(ctx, { required: via !== 'direct' });
  const tunnelVia = chooseVia(deployment, via);
  // Check for psql before opening anything: a missing client is exit 3 with the --query hint.
  const psql = interactive ? await requireTool('psql', ctx.env, 'for an interactive session') : undefined;
  if (opts.write) await confirmWrite(ctx, `PostgreSQL (${deployment.config?.name ?? 'direct'})`);
  const sslMode = sslModeFromEnv(ctx.env);

  const record: SessionRecord = {
    target: 'postgres',
    via: tunnelVia,
    access: opts.write ? 'write' : 'read',
    session: interactive ? 'interactive' : 'one-shot',
    statement: opts.query === undefined ? undefined : redactSql(opts.query),
    // Interactive read-only psql runs as this ephemeral role (named before the audit start record).
    role: interactive && !opts.write ? ephemeralRoleName() : undefined,
    secrets: [],
  };
  return runSession(ctx, { deployment, maxDuration, record }, async (signal, session) => {
    const resolved = await resolvePostgresEndpoint(deployment, tunnelVia, opts, ctx.env, signal);
    record.secrets.push(resolved.credentials.password);
    const tunnelOpts = { deployment, env: ctx.env, signal, via, maxDurationMs, log: (line: string) => ctx.io.emit('connect.tunnel-log', { line }) };
    return withTunnel(resolved.target, tunnelOpts, async (tunnel) => {
      const ep: PgEndpoint = {
        host: tunnel.host,
        port: tunnel.port,
        user: resolved.credentials.username ?? 'postgres',
        password: resolved.credentials.password,
        database: resolved.credentials.database ?? 'postgres',
        serverName: resolved.target.host,
        sslMode,
        refuseCleartext: tunnel.via !== 'direct',
      };
      if (psql) {
        ctx.io.emit('connect.connected', { store: 'postgres', host: resolved.target.host, port: resolved.target.port, via: tunnel.via, write: Boolean(opts.write), maxDuration });
        let login = ep;
        let role: ReadOnlyRole | undefined;
        if (!opts.write) {
          try {
            role = await createReadOnlyRole(ep, record.role as string, new Date(Date.now() + maxDurationMs), signal);
            login = { ...ep, user: role.name, password: role.password };
            record.secrets.push(role.password);
            ctx.io.emit('connect.postgres.read-only-role', { role: role.name });
          } catch (e) {
            if (signal.aborted) {
              // Interrupted mid-creation: the server may have committed it all the same.
              await dropReadOnlyRole(ep, record.role as string).catch(() => {});
              throw signal.reason;
            }
            record.role = undefined;
            ctx.io.emit('connect.postgres.read-only-role-failed', { error: redactText((e as Error).message, record.secrets) });
            if (await isSuperuser(ep, signal)) ctx.io.emit('connect.postgres.superuser');
          }
        }
        try {
          const inv = psqlInvocation(login, { readOnly: !opts.write, baseEnv: childEnv('psql', ctx.env), tunnelled: tunnel.via !== 'direct' });
          const code = await session.handOverSigint(() => runInteractive(psql, inv.args, { env: inv.env, signal }));
          return code === 0 ? 0 : 1;
        } finally {
          // Every way out (psql exits, Ctrl-C/SIGTERM, --max-duration, an error): end its sessions, drop it.
          if (role) {
            const name = role.name;
            await dropReadOnlyRole(ep, name).catch((e: Error) => ctx.io.emit('connect.postgres.read-only-role-not-dropped', { role: name, error: redactText(e.message, record.secrets) }));
          }
        }
      }
      const res = await runPostgresQuery(ep, query as string, { readOnly: !opts.write, signal, onSuperuser: () => ctx.io.emit('connect.postgres.superuser') });
      ctx.io.emit('connect.postgres.rows', { command: res.command, columns: res.columns, rows: res.rows, rowCount: res.rowCount });
      if (res.columns.length) ctx.io.emit('connect.postgres.row-count', { rowCount: res.rowCount });
      return 0;
    });
  });
};
