// Where the Postgres and Redis of a deployment are and how to log in: flags first (--url,
// --host/--port, --user, --database, --password-env), then the password env overrides, then
// deployment outputs and the generated secret in the cloud's secret store.
import type { Deployment } from './installed-deployment.js';
import { regionOf, requireOutput } from './installed-deployment.js';
import { fetchSecret, parseCredentials, type Credentials } from './secrets.js';
import type { TunnelTarget, TunnelVia } from './tunnel.js';
import { usageError } from '../ui/errors.js';

export const PG_PASSWORD_ENV = 'BRAINTRUST_PG_PASSWORD';
export const REDIS_PASSWORD_ENV = 'BRAINTRUST_REDIS_PASSWORD';

export interface EndpointFlags {
  host?: string;
  port?: string;
  url?: string;
  user?: string;
  database?: string;
  passwordEnv?: string;
  /** The flag the URL came from, for messages (default --url; doctor: --postgres-url ...). */
  urlFlag?: string;
}

export interface ResolvedEndpoint {
  target: TunnelTarget;
  credentials: Credentials;
  /** rediss:// in --url, for Redis TLS. */
  urlTls?: boolean;
}

export function parsePort(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw usageError(`${flag} ${JSON.stringify(value)} is not a TCP port`, `Pass a number from 1 to 65535, e.g. ${flag} 5432.`);
  return n;
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw usageError(`--url ${JSON.stringify(url.replace(/:[^:@/]*@/, ':***@'))} is not a URL`, 'Use e.g. --url postgres://user@host:5432/db (the password through --password-env).');
  }
}

interface Store {
  name: 'postgres' | 'redis';
  defaultPort: number;
  passwordEnv: string;
}

/**
 * A password inside a URL flag is visible to every local user in `ps` and lands in shell
 * history: refused (exit 2), pointing at the environment variable instead. The password is
 * never echoed.
 */
export function refuseUrlPassword(url: string | undefined, flag: string, passwordEnv: string): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // not a URL: the caller's parser reports it
  }
  if (parsed.password === '') return;
  parsed.password = '';
  throw usageError(`${flag} holds a password (${parsed.toString()} with the password removed): a password on the command line is visible to other local users in ps and stays in shell history`,
    `Remove it from the URL and export ${passwordEnv}=... (or pass --password-env VAR).`);
}

async function resolveEndpoint(store: Store, d: Deployment, via: TunnelVia, flags: EndpointFlags, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ResolvedEndpoint> {
  refuseUrlPassword(flags.url, flags.urlFlag ?? '--url', store.passwordEnv);
  const url = flags.url ? parseUrl(flags.url) : undefined;
  const out = d.outputs;
  const hostFlag = flags.host ?? (url?.hostname || undefined);
  const portFlag = flags.port ?? (url?.port || undefined);
  if (via !== 'direct' && (hostFlag || portFlag)) {
    throw usageError('--host, --port and --url are for --via direct', 'Add --via direct, or drop them to use the deployment outputs through the tunnel.');
  }
  const purpose = `to reach ${store.name}`;
  const host = hostFlag ?? requireOutput(d, `${store.name}_host`, purpose);
  const port = portFlag ? parsePort(portFlag, '--port') : out[`${store.name}_port`] ? parsePort(out[`${store.name}_port`], `${store.name}_port`) : store.defaultPort;

  let creds: Credentials = {};
  if (flags.passwordEnv) {
    const v = env[flags.passwordEnv];
    if (v === undefined) throw usageError(`--password-env ${flags.passwordEnv}: that environment variable is not set`, `export ${flags.passwordEnv}=... first (the password never goes on the command line).`);
    creds = { password: v };
  } else if (env[store.passwordEnv] !== undefined) {
    creds = { password: env[store.passwordEnv] };
  } else {
    const ref = out[`${store.name}_secret_arn`] || out[`${store.name}_secret_id`];
    if (ref && d.cloud && d.cloud !== 'docker') {
      creds = parseCredentials(await fetchSecret({ cloud: d.cloud, ref, env, signal, region: regionOf(d), profile: d.config?.account?.awsProfile }));
    }
  }
  const urlUser = url?.username ? decodeURIComponent(url.username) : undefined;
  const urlDb = url && url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : undefined;
  return {
    target: { name: store.name, host, port },
    credentials: {
      password: creds.password,
      username: flags.user ?? urlUser ?? creds.username ?? (out[`${store.name}_user`] || out[`${store.name}_username`] || undefined),
      database: flags.database ?? urlDb ?? creds.database ?? (out[`${store.name}_database`] || undefined),
    },
    urlTls: url ? url.protocol === 'rediss:' : undefined,
  };
}

export function resolvePostgresEndpoint(d: Deployment, via: TunnelVia, flags: EndpointFlags, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ResolvedEndpoint> {
  return resolveEndpoint({ name: 'postgres', defaultPort: 5432, passwordEnv: PG_PASSWORD_ENV }, d, via, flags, env, signal);
}

export function resolveRedisEndpoint(d: Deployment, via: TunnelVia, flags: EndpointFlags, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ResolvedEndpoint> {
  return resolveEndpoint({ name: 'redis', defaultPort: 6379, passwordEnv: REDIS_PASSWORD_ENV }, d, via, flags, env, signal);
}

/**
 * TLS for Redis: --tls/--no-tls, else rediss:// in --url, else the redis_tls output, else the
 * cloud's default (ElastiCache and Azure Managed Redis serve TLS; Memorystore and docker do not).
 */
export function redisTls(d: Deployment, flag: boolean | undefined, urlTls: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (urlTls !== undefined) return urlTls;
  const out = d.outputs.redis_tls;
  if (out !== undefined) return out === 'true' || out === '1';
  return d.cloud === 'aws' || d.cloud === 'azure';
}
