// Redis over a tunnel: one-shot commands with ioredis, redis-cli for interactive write
// sessions. TLS with SNI set to the real host (ElastiCache and Azure Redis serve TLS and
// their certificates name that host, not 127.0.0.1); AUTH from the secret store.
import { Redis, type RedisOptions } from 'ioredis';
import { isIP } from 'node:net';
import { raceAbort, withAuditText } from './session.js';
import { isReadOnlyRedisCommand } from './redis-commands.js';
import { redactRedisCommand } from './redact.js';
import { operationFailed, usageError } from '../ui/errors.js';

export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The real server name behind the tunnel, for TLS SNI and certificate checks. */
  serverName?: string;
}

export function redisOptions(ep: RedisEndpoint): RedisOptions {
  const name = ep.serverName && !isIP(ep.serverName) ? ep.serverName : undefined;
  return {
    host: ep.host,
    port: ep.port,
    username: ep.username,
    password: ep.password,
    ...(ep.tls ? { tls: name ? { servername: name } : {} } : {}),
    lazyConnect: true,
    connectTimeout: 15_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  };
}

/** Refuse a write command in a read-only session (exit 1, says how to allow it). */
export function assertRedisCommandAllowed(argv: string[], write: boolean): void {
  if (argv.length === 0) throw usageError('Empty Redis command', 'Pass a command, e.g. --command "INFO memory".');
  if (write || isReadOnlyRedisCommand(argv)) return;
  throw operationFailed(
    `Refused: ${redactRedisCommand(argv)} can change or delete data and this session is read-only`,
    'Pass --write (and confirm, or --yes) if you really mean to run it.',
    undefined,
    'WRITE_REFUSED',
  );
}

/** An open connection; callers must quit() it. */
export async function connectRedis(ep: RedisEndpoint, signal: AbortSignal): Promise<Redis> {
  const client = new Redis(redisOptions(ep));
  // The cause (WRONGPASS, TLS handshake) arrives as an 'error' event; connect() then only
  // says "Connection is closed", so keep the first one for the message.
  let cause: Error | undefined;
  client.on('error', (e: Error) => { cause ??= e; });
  try {
    await raceAbort(client.connect(), signal);
    return client;
  } catch (e) {
    client.disconnect();
    if (signal.aborted) throw signal.reason;
    throw operationFailed(`Could not connect to Redis: ${(cause ?? (e as Error)).message}`,
      ep.tls ? 'If this Redis does not use TLS, pass --no-tls.' : 'If this Redis requires TLS, pass --tls; check the password (BRAINTRUST_REDIS_PASSWORD, --password-env VAR, or the secret store).');
  }
}

export async function sendRedisCommand(client: Redis, argv: string[], signal: AbortSignal): Promise<unknown> {
  try {
    const reply = await raceAbort(client.call(argv[0], ...argv.slice(1)), signal);
    return isConfigGet(argv) ? maskConfigReply(reply) : reply;
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    // Redis errors may quote the arguments: the audit keeps the error code (ERR, WRONGTYPE ...).
    const code = /^[A-Z][A-Z_-]*/.exec((e as Error).message)?.[0] ?? 'ERR';
    throw withAuditText(operationFailed(`Redis error: ${(e as Error).message}`), `Redis error ${code}`);
  }
}

function isConfigGet(argv: string[]): boolean {
  return argv[0]?.toUpperCase() === 'CONFIG' && argv[1]?.toUpperCase() === 'GET';
}

/** Parameters whose names hold pass, auth or key (requirepass, masterauth, tls-key-file-pass). */
const SECRET_PARAM = /pass|auth|key/i;

/** CONFIG GET replies (a flat [name, value, ...] array, or a map under RESP3) with secret values masked. */
export function maskConfigReply(reply: unknown): unknown {
  if (Array.isArray(reply)) {
    return reply.map((v, i) => (i % 2 === 1 && SECRET_PARAM.test(String(reply[i - 1])) && String(v) !== '' ? '***' : v));
  }
  if (reply && typeof reply === 'object' && !Buffer.isBuffer(reply)) {
    return Object.fromEntries(Object.entries(reply as Record<string, unknown>).map(([k, v]) => [k, SECRET_PARAM.test(k) && String(v) !== '' ? '***' : v]));
  }
  return reply;
}

/** Connect, run one command, disconnect. */
export async function runRedisCommand(ep: RedisEndpoint, argv: string[], opts: { write: boolean; signal: AbortSignal }): Promise<unknown> {
  assertRedisCommandAllowed(argv, opts.write);
  const client = await connectRedis(ep, opts.signal);
  try {
    return await sendRedisCommand(client, argv, opts.signal);
  } finally {
    client.disconnect();
  }
}

/** redis-cli argv and env: the password only in REDISCLI_AUTH, never argv. */
export function redisCliInvocation(ep: RedisEndpoint, baseEnv: NodeJS.ProcessEnv): { args: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  delete env.REDISCLI_AUTH;
  if (ep.password) env.REDISCLI_AUTH = ep.password;
  const args = ['-h', ep.host, '-p', String(ep.port)];
  if (ep.username) args.push('--user', ep.username);
  if (ep.tls) args.push('--tls', ...(ep.serverName && !isIP(ep.serverName) ? ['--sni', ep.serverName] : []));
  return { args, env };
}
