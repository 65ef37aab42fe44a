// `braintrust connect ...`: metadata only (registered in index.ts); handlers load on use.
import type { CommandSpec, GroupSpec, OptionSpec } from './registry.js';

export const connectGroup: GroupSpec = {
  name: 'connect',
  description: 'Debug sessions on the private Postgres, Redis and buckets (tunnelled, read-only by default, audited)',
};

const session: OptionSpec[] = [
  { flags: '--write', description: 'allow changes (asks for confirmation; --yes to skip)' },
  { flags: '--max-duration <duration>', description: 'close the session after this long (e.g. 30m, 1h)', default: '1h' },
];

const endpoint = (port: string): OptionSpec[] => [
  { flags: '--via <via>', description: 'auto: the cloud tunnel (AWS SSM, kubectl on GCP/Azure); direct: connect to --host/--port or --url', choices: ['auto', 'direct'], default: 'auto' },
  { flags: '--host <host>', description: 'with --via direct: the server host' },
  { flags: '--port <port>', description: `with --via direct: the server port (default ${port})` },
  { flags: '--url <url>', description: 'with --via direct: a connection URL (put the password in --password-env, not here)' },
  { flags: '--user <user>', description: 'user name (default: from the generated secret)' },
  { flags: '--password-env <var>', description: 'read the password from this environment variable instead of the secret store' },
];

export const connectCommands: CommandSpec[] = [
  {
    name: 'connect postgres',
    description: 'psql on the deployment database, or one query with --query (read-only unless --write)',
    options: [
      { flags: '--query <sql>', description: 'run this SQL and print the rows (no psql needed)' },
      ...session,
      ...endpoint('5432'),
      { flags: '--database <name>', description: 'database name (default: from the generated secret, else postgres)' },
    ],
    load: () => import('./connect-postgres.js'),
  },
  {
    name: 'connect redis',
    description: 'An interactive Redis prompt, or one command with --command (write commands need --write)',
    options: [
      { flags: '--command <cmd>', description: 'run this command, e.g. "INFO memory" (no redis-cli needed)' },
      ...session,
      ...endpoint('6379'),
      { flags: '--tls', description: 'use TLS (default on AWS and Azure)' },
      { flags: '--no-tls', description: 'do not use TLS' },
    ],
    load: () => import('./connect-redis.js'),
  },
  {
    name: 'connect bucket',
    description: 'ls [PREFIX] | get KEY [DEST] | put SRC KEY | rm KEY on a deployment bucket (put/rm need --write)',
    args: [
      { name: 'action', description: 'ls, get, put or rm', required: true },
      { name: 'paths', description: 'PREFIX, KEY [DEST], SRC KEY or KEY', variadic: true },
    ],
    options: [
      { flags: '--bucket <name>', description: 'brainstore (default), response, code-bundle, or a bucket/container name' },
      { flags: '--endpoint <url>', description: 'object storage endpoint override (S3-compatible, emulators)' },
      { flags: '--limit <n>', description: 'ls: list at most this many keys (0: all)', default: '1000' },
      { flags: '--force', description: 'get: replace an existing local file' },
      ...session,
    ],
    load: () => import('./connect-bucket.js'),
  },
];
