// The docker compose deployment as data: services api, brainstore, postgres, redis and an
// S3-compatible store (MinIO) with a job creating the buckets. Pure: composeDocument() and
// envFileText() are what writeComposeFiles() writes. Settings from braintrust.yaml reach the
// containers through .env, which compose reads for `${VAR}` interpolation.
import type { Config } from '../../src/config/schema.js';
import { apiEnvironment, brainstoreConfigEnv } from '../common/api-env.js';
import { apiSize } from '../../src/config/schema.js';
import { brainstoreCacheEnv } from '../common/scaling-env.js';
import { locksBackend } from '../../src/config/scaling-schema.js';

export const API_PORT = 8000;
export const BRAINSTORE_PORT = 4000;
export const BUCKETS = { brainstore: 'brainstore', responses: 'responses', codeBundles: 'code-bundles' } as const;
// The official compose (braintrustdata/braintrust-deployment docker/docker-compose.api.yml)
// runs Braintrust's Postgres image (pg_cron, pg_partman, pg_hint_plan built in) with its own
// /etc/postgresql.conf, user and database `postgres`; pg_cron lives in that database.
export const POSTGRES_IMAGE = 'public.ecr.aws/braintrust/postgres:latest';
export const POSTGRES_CONFIG_FILE = '/etc/postgresql.conf';
const DATABASE = 'postgres';
const DB_USER = 'postgres';
/** Published ports listen on the host's loopback only: nothing here is meant for the network. */
const HOST = '127.0.0.1';
/** MinIO's name for signed URLs: the same from the host (browsers) and from the containers. */
export const MINIO_HOST = 'minio.localhost';
const MINIO_ADMIN = 'braintrust-admin';
const MINIO_APP_USER = 'braintrust';
const REGION = 'us-east-1';

// Pinned MinIO server and client releases (quay.io/minio).
export const MINIO_IMAGE = 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z';
export const MC_IMAGE = 'quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z';

/** Generated once per deployment directory and kept across re-synths (postgres keeps its first password). */
export const LOCAL_SECRETS = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'MINIO_ROOT_PASSWORD', 'MINIO_APP_PASSWORD', 'FUNCTION_SECRET_KEY'] as const;
export type LocalSecrets = Record<(typeof LOCAL_SECRETS)[number], string>;

/** Image tag of a release: images are tagged `v2.12.0`. */
function imageTag(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}

/** The shell variable holding the Brainstore license key (never written to a file). */
export function licenseKeyEnvName(config: Config): string {
  const source = config.secrets.brainstoreLicenseKey;
  return 'env' in source ? source.env : 'BRAINTRUST_BRAINSTORE_LICENSE_KEY';
}

/** The API environment for compose: Config plus the local wiring (no secrets). */
export function composeApiEnvironment(config: Config): Record<string, string> {
  return apiEnvironment(
    config,
    {
      dataPlaneUrl: `http://localhost:${API_PORT}`,
      // The API's calls to itself stay on the loopback (official compose).
      BRAINTRUST_API_URL: `http://127.0.0.1:${API_PORT}`,
      BRAINSTORE_URL: `http://brainstore:${BRAINSTORE_PORT}`,
      BRAINSTORE_WRITER_URL: `http://brainstore:${BRAINSTORE_PORT}`,
      // The chart always points the API at a fast-reader Service; here the one Brainstore serves.
      BRAINSTORE_FAST_READER_URL: `http://brainstore:${BRAINSTORE_PORT}`,
      BRAINSTORE_DEFAULT: 'force',
      BRAINSTORE_REALTIME_WAL_BUCKET: BUCKETS.brainstore,
      RESPONSE_BUCKET: BUCKETS.responses,
      CODE_BUNDLE_BUCKET: BUCKETS.codeBundles,
      // Signed URLs the API hands to browsers and SDKs name this endpoint: `*.localhost`
      // resolves to the host's loopback in browsers, and to MinIO inside the compose network
      // (network aliases below), where MinIO is published on 127.0.0.1:9000.
      AWS_ENDPOINT_URL: `http://${MINIO_HOST}:9000`,
      AWS_REGION: REGION,
      ...CHART_API_DEFAULTS,
      // The config's one-way data path values, when it has them, over the chart's defaults.
      ...(config.brainstore.skipPgForObjects !== undefined ? { SKIP_PG_FOR_BRAINSTORE_OBJECTS: config.brainstore.skipPgForObjects } : {}),
      ...(config.brainstore.walFooterVersion !== undefined ? { BRAINSTORE_WAL_FOOTER_VERSION: config.brainstore.walFooterVersion } : {}),
    },
    { containerized: true },
  );
}

/**
 * What the Helm chart's API configmap sets by default (chart 6.11.0 templates/api-configmap.yaml,
 * values.yaml), so evaluation on docker runs the data path production runs.
 */
export const CHART_API_DEFAULTS: Record<string, string> = {
  ALLOW_CODE_FUNCTION_EXECUTION: 'false',
  BRAINTRUST_LEGACY_IDS: 'true',
  BRAINSTORE_INSERT_ROW_REFS: 'true',
  INSERT_LOGS2: 'true',
  ALLOW_INVALID_BASE64: 'false',
  BRAINSTORE_BACKFILL_DISABLE_HISTORICAL: 'false',
  BRAINSTORE_BACKFILL_DISABLE_NONHISTORICAL: 'false',
  SKIP_PG_FOR_BRAINSTORE_OBJECTS: 'all',
  BRAINSTORE_WAL_FOOTER_VERSION: 'v3',
  BRAINSTORE_WAL_USE_EFFICIENT_FORMAT: 'true',
};

/** The chart's Brainstore configmap defaults (templates/brainstore-writer-configmap.yaml). */
export const CHART_BRAINSTORE_DEFAULTS: Record<string, string> = {
  BRAINSTORE_READER_ONLY_MODE: 'false',
  BRAINSTORE_VERBOSE: '1',
  BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT: '1Gi',
  BRAINSTORE_ASYNC_SCORING_OBJECTS: 'all',
  BRAINSTORE_LOG_AUTOMATIONS_OBJECTS: 'all',
};

const postgresUrl = `postgres://${DB_USER}:\${POSTGRES_PASSWORD}@postgres:5432/${DATABASE}`;
const redisUrl = 'redis://:${REDIS_PASSWORD}@redis:6379';
const objectStoreCredentials = {
  AWS_ACCESS_KEY_ID: MINIO_APP_USER,
  AWS_SECRET_ACCESS_KEY: '${MINIO_APP_PASSWORD}',
};

/** `KEY: ${KEY}` for each variable .env defines. */
function fromEnvFile(keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, `\${${k}}`]));
}

export function composeDocument(config: Config): Record<string, unknown> {
  const tag = imageTag(config.version);
  // `:?`: compose refuses to start without the key instead of starting a Brainstore that exits.
  const licenseVar = licenseKeyEnvName(config);
  const license = `\${${licenseVar}:?set ${licenseVar} to the Brainstore license key}`;
  const healthy = { condition: 'service_healthy' };
  return {
    name: config.name,
    services: {
      api: {
        image: `public.ecr.aws/braintrust/standalone-api:${tag}`,
        restart: 'unless-stopped',
        ports: [`${HOST}:${API_PORT}:${API_PORT}`],
        // The cgroup limit NODE_MEMORY_PERCENT is a share of (api.cpu / api.memoryGiB).
        cpus: apiSize(config).cpu,
        mem_limit: `${apiSize(config).memoryGiB}g`,
        environment: {
          ...fromEnvFile(Object.keys(composeApiEnvironment(config))),
          PG_URL: postgresUrl,
          REDIS_URL: redisUrl,
          FUNCTION_SECRET_KEY: '${FUNCTION_SECRET_KEY}',
          BRAINSTORE_LICENSE_KEY: license,
          ...objectStoreCredentials,
        },
        depends_on: {
          postgres: healthy,
          redis: healthy,
          'create-buckets': { condition: 'service_completed_successfully' },
          brainstore: { condition: 'service_started' },
        },
        healthcheck: {
          // The image has node but no curl.
          test: ['CMD', 'node', '-e', `fetch('http://localhost:${API_PORT}/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
          interval: '15s',
          timeout: '5s',
          retries: 10,
          start_period: '60s',
        },
      },
      brainstore: {
        image: `public.ecr.aws/braintrust/brainstore:${tag}`,
        command: ['web'],
        restart: 'unless-stopped',
        environment: {
          BRAINSTORE_PORT: String(BRAINSTORE_PORT),
          BRAINSTORE_INDEX_URI: `s3://${BUCKETS.brainstore}/brainstore/index`,
          BRAINSTORE_REALTIME_WAL_URI: `s3://${BUCKETS.brainstore}/brainstore/wal`,
          BRAINSTORE_METADATA_URI: postgresUrl,
          BRAINSTORE_WAL_URI: postgresUrl,
          BRAINSTORE_REDIS_URI: redisUrl,
          // scaling.locksBackend: redis unless objectStorage (then the MinIO bucket, as the chart's s3 path).
          BRAINSTORE_LOCKS_URI: locksBackend(config) === 'objectStorage' ? `s3://${BUCKETS.brainstore}/brainstore/locks` : redisUrl,
          BRAINSTORE_XACT_MANAGER_URI: redisUrl,
          BRAINSTORE_CACHE_DIR: '/mnt/tmp/brainstore',
          BRAINSTORE_RESPONSE_CACHE_URI: `s3://${BUCKETS.responses}/brainstore-cache`,
          BRAINSTORE_CODE_BUNDLE_URI: `s3://${BUCKETS.codeBundles}`,
          ...CHART_BRAINSTORE_DEFAULTS,
          ...brainstoreCacheEnv(config, 'combined'),
          BRAINSTORE_AI_PROXY_URL: `http://api:${API_PORT}`,
          BRAINSTORE_LICENSE_KEY: license,
          FUNCTION_SECRET_KEY: '${FUNCTION_SECRET_KEY}',
          ...brainstoreConfigEnv(config),
          AWS_ENDPOINT_URL: 'http://minio:9000',
          AWS_REGION: REGION,
          AWS_ALLOW_HTTP: 'true',
          ...objectStoreCredentials,
          NO_COLOR: '1',
        },
        volumes: ['brainstore-cache:/mnt/tmp/brainstore'],
        depends_on: {
          postgres: healthy,
          redis: healthy,
          'create-buckets': { condition: 'service_completed_successfully' },
        },
      },
      postgres: {
        image: POSTGRES_IMAGE,
        restart: 'unless-stopped',
        command: ['postgres', '-c', `config_file=${POSTGRES_CONFIG_FILE}`],
        environment: { POSTGRES_USER: DB_USER, POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}', POSTGRES_DB: DATABASE },
        // A new volume name: a volume initialised by the stock postgres image (other user,
        // maybe another major version) is not reused.
        volumes: ['braintrust-postgres-data:/var/lib/postgresql/data'],
        healthcheck: {
          test: ['CMD-SHELL', `pg_isready -U ${DB_USER} -d ${DATABASE}`],
          interval: '5s',
          timeout: '5s',
          retries: 20,
        },
      },
      redis: {
        image: `redis:${config.redis.version}`,
        restart: 'unless-stopped',
        // The password goes into a config file written by the shell's printf (a builtin), so it
        // is on no process's command line (`ps`, `docker inspect` show only the script).
        entrypoint: ['/bin/sh', '-c'],
        command: ['printf \'requirepass %s\\nappendonly yes\\n\' "$$REDIS_PASSWORD" > /tmp/redis.conf && exec docker-entrypoint.sh redis-server /tmp/redis.conf'],
        environment: { REDIS_PASSWORD: '${REDIS_PASSWORD}', REDISCLI_AUTH: '${REDIS_PASSWORD}' },
        volumes: ['redis-data:/data'],
        healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 20 },
      },
      minio: {
        image: MINIO_IMAGE,
        restart: 'unless-stopped',
        command: ['server', '/data', '--console-address', ':9001'],
        environment: {
          MINIO_ROOT_USER: MINIO_ADMIN,
          MINIO_ROOT_PASSWORD: '${MINIO_ROOT_PASSWORD}',
          // Virtual-hosted bucket addressing (<bucket>.minio), which the AWS SDKs default to.
          MINIO_DOMAIN: `minio,${MINIO_HOST}`,
        },
        volumes: ['minio-data:/data'],
        ports: [`${HOST}:9000:9000`],
        networks: {
          default: { aliases: [MINIO_HOST, ...Object.values(BUCKETS).flatMap((b) => [`${b}.minio`, `${b}.${MINIO_HOST}`])] },
        },
        healthcheck: { test: ['CMD', 'mc', 'ready', 'local'], interval: '5s', timeout: '5s', retries: 20 },
      },
      'create-buckets': {
        image: MC_IMAGE,
        restart: 'no',
        depends_on: { minio: healthy },
        environment: { MINIO_ROOT_PASSWORD: '${MINIO_ROOT_PASSWORD}', MINIO_APP_PASSWORD: '${MINIO_APP_PASSWORD}' },
        entrypoint: ['/bin/sh', '-c'],
        // $$: a literal $ for the container's shell, not compose interpolation.
        command: [
          [
            'set -e',
            `mc alias set local http://minio:9000 ${MINIO_ADMIN} "$$MINIO_ROOT_PASSWORD"`,
            ...Object.values(BUCKETS).map((b) => `mc mb --ignore-existing local/${b}`),
            `mc admin user add local ${MINIO_APP_USER} "$$MINIO_APP_PASSWORD"`,
            `mc admin policy attach local readwrite --user ${MINIO_APP_USER} || true`,
          ].join('; '),
        ],
      },
    },
    volumes: { 'braintrust-postgres-data': {}, 'redis-data': {}, 'minio-data': {}, 'brainstore-cache': {} },
  };
}

/**
 * A .env line: plain, else single-quoted (compose takes those literally), else double-quoted
 * with `$$` for a literal `$` (compose interpolates double-quoted values).
 */
function envLine(key: string, value: string): string {
  if (/^[A-Za-z0-9_./:,@+=-]*$/.test(value)) return `${key}=${value}`;
  if (!value.includes("'")) return `${key}='${value}'`;
  return `${key}=${JSON.stringify(value).replace(/\$/g, '$$$$')}`;
}

/** The .env file: the API environment from braintrust.yaml and the local credentials. */
export function envFileText(config: Config, secrets: LocalSecrets): string {
  const lines = [
    `# Generated by braintrust from braintrust.yaml (deployment ${config.name}); edit braintrust.yaml, not this file.`,
    '# docker compose reads it for ${VAR} interpolation. Keep it private (mode 0600).',
    `# The Brainstore license key is read from $${licenseKeyEnvName(config)} in your shell, never stored here.`,
    '',
    '# API environment',
    ...Object.entries(composeApiEnvironment(config)).map(([k, v]) => envLine(k, v)),
    '',
    '# Local credentials, generated once and kept when this file is rewritten',
    ...LOCAL_SECRETS.map((k) => envLine(k, secrets[k])),
    '',
  ];
  return lines.join('\n');
}

/** Read KEY=value lines back (for keeping generated secrets). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) v = v.slice(1, -1);
    else if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = (JSON.parse(v) as string).replace(/\$\$/g, '$');
    out[m[1]] = v;
  }
  return out;
}
