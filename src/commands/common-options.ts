// Option sets several commands share (metadata only: builders from registry.ts, no handlers).
import { choice, flag, negatable, text } from './registry.js';

/** Day-2 changes: edit braintrust.yaml, show the diff, and run the install pipeline. */
export const changeOptions = {
  dryRun: flag('--dry-run', 'show the config and API environment diff and synthesize; apply nothing'),
  apply: negatable('--no-apply', 'edit braintrust.yaml only (a CI pipeline applies it later)'),
  out: text('--out <dir>', 'where the synthesized stacks are written', 'braintrust.out'),
  allowUndersized: flag('--allow-undersized', 'apply even when production sizing checks fail (recorded in history)'),
  forceReplace: flag('--force-replace', 'allow changing a setting that replaces resources of an existing deployment (asks again)'),
  reinit: flag('--reinit', 'run terraform init even when providers, lock file and backend are unchanged'),
} as const;

/** Remote-access sessions (connect postgres/redis/bucket). */
export const sessionOptions = {
  write: flag('--write', 'allow changes (asks for confirmation; --yes to skip)'),
  maxDuration: text('--max-duration <duration>', 'close the session after this long (e.g. 30m, 1h)', '1h'),
} as const;

/** Where a connect session goes: the cloud tunnel, or a host/URL given directly. */
export function endpointOptions(port: string) {
  return {
    via: choice('--via <via>', 'auto: the cloud tunnel (AWS SSM, kubectl on GCP/Azure); direct: connect to --host/--port or --url', ['auto', 'direct'], 'auto'),
    host: text('--host <host>', 'with --via direct: the server host'),
    port: text('--port <port>', `with --via direct: the server port (default ${port})`),
    url: text('--url <url>', 'with --via direct: a connection URL (put the password in --password-env, not here)'),
    user: text('--user <user>', 'user name (default: from the generated secret)'),
    passwordEnv: text('--password-env <var>', 'read the password from this environment variable instead of the secret store'),
  } as const;
}

/** The options doctor and support bundle share (the bundle runs doctor). */
export const doctorOptions = {
  only: text('--only <ids>', 'run only these checks or groups (comma-separated: local, cloud, policy, live, or check ids)'),
  skip: text('--skip <ids>', 'skip these checks or groups (comma-separated)'),
  timeout: text('--timeout <seconds>', 'time limit per check', '10'),
  via: choice('--via <via>', 'auto: reach Postgres/Redis through the cloud tunnel; direct: connect to the output hosts as they are', ['auto', 'direct'], 'auto'),
  postgresUrl: text('--postgres-url <url>', 'check this PostgreSQL directly (password in BRAINTRUST_PG_PASSWORD, not in the URL)'),
  redisUrl: text('--redis-url <url>', 'check this Redis directly (password in BRAINTRUST_REDIS_PASSWORD; rediss:// for TLS)'),
  bucketEndpoint: text('--bucket-endpoint <url>', 'object storage endpoint override (S3-compatible stores, emulators; also BRAINTRUST_S3_ENDPOINT)'),
  manifest: text('--manifest <path|url>', 'release manifest for the version-age check (default: the live list, else the shipped snapshot)'),
  offline: flag('--offline', 'version-age check: do not read the live release list (use the shipped snapshot)'),
} as const;

/** The services logs, restart and connect shell act on. */
export const SERVICE_CHOICES = ['api', 'brainstore', 'brainstore-reader', 'brainstore-writer'] as const;
