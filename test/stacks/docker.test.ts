// The docker compose target: the document (pure), the .env text, and the files on disk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema, type Config, type ConfigInput } from '../../src/config/schema.js';
import { composeApiEnvironment, composeDocument, envFileText, LOCAL_SECRETS, parseEnvFile, type LocalSecrets } from '../../stacks/docker/compose.js';
import { renderCompose, writeComposeFiles } from '../../stacks/docker/index.js';
import { DOCKER_TESTING } from '../helpers/stack-fixtures.js';

const INPUT: ConfigInput = DOCKER_TESTING;

function config(edit: (c: ConfigInput) => void = () => {}): Config {
  const copy = structuredClone(INPUT);
  edit(copy);
  return configSchema.parse(copy);
}

const SECRETS = Object.fromEntries(LOCAL_SECRETS.map((k) => [k, `${k.toLowerCase()}-value`])) as LocalSecrets;

describe('docker compose document', () => {
  const doc = composeDocument(config()) as any;

  it('has every service with images from config', () => {
    assert.deepEqual(Object.keys(doc.services).sort(), ['api', 'brainstore', 'create-buckets', 'minio', 'postgres', 'redis']);
    assert.equal(doc.services.api.image, 'public.ecr.aws/braintrust/standalone-api:v2.12.0');
    assert.equal(doc.services.brainstore.image, 'public.ecr.aws/braintrust/brainstore:v2.12.0');
    assert.equal(doc.services.postgres.image, 'public.ecr.aws/braintrust/postgres:latest');
    assert.equal(doc.services.redis.image, 'redis:7.2');
    assert.equal(doc.name, 'bt-local');
  });

  it('waits on healthy dependencies and the bucket job', () => {
    for (const name of ['postgres', 'redis', 'minio', 'api']) assert.ok(doc.services[name].healthcheck, `${name} healthcheck`);
    assert.deepEqual(doc.services.api.depends_on.postgres, { condition: 'service_healthy' });
    assert.deepEqual(doc.services.api.depends_on['create-buckets'], { condition: 'service_completed_successfully' });
    assert.deepEqual(doc.services.brainstore.depends_on.redis, { condition: 'service_healthy' });
    assert.match(doc.services['create-buckets'].command[0], /mc mb --ignore-existing local\/brainstore/);
  });

  it('gives the API every variable of the API environment, read from .env', () => {
    const env = doc.services.api.environment;
    for (const key of Object.keys(composeApiEnvironment(config()))) assert.equal(env[key], `\${${key}}`, key);
    assert.equal(env.PG_URL, 'postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/postgres');
    assert.equal(env.BRAINSTORE_LICENSE_KEY, '${BRAINTRUST_BRAINSTORE_LICENSE_KEY:?set BRAINTRUST_BRAINSTORE_LICENSE_KEY to the Brainstore license key}');
    // NODE_MEMORY_PERCENT is a share of the container's memory limit.
    assert.equal(doc.services.api.mem_limit, '2g');
    assert.equal(doc.services.api.cpus, 1);
  });

  it('contains no secret values', () => {
    const text = JSON.stringify(doc);
    for (const v of Object.values(SECRETS)) assert.ok(!text.includes(v));
    assert.doesNotMatch(text, /PASSWORD":"(?!\$\{)/);
  });

  it('renders as YAML over the template, keeping its comments and extra keys', () => {
    const template = '# header comment\nname: braintrust\nx-extra: kept\nservices: {}\nvolumes: {}\n';
    const text = renderCompose(config(), template);
    assert.match(text, /^# header comment/);
    assert.doesNotMatch(text, /&a\d|\*a\d/, 'no YAML anchors');
    const parsed = parse(text);
    assert.equal(parsed['x-extra'], 'kept');
    assert.equal(parsed.name, 'bt-local');
    assert.deepEqual(Object.keys(parsed.services).sort(), Object.keys(doc.services).sort());
    assert.deepEqual(parse(renderCompose(config())).services.api.image, doc.services.api.image);
  });
});

describe('docker compose: as the official compose and the chart', () => {
  const doc = composeDocument(config()) as any;

  it("runs Braintrust's Postgres image with its config (pg_cron, pg_partman, pg_hint_plan)", () => {
    const pg = doc.services.postgres;
    assert.equal(pg.image, 'public.ecr.aws/braintrust/postgres:latest');
    assert.deepEqual(pg.command, ['postgres', '-c', 'config_file=/etc/postgresql.conf']);
    assert.equal(pg.environment.POSTGRES_DB, 'postgres', 'the database the image configures pg_cron for');
    assert.deepEqual(pg.volumes, ['braintrust-postgres-data:/var/lib/postgresql/data']);
  });

  it('publishes ports on loopback only and fails fast without the license key', () => {
    for (const [name, svc] of Object.entries(doc.services) as [string, any][]) {
      for (const p of svc.ports ?? []) assert.match(p, /^127\.0\.0\.1:/, `${name} ${p}`);
    }
    assert.match(doc.services.brainstore.environment.BRAINSTORE_LICENSE_KEY, /^\$\{BRAINTRUST_BRAINSTORE_LICENSE_KEY:\?/);
  });

  it('signs object URLs for a MinIO name the host and the containers both resolve', () => {
    assert.equal(composeApiEnvironment(config()).AWS_ENDPOINT_URL, 'http://minio.localhost:9000');
    const minio = doc.services.minio;
    assert.deepEqual(minio.ports, ['127.0.0.1:9000:9000']);
    assert.ok(minio.networks.default.aliases.includes('minio.localhost'));
    assert.ok(minio.networks.default.aliases.includes('responses.minio.localhost'));
    assert.match(minio.environment.MINIO_DOMAIN, /(^|,)minio\.localhost(,|$)/);
  });

  it('keeps the Redis password off every command line', () => {
    const redis = doc.services.redis;
    const argv = [...(redis.entrypoint ?? []), ...(redis.command ?? [])].join(' ');
    assert.doesNotMatch(argv, /--requirepass/);
    assert.doesNotMatch(argv, /\$\{REDIS_PASSWORD\}/, 'no compose-interpolated password in the argv');
    assert.equal(redis.environment.REDIS_PASSWORD, '${REDIS_PASSWORD}');
  });

  it("sets the chart's default API and Brainstore environment", () => {
    const api = composeApiEnvironment(config());
    assert.equal(api.SKIP_PG_FOR_BRAINSTORE_OBJECTS, 'all');
    assert.equal(api.BRAINSTORE_WAL_FOOTER_VERSION, 'v3');
    assert.equal(api.ALLOW_CODE_FUNCTION_EXECUTION, 'false');
    assert.equal(api.INSERT_LOGS2, 'true');
    const bs = doc.services.brainstore.environment;
    assert.equal(bs.BRAINSTORE_ASYNC_SCORING_OBJECTS, 'all');
    assert.equal(bs.BRAINSTORE_RESPONSE_CACHE_URI, 's3://responses/brainstore-cache');
    assert.equal(bs.BRAINSTORE_CODE_BUNDLE_URI, 's3://code-bundles');
  });
});

describe('docker compose: YAML 1.1 readers', () => {
  it('quotes strings YAML 1.1 reads as booleans', () => {
    const text = renderCompose(config((c) => void (c.orgName = 'acme')), '# t\nname: braintrust\nservices: {}\nvolumes: {}\n');
    // NO_COLOR "1", flags "true"/"false": never bare.
    assert.doesNotMatch(text, /:\s+(yes|no|on|off|y|n|true|false)\s*$/im);
    assert.match(text, /BRAINSTORE_VERBOSE: "1"/);
    assert.equal(parse(text, { version: '1.1' }).services.brainstore.environment.BRAINSTORE_READER_ONLY_MODE, 'false');
  });
});

describe('docker .env', () => {
  it('carries the API environment from config', () => {
    const env = parseEnvFile(envFileText(config((c) => {
      c.rateLimit = { maxRequests: 250, windowMinutes: 5 };
      c.telemetry = { enabled: true, logs: true, traces: false };
      c.api.nodeMemoryPercent = 90;
    }), SECRETS));
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '250');
    assert.equal(env.OUTBOUND_RATE_LIMIT_WINDOW_MINUTES, '5');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage,logs');
    assert.equal(env.NODE_MEMORY_PERCENT, '90');
    assert.equal(env.ORG_NAME, 'acme');
    assert.equal(env.POSTGRES_PASSWORD, SECRETS.POSTGRES_PASSWORD);
  });

  it('round-trips values that need quoting', () => {
    const env = parseEnvFile(envFileText(config((c) => void (c.orgName = "Bob's org $x")), SECRETS));
    assert.equal(env.ORG_NAME, "Bob's org $x");
  });
});

describe('writeComposeFiles', () => {
  it('writes docker-compose.yml and a private .env, keeping generated passwords on rewrite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-compose-'));
    try {
      const files = await writeComposeFiles(config(), dir);
      assert.deepEqual(files, [join(dir, 'docker-compose.yml'), join(dir, '.env')]);
      assert.equal((await stat(join(dir, '.env'))).mode & 0o777, 0o600);
      const compose = parse(await readFile(files[0], 'utf8'));
      assert.ok(compose.services.api);
      const first = parseEnvFile(await readFile(files[1], 'utf8'));
      for (const k of LOCAL_SECRETS) assert.match(first[k], /^[0-9a-f]{48}$/);
      await writeComposeFiles(config((c) => void (c.rateLimit = { maxRequests: 7, windowMinutes: 1 })), dir);
      const second = parseEnvFile(await readFile(files[1], 'utf8'));
      for (const k of LOCAL_SECRETS) assert.equal(second[k], first[k], `${k} kept`);
      assert.equal(second.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '7');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
