// `braintrust config` over the networking:, scaling: and kubernetes: keys as a user runs it:
// set/get/unset/list/explain round trips, values validated (exit 2 naming the key), typos get
// "did you mean", cross-field rules, and the settings that cannot change once the deployment
// exists (scaling.locksBackend; brainstore.skipPgForObjects one-way) after a (fake) install.
import { test, describe, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

const INIT_GCP = ['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'production', '--name', 'bt', '--org', 'acme'];

describe('config set/get/unset/list/explain over networking:, scaling:, kubernetes:', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const file = async () => parse(await readFile(join(dir, 'braintrust.yaml'), 'utf8'));
  before(async () => {
    dir = await tempDir();
    const r = await runCli(INIT_GCP, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => removeDir(dir));

  const roundTrips: [key: string, text: string, value: unknown][] = [
    ['networking.codeFunctionTimeoutSeconds', '1800', 1800],
    ['networking.bucketCorsOrigins', '[https://*.acme.com]', ['https://*.acme.com']],
    ['scaling.brainstoreCache.reader.fileSize', '700Gi', '700Gi'],
    ['scaling.locksBackend', 'redis', 'redis'],
    ['scaling.softDeleteRetentionDays', '30', 30],
    ['kubernetes.hardening', 'on', true],
    ['kubernetes.podSecurityContext', '{runAsUser: 2000}', { runAsUser: 2000 }],
    ['kubernetes.customCA.enabled', 'true', true],
  ];
  for (const [key, text, value] of roundTrips) {
    test(`set ${key} ${text} --no-apply; get reads it back; unset removes it`, async () => {
      let r = await cli(['config', 'set', key, text, '--no-apply']);
      assert.equal(r.code, 0, r.stderr);
      r = await cli(['--json', 'config', 'get', key]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { ok: true, key, value, source: 'config' });
      r = await cli(['config', 'unset', key, '--no-apply']);
      assert.equal(r.code, 0, r.stderr);
      r = await cli(['--json', 'config', 'get', key]);
      assert.notEqual(JSON.parse(r.stdout).source, 'config');
    });
  }

  test('list --json has every new key with its source', async () => {
    const r = await cli(['--json', 'config', 'list']);
    assert.equal(r.code, 0, r.stderr);
    const keys = new Map((JSON.parse(r.stdout).keys as { key: string; source: string; value: unknown }[]).map((k) => [k.key, k]));
    for (const k of ['networking.codeFunctionTimeoutSeconds', 'networking.albDropInvalidHeaderFields', 'scaling.brainstoreCache.writer.memoryLimit', 'scaling.locksBackend', 'scaling.bucketRetentionDays', 'kubernetes.hardening', 'kubernetes.tmpVolume.sizeLimit', 'kubernetes.customCA.secretName']) {
      assert.ok(keys.has(k), k);
    }
    assert.deepEqual(keys.get('kubernetes.hardening'), { key: 'kubernetes.hardening', value: false, source: 'default' });
    assert.equal(keys.get('kubernetes.customCA.secretName')!.value, 'braintrust-runtime-ca');
  });

  test('explain says what a setting sets on this target (env variable or Helm value) and links its docs page', async () => {
    const expect: [string, string, RegExp][] = [
      ['networking.codeFunctionTimeoutSeconds', 'CODE_FUNCTION_EXECUTION_TIMEOUT_S', /configure\/networking$/],
      ['scaling.brainstoreCache.writer.fileSize', 'Helm brainstore.writer.objectStoreCacheFileSize', /configure\/scaling$/],
      ['scaling.locksBackend', 'Helm brainstore.locksBackend', /configure\/scaling$/],
      ['kubernetes.hardening', 'Helm api.securityContext', /configure\/security$/],
      ['kubernetes.customCA.enabled', 'Helm api.customCA', /configure\/security$/],
    ];
    for (const [key, sets, docs] of expect) {
      const r = await cli(['--json', 'config', 'explain', key]);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.ok(doc.environment.includes(sets), `${key}: ${JSON.stringify(doc.environment)}`);
      assert.match(doc.docs, docs);
      assert.ok(doc.description.length > 20);
    }
  });

  const badValues: [key: string, text: string, says: RegExp][] = [
    ['networking.codeFunctionTimeoutSeconds', '0', />=1|>= 1|too small|greater than or equal/i],
    ['networking.codeFunctionTimeoutSeconds', 'ten', /number/],
    ['scaling.locksBackend', 'etcd', /redis[\s\S]*objectStorage|objectStorage[\s\S]*redis/],
    ['scaling.brainstoreCache.reader.fileSize', 'big', /900Gi/],
    ['kubernetes.podSecurityContext', '{runAsUsr: 1}', /runAsUsr/],
    ['brainstore.walFooterVersion', 'v9', /v3/],
  ];
  for (const [key, text, says] of badValues) {
    test(`set ${key} ${text} is exit 2 naming the key; the file is untouched`, async () => {
      const before = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
      const r = await cli(['config', 'set', key, text, '--no-apply']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(key.replace(/\./g, '\\.')));
      assert.match(r.stderr, says);
      assert.equal(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), before);
    });
  }

  test('typos get "did you mean"', async () => {
    for (const [typo, near] of [['scaling.lockBackend', 'scaling.locksBackend'], ['kubernetes.hardenning', 'kubernetes.hardening'], ['networking.codeFunctionTimeout', 'networking.codeFunctionTimeoutSeconds']]) {
      const r = await cli(['config', 'set', typo, 'x', '--no-apply']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`Did you mean [^\\n]*${near.replace(/\./g, '\\.')}`), r.stderr);
    }
  });

  test('cross-field rules: a read-only root needs /tmp; AWS-only and Kubernetes-only settings name the field', async () => {
    let r = await cli(['config', 'set', 'kubernetes.hardening', 'true', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    r = await cli(['config', 'set', 'kubernetes.tmpVolume.enabled', 'false', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kubernetes\.tmpVolume\.enabled[\s\S]*writable \/tmp/);
    r = await cli(['config', 'set', 'networking.albDropInvalidHeaderFields', 'true', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /networking\.albDropInvalidHeaderFields[\s\S]*no AWS Application Load Balancer/);
    r = await cli(['config', 'set', 'scaling.softDeleteRetentionDays', '3', '--no-apply']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /scaling\.softDeleteRetentionDays[\s\S]*0 \(off\) or 7-90/);
    r = await cli(['config', 'unset', 'kubernetes.hardening', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await file()).kubernetes?.hardening, undefined);
  });
});

describe('settings that cannot change once the deployment exists', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const text = () => readFile(join(dir, 'braintrust.yaml'), 'utf8');
  const deployed = async () => {
    await mkdir(join(dir, '.braintrust'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, '.braintrust', 'outputs.json'), JSON.stringify({ api_url: 'http://10.0.0.10:8000', region: 'us-central1' }), { mode: 0o600 });
  };
  beforeEach(async () => {
    dir = await tempDir();
    const r = await runCli(INIT_GCP, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  afterEach(() => removeDir(dir));

  test('before the first install, the locks backend and skip-PG change freely', async () => {
    assert.equal((await cli(['config', 'set', 'scaling.locksBackend', 'redis', '--no-apply'])).code, 0);
    assert.equal((await cli(['config', 'set', 'brainstore.skipPgForObjects', '', '--no-apply'])).code, 0);
  });

  test('after install, scaling.locksBackend is refused (exit 2 naming it); writing the default it already has is not a change', async () => {
    await deployed();
    const before = await text();
    let r = await cli(['config', 'set', 'scaling.locksBackend', 'redis', '--no-apply']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /scaling\.locksBackend cannot change once the deployment exists/);
    assert.match(r.stderr, /"objectStorage" -> "redis"/);
    assert.match(r.stderr, /--force-replace/);
    assert.equal(await text(), before);
    r = await cli(['config', 'set', 'scaling.locksBackend', 'objectStorage', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    r = await cli(['config', 'set', 'scaling.locksBackend', 'redis', '--no-apply', '--force-replace']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--force-replace: scaling\.locksBackend/);
  });

  test('after install, skip-PG is one-way: turning it off or narrowing it is refused; turning it on is allowed', async () => {
    await deployed();
    for (const value of ['', 'include:project_logs:00000000-0000-4000-8000-000000000001']) {
      const r = await cli(['config', 'set', 'brainstore.skipPgForObjects', value, '--no-apply']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /brainstore\.skipPgForObjects cannot change once the deployment exists/);
      assert.match(r.stderr, /one-way/);
    }
    let r = await cli(['config', 'unset', 'brainstore.skipPgForObjects', '--no-apply']);
    assert.equal(r.code, 2, r.stderr);
    // An older deployment without it opts in (the v2 upgrade guide's step).
    r = await cli(['config', 'unset', 'brainstore.skipPgForObjects', '--no-apply', '--force-replace']);
    assert.equal(r.code, 0, r.stderr);
    r = await cli(['config', 'set', 'brainstore.skipPgForObjects', 'all', '--no-apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(parse(await text()).brainstore.skipPgForObjects, 'all');
  });
});
