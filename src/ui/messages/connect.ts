// connect postgres / redis / bucket / shell, and the remote-access session around them: what a
// session connected to, the one-shot results (rows, a Redis reply, bucket objects), and the
// warnings of the read-only guard and the audit log.
import { message } from '../message-def.js';
import type { BucketObject } from '../../access/buckets.js';
import { escapeControl, formatCell, formatRedisReply, jsonRows } from '../../access/display.js';

export interface ConnectedData {
  store: 'postgres' | 'redis';
  /** The server behind the tunnel. */
  host: string;
  port: number;
  /** How the tunnel reached it (ssm, kubectl, direct, ...). */
  via: string;
  write: boolean;
  /** --max-duration as given. */
  maxDuration: string;
}

export interface PostgresRowsData {
  /** The command tag (SELECT, INSERT, UPDATE, ...). */
  command: string;
  columns: string[];
  rows: Record<string, unknown>[];
  rowCount: number;
}

export const connectMessages = {
  /** A line from the tunnel's process (ssm, kubectl port-forward), shown with --verbose. */
  'connect.tunnel-log': message<{ line: string }>({
    level: 'debug',
    human: ({ line }) => line,
  }),
  /** An interactive session is connected (psql, redis-cli or the read-only prompt starts next). */
  'connect.connected': message<ConnectedData>({
    level: 'info',
    human: (d) => `Connected to ${d.host}:${d.port} via ${d.via} (${d.write ? 'WRITE' : 'read-only'}, closes after ${d.maxDuration}).`,
  }),
  /** The audit log could not be written; a read session goes on (a write session is refused). */
  'connect.audit-unwritable': message<{ error: string }>({
    level: 'warn',
    human: ({ error }) => `could not write the audit log: ${error}`,
  }),

  /** Interactive read-only psql logs in as a temporary role in pg_read_all_data. */
  'connect.postgres.read-only-role': message<{ role: string }>({
    level: 'info',
    human: ({ role }) => `Read-only: psql logs in as ${role}, a temporary role in pg_read_all_data (reads every table, writes none; dropped when the session ends). Reconnect with --write to change data.`,
  }),
  /** The temporary role could not be created: read-only rests on default_transaction_read_only alone. */
  'connect.postgres.read-only-role-failed': message<{ error: string }>({
    level: 'warn',
    human: ({ error }) => `Could not create a temporary read-only role (${error}): the session is read-only only by default_transaction_read_only, `
      + 'which SET default_transaction_read_only = off undoes (a guard against accidents, not a boundary). The admin needs CREATEROLE and the right to grant pg_read_all_data (PostgreSQL 14+).',
  }),
  /** The temporary role outlived the session (its password still expires with it). */
  'connect.postgres.read-only-role-not-dropped': message<{ role: string; error: string }>({
    level: 'warn',
    human: ({ role, error }) => `could not drop the temporary role ${role}: ${error}; `
      + `its password expires with the session (VALID UNTIL); drop it with DROP ROLE "${role}".`,
  }),
  /** The login role is a superuser: read-only transactions do not stop server-side effects. */
  'connect.postgres.superuser': message({
    level: 'warn',
    human: () => 'The login role is a superuser: read-only transactions cannot stop server-side effects '
      + '(COPY ... TO PROGRAM, functions with side effects, lo_export, dblink). Prefer a role without SUPERUSER for debugging.',
  }),
  /** --query: a table of rows, or the command tag of a statement without columns. */
  'connect.postgres.rows': message<PostgresRowsData>({
    level: 'result',
    json: ({ rows, rowCount }) => ({ ok: true, rows: jsonRows(rows), rowCount }),
    human: ({ command, columns, rows, rowCount }, w) => {
      if (columns.length) w.table(columns, rows.map((r) => columns.map((c) => formatCell(r[c]))));
      else w.line(`${command}${command === 'INSERT' ? ' 0' : ''} ${rowCount}`.trim());
    },
  }),
  /** Below a table of rows: how many. */
  'connect.postgres.row-count': message<{ rowCount: number }>({
    level: 'info',
    json: false,
    human: ({ rowCount }) => `(${rowCount} row${rowCount === 1 ? '' : 's'})`,
  }),

  /** --command: the reply as redis-cli prints it; {"ok": true, "result"} with --json. */
  'connect.redis.reply': message<{ reply: unknown }>({
    level: 'result',
    json: ({ reply }) => ({ ok: true, result: reply }),
    human: ({ reply }) => formatRedisReply(reply),
  }),
  /** The built-in read-only prompt starts (no redis-cli). */
  'connect.redis.read-only-prompt': message({
    level: 'info',
    human: () => 'Read-only prompt: write commands are refused (reconnect with --write for redis-cli). Type quit to leave.',
  }),

  /** bucket ls: the objects as a table; {"ok", "bucket", "objects", "truncated"} with --json. */
  'connect.bucket.listed': message<{ bucket: string; objects: BucketObject[]; truncated: boolean; limit: number }>({
    level: 'result',
    json: ({ bucket, objects, truncated }) => ({ ok: true, bucket, objects, truncated }),
    human: ({ objects }, w) => w.table(['KEY', 'SIZE', 'LAST MODIFIED'], objects.map((o) => [escapeControl(o.key), String(o.size ?? ''), escapeControl(o.lastModified ?? '')])),
  }),
  /** Below the listing: how many objects (and whether --limit cut it). */
  'connect.bucket.count': message<{ count: number; truncated: boolean; limit: number }>({
    level: 'info',
    json: false,
    human: ({ count, truncated, limit }) => `${count} object${count === 1 ? '' : 's'}${truncated ? ` (first ${limit}; --limit 0 lists all)` : ''}`,
  }),
  /** bucket get: {"ok", "bucket", "key", "path", "bytes"} with --json. */
  'connect.bucket.downloaded': message<{ bucket: string; key: string; path: string; bytes: number }>({
    level: 'success',
    json: false,
    human: ({ key, path, bytes }) => `Downloaded ${escapeControl(key)} (${bytes} bytes) to ${escapeControl(path)}`,
  }),
  /** bucket put: {"ok", "bucket", "key", "bytes"} with --json. */
  'connect.bucket.uploaded': message<{ bucket: string; source: string; key: string; bytes: number }>({
    level: 'success',
    json: false,
    human: ({ bucket, source, key, bytes }) => `Uploaded ${escapeControl(source)} (${bytes} bytes) to ${bucket}/${escapeControl(key)}`,
  }),
  /** bucket rm: {"ok", "bucket", "key", "deleted": true} with --json. */
  'connect.bucket.deleted': message<{ bucket: string; key: string }>({
    level: 'success',
    json: false,
    human: ({ bucket, key }) => `Deleted ${bucket}/${escapeControl(key)}`,
  }),
  /** The JSON document of bucket get, put and rm (the human line is the success message above). */
  'connect.bucket.result': message<{ bucket: string; key: string; path?: string; bytes?: number; deleted?: true }>({
    level: 'result',
    json: (d) => ({ ok: true, ...d }),
  }),

  /** connect shell: the shell is about to open (Ctrl-C belongs to it from here). */
  'connect.shell.opening': message<{ instance: string; via: string; maxDuration: string }>({
    level: 'info',
    human: ({ instance, via, maxDuration }) => `Opening a shell on ${instance} via ${via} (closes after ${maxDuration}; type exit to leave).`,
  }),
};
