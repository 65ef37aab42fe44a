// braintrust connect postgres: psql (or one --query) on the deployment database through the
// cloud tunnel. Read-only unless --write is given and confirmed; audited; time-limited.
import type { Handler } from '../context.js';
import { loadDeployment } from '../access/installed-deployment.js';
import { resolvePostgresEndpoint } from '../access/endpoints.js';
import { SUPERUSER_WARNING, formatCell, isSuperuser, jsonRows, psqlInvocation, runPostgresQuery, sslModeFromEnv, type PgEndpoint } from '../access/postgres.js';
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
    const tunnelOpts = { deployment, env: ctx.env, signal, via, maxDurationMs, log: (l: string) => ctx.out.debug(l) };
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
      const mode = opts.write ? 'WRITE' : 'read-only';
      if (psql) {
        ctx.out.info(`Connected to ${resolved.target.host}:${resolved.target.port} via ${tunnel.via} (${mode}, closes after ${maxDuration}).`);
        let login = ep;
        let role: ReadOnlyRole | undefined;
        if (!opts.write) {
          try {
            role = await createReadOnlyRole(ep, record.role as string, new Date(Date.now() + maxDurationMs), signal);
            login = { ...ep, user: role.name, password: role.password };
            record.secrets.push(role.password);
            ctx.out.info(`Read-only: psql logs in as ${role.name}, a temporary role in pg_read_all_data (reads every table, writes none; dropped when the session ends). Reconnect with --write to change data.`);
          } catch (e) {
            if (signal.aborted) {
              // Interrupted mid-creation: the server may have committed it all the same.
              await dropReadOnlyRole(ep, record.role as string).catch(() => {});
              throw signal.reason;
            }
            record.role = undefined;
            ctx.out.warn(`Could not create a temporary read-only role (${redactText((e as Error).message, record.secrets)}): the session is read-only only by default_transaction_read_only, `
              + 'which SET default_transaction_read_only = off undoes (a guard against accidents, not a boundary). The admin needs CREATEROLE and the right to grant pg_read_all_data (PostgreSQL 14+).');
            if (await isSuperuser(ep, signal)) ctx.out.warn(SUPERUSER_WARNING);
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
            await dropReadOnlyRole(ep, name).catch((e: Error) => ctx.out.warn(`could not drop the temporary role ${name}: ${redactText(e.message, record.secrets)}; `
              + `its password expires with the session (VALID UNTIL); drop it with DROP ROLE "${name}".`));
          }
        }
      }
      const res = await runPostgresQuery(ep, query as string, { readOnly: !opts.write, signal, onSuperuser: () => ctx.out.warn(SUPERUSER_WARNING) });
      if (ctx.globals.json) {
        ctx.out.result({ ok: true, rows: jsonRows(res.rows), rowCount: res.rowCount });
      } else if (res.columns.length) {
        ctx.out.table(res.columns, res.rows.map((r) => res.columns.map((c) => formatCell(r[c]))));
        ctx.out.info(`(${res.rowCount} row${res.rowCount === 1 ? '' : 's'})`);
      } else {
        ctx.out.print(`${res.command}${res.command === 'INSERT' ? ' 0' : ''} ${res.rowCount}`.trim());
      }
      return 0;
    });
  });
};
