// Real local services for integration tests: PostgreSQL (initdb + pg_ctl in a temp dir),
// redis-server, s3rver (S3) and azurite (Azure Blob), each on a free 127.0.0.1 port.
// Every start returns stop(); stop() is idempotent and removes the temp dir.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HOST = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForTcp(port: number, timeoutMs = 20_000, host = HOST): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect({ host, port });
      s.once('connect', () => { s.destroy(); r(true); });
      s.once('error', () => { s.destroy(); r(false); });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kill a child we started and wait for it to exit. */
async function stopChild(child: ChildProcess, sig: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(sig);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function killOnExit(child: ChildProcess): void {
  process.once('exit', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
}

// ---------------------------------------------------------------- PostgreSQL

export interface PostgresService {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** postgres://user:password@127.0.0.1:port/database */
  url: string;
  stop(): Promise<void>;
}

/** Where initdb and pg_ctl live: $PG_BINDIR, `pg_config --bindir`, or the newest /usr/lib/postgresql/N/bin. */
export async function postgresBinDir(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim());
  } catch {
    // no pg_config on PATH
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(join(root, v, 'bin'));
  }
  const found = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!found) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: apt install postgresql, or set PG_BINDIR');
  return found;
}

/** initdb refuses to run as root: run the server tools as the postgres user then. */
function asServerUser(file: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

export async function startPostgres(opts: { user?: string; password?: string; database?: string } = {}): Promise<PostgresService> {
  const bin = await postgresBinDir();
  const user = opts.user ?? 'braintrust';
  const password = opts.password ?? `pg-${randomBytes(9).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'bt-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  await writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (process.getuid?.() === 0) {
    await run('chown', ['-R', 'postgres:', dir]);
    await chmod(dir, 0o700);
  }
  const exec = (file: string, args: string[]) => run(...asServerUser(join(bin, file), args));
  await exec('initdb', ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync']);
  await rm(pwfile, { force: true });
  const port = await freePort();
  const serverOpts = `-p ${port} -k ${dir} -c listen_addresses=${HOST} -c fsync=off -c full_page_writes=off`;
  await exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOpts, 'start']);
  let stopped = false;
  const onExit = () => { if (!stopped) spawn(...asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' }); };
  process.once('exit', onExit);
  const database = opts.database ?? 'postgres';
  if (database !== 'postgres') await exec('createdb', ['-h', dir, '-p', String(port), '-U', user, database]);
  return {
    host: HOST, port, user, password, database,
    url: `postgres://${user}:${encodeURIComponent(password)}@${HOST}:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- Redis

export interface RedisService {
  host: string;
  port: number;
  password?: string;
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(opts: { password?: string } = {}): Promise<RedisService> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir];
  if (opts.password) args.push('--requirepass', opts.password);
  const child = spawn(process.env.REDIS_SERVER ?? 'redis-server', args, { stdio: 'ignore' });
  killOnExit(child);
  await Promise.race([
    waitForTcp(port),
    new Promise((_, reject) => child.once('error', (e) => reject(new Error(`redis-server failed to start: ${e.message} (apt install redis-server)`)))),
  ]);
  return {
    host: HOST, port, password: opts.password,
    url: `redis://${opts.password ? `:${encodeURIComponent(opts.password)}@` : ''}${HOST}:${port}`,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- S3 (s3rver)

export interface S3Service {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/**
 * s3rver runs in its own node with the OpenSSL legacy provider: it signs ListObjectsV2
 * continuation tokens with DES, which Node 17+ rejects otherwise (every paginated listing
 * would fail with InternalError).
 */
export async function startS3(opts: { bucket?: string } = {}): Promise<S3Service> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-s3-'));
  const port = await freePort();
  const bucket = opts.bucket ?? 'bt-test-bucket';
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const child = spawn(process.execPath, [
    '--openssl-legacy-provider', bin, '-d', dir, '-a', HOST, '-p', String(port), '--silent', '--configure-bucket', bucket,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${stderr.trim()}`))));
  died.catch(() => {});
  await Promise.race([waitForTcp(port), died]);
  return {
    endpoint: `http://${HOST}:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- Azure Blob (azurite)

export interface AzuriteService {
  /** Blob service URL including the account: http://127.0.0.1:PORT/devstoreaccount1 */
  endpoint: string;
  account: string;
  accountKey: string;
  connectionString: string;
  stop(): Promise<void>;
}

/** Azurite's fixed development account (public, documented by Microsoft). */
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function startAzurite(): Promise<AzuriteService> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-azurite-'));
  const port = await freePort();
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const child = spawn(process.execPath, [
    main, '--blobHost', HOST, '--blobPort', String(port), '--location', dir,
    '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`azurite exited (${code}): ${stderr.trim()}`))));
  await Promise.race([waitForTcp(port, 30_000), died]);
  died.catch(() => {});
  const endpoint = `http://${HOST}:${port}/${AZURITE_ACCOUNT}`;
  return {
    endpoint,
    account: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
