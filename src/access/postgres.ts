// PostgreSQL over a tunnel: one-shot queries with the pg client, or psql for interactive work.
// Read-only unless asked: the session's transactions default to READ ONLY (a guard against
// accidents, not a security boundary: the credentials themselves can write).
import pg from 'pg';
import { isIP } from 'node:net';
import { raceAbort, withAuditText } from './session.js';
import { BraintrustError, operationFailed } from '../ui/errors.js';

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'prefer', 'require', 'verify-full'];

/** PGSSLMODE when it names a mode we support, else libpq's default "prefer". */
export function sslModeFromEnv(env: NodeJS.ProcessEnv): SslMode {
  const v = env.PGSSLMODE as SslMode | undefined;
  return v && SSL_MODES.includes(v) ? v : 'prefer';
}

export interface PgEndpoint {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** The real server name behind the tunnel, for TLS SNI and verify-full. */
  serverName?: string;
  sslMode: SslMode;
  /**
   * Through a tunnel: never answer a cleartext password request on a connection without TLS
   * (whoever holds the local end would read the password; SCRAM and MD5 do not reveal it).
   */
  refuseCleartext?: boolean;
}

export interface QueryResult {
  command: string;
  columns: string[];
  rows: Record<string, unknown>[];
  rowCount: number;
}

export const READ_ONLY_SQL = 'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY';

function sslOption(ep: PgEndpoint, mode: SslMode): pg.ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  const name = ep.serverName && !isIP(ep.serverName) ? ep.serverName : undefined;
  // Managed-database CAs (RDS, Cloud SQL) are not in Node's trust store; the tunnel itself is
  // authenticated, so require/prefer encrypt without verifying, as libpq does.
  return { rejectUnauthorized: mode === 'verify-full', ...(name ? { servername: name } : {}) };
}

export async function connect(ep: PgEndpoint, signal: AbortSignal): Promise<pg.Client> {
  const attempt = async (mode: SslMode) => {
    const client = new pg.Client({
      host: ep.host, port: ep.port, user: ep.user, password: ep.password, database: ep.database,
      ssl: sslOption(ep, mode), connectionTimeoutMillis: 30_000, application_name: 'braintrust-connect',
    });
    client.on('error', () => {}); // surfaced through the pending query instead
    if (ep.refuseCleartext && mode === 'disable') refuseCleartextPassword(client);
    try {
      await raceAbort(client.connect(), signal);
      return client;
    } catch (e) {
      void client.end().catch(() => {});
      throw e;
    }
  };
  if (ep.sslMode !== 'prefer') return attempt(ep.sslMode);
  try {
    return await attempt('require');
  } catch (e) {
    if (!/does not support SSL/i.test((e as Error).message)) throw e;
    return attempt('disable');
  }
}

function cleartextRefused(): BraintrustError {
  return operationFailed('Refused: the server asked for the password in cleartext on a tunnelled connection without TLS; it was not sent',
    'Enable TLS on the database (PGSSLMODE=require), or use SCRAM password authentication.', undefined, 'CLEARTEXT_REFUSED');
}

/** pg answers AuthenticationCleartextPassword in this handler: replace it with a refusal. */
function refuseCleartextPassword(client: pg.Client): void {
  const c = client as unknown as { _handleAuthCleartextPassword: () => void; connection: { stream: { destroy(e?: Error): void } }; _handleErrorEvent: (e: Error) => void };
  c._handleAuthCleartextPassword = () => {
    const err = cleartextRefused();
    // Fail the pending connect() with our error, then drop the socket.
    c._handleErrorEvent(err);
    c.connection.stream.destroy();
  };
}

function queryError(e: unknown): Error {
  const err = e as Error & { code?: string };
  const mapped = queryErrorText(err);
  // The server's text may quote the statement (literals included): the audit keeps the SQLSTATE.
  return err.code && /^[0-9A-Z]{5}$/.test(err.code) ? withAuditText(mapped, `PostgreSQL error (SQLSTATE ${err.code})`) : mapped;
}

function queryErrorText(err: Error & { code?: string }): Error {
  if (err.code === '25006') {
    return operationFailed(`The session is read-only: ${err.message}`,
      'Pass --write (and confirm, or --yes) to change data.', undefined, 'WRITE_REFUSED');
  }
  if (err.code === '28P01' || err.code === '28000') {
    return operationFailed(`PostgreSQL refused the login: ${err.message} (SQLSTATE ${err.code})`,
      'Check the user (--user; default: from the generated secret, else postgres) and the password (BRAINTRUST_PG_PASSWORD, --password-env VAR, or the secret store).');
  }
  if (err.code === '3D000') {
    return operationFailed(`PostgreSQL: ${err.message} (SQLSTATE ${err.code})`, 'Pass --database <name> (default: from the generated secret, else postgres).');
  }
  if (err.code && /^[0-9A-Z]{5}$/.test(err.code)) return operationFailed(`Query failed: ${err.message} (SQLSTATE ${err.code})`);
  return err instanceof BraintrustError ? err : operationFailed(`PostgreSQL connection failed: ${err.message}`,
    'Check the tunnel, the credentials (--user, BRAINTRUST_PG_PASSWORD or --password-env) and --database.');
}

export interface QueryOptions {
  readOnly: boolean;
  signal: AbortSignal;
  /** Called when the login role is a superuser (read-only sessions: the boundary is weaker). */
  onSuperuser?: () => void;
}

/**
 * Run SQL; the last statement's rows are returned. Read-only: exactly one statement (see
 * readOnlyStatement, checked by the caller), sent alone on the extended protocol (which cannot
 * carry a second statement) inside BEGIN READ ONLY ... ROLLBACK, so nothing it does is kept.
 * With --write: any number of statements on the simple protocol, as psql would send them.
 */
export async function runPostgresQuery(ep: PgEndpoint, sql: string, opts: QueryOptions): Promise<QueryResult> {
  let client: pg.Client | undefined;
  try {
    client = await connect(ep, opts.signal);
    let res: pg.QueryResult | pg.QueryResult[];
    if (opts.readOnly) {
      await raceAbort(client.query('BEGIN READ ONLY'), opts.signal);
      const su = await raceAbort(client.query('SHOW is_superuser'), opts.signal);
      if (su.rows[0]?.is_superuser === 'on') opts.onSuperuser?.();
      res = await raceAbort(client.query({ text: sql, queryMode: 'extended' } as pg.QueryConfig), opts.signal);
      await raceAbort(client.query('ROLLBACK'), opts.signal);
    } else {
      res = (await raceAbort(client.query(sql), opts.signal)) as pg.QueryResult | pg.QueryResult[];
    }
    const all = Array.isArray(res) ? res : [res];
    const last = [...all].reverse().find((r) => r.fields?.length) ?? all[all.length - 1];
    return {
      command: last?.command ?? '',
      columns: last?.fields?.map((f) => f.name) ?? [],
      rows: last?.rows ?? [],
      rowCount: last?.rowCount ?? last?.rows?.length ?? 0,
    };
  } catch (e) {
    if (opts.signal.aborted) throw opts.signal.reason;
    throw queryError(e);
  } finally {
    if (client) {
      const c = client;
      await Promise.race([c.end().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
  }
}

/** Whether the login role is a superuser (one short connection; undefined when it fails). */
export async function isSuperuser(ep: PgEndpoint, signal: AbortSignal): Promise<boolean | undefined> {
  let client: pg.Client | undefined;
  try {
    client = await connect(ep, signal);
    const r = await raceAbort(client.query('SHOW is_superuser'), signal);
    return r.rows[0]?.is_superuser === 'on';
  } catch {
    return undefined;
  } finally {
    if (client) void client.end().catch(() => {});
  }
}

/**
 * psql's argv and environment: the password only in PGPASSWORD (never argv), read-only
 * through PGOPTIONS, the SSL mode through PGSSLMODE.
 */
export function psqlInvocation(ep: PgEndpoint, opts: { readOnly: boolean; baseEnv: NodeJS.ProcessEnv; tunnelled?: boolean }): { args: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...opts.baseEnv, PGSSLMODE: ep.sslMode, PGAPPNAME: 'braintrust-connect' };
  delete env.PGPASSWORD;
  if (ep.password !== undefined) env.PGPASSWORD = ep.password;
  // Through a tunnel without required TLS: libpq 16+ refuses a cleartext password request.
  if (opts.tunnelled && (ep.sslMode === 'prefer' || ep.sslMode === 'disable')) env.PGREQUIREAUTH = '!password';
  if (opts.readOnly) env.PGOPTIONS = `${opts.baseEnv.PGOPTIONS ?? ''} -c default_transaction_read_only=on`.trim();
  return { args: ['-h', ep.host, '-p', String(ep.port), '-U', ep.user, '-d', ep.database], env };
}
