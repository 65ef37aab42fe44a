// The shared edit -> diff flow of telemetry, rate-limit and url: the unified config diff, the
// settings that changed and the API environment before -> after, on every cloud.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, saveConfig, type LoadedConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { CLOUDS, type Cloud } from '../../src/config/schema.js';
import { configEnvironment, prepareChange } from '../../src/deploy/settings-change.js';
import { describeUrls } from '../../src/commands/url.js';
import { envDiff, unifiedDiff, valueChanges } from '../../src/upgrade/diff.js';
import { allowlistFor } from '../../src/commands/allowlist.js';
import { telemetryReport } from '../../src/commands/telemetry.js';

describe('unifiedDiff', () => {
  test('hunks with context and line numbers, like diff -u', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const b = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    assert.equal(unifiedDiff(a, b, { before: 'x (current)', after: 'x (new)' }, 1), [
      '--- x (current)', '+++ x (new)',
      '@@ -4,3 +4,3 @@', ' d', '-e', '+E', ' f',
      '@@ -10,1 +10,2 @@', ' j', '+k', '',
    ].join('\n'));
    assert.equal(unifiedDiff(a, a, { before: '', after: '' }), '');
  });

  test('valueChanges and envDiff list what differs, sorted', () => {
    assert.deepEqual(valueChanges({ r: { max: 1, w: 1 }, t: true }, { r: { max: 2, w: 1 }, t: true }), [{ path: 'r.max', before: 1, after: 2 }]);
    assert.deepEqual(envDiff({ A: '1', B: '2' }, { B: '3', C: '4' }), [
      { name: 'A', before: '1', after: null }, { name: 'B', before: '2', after: '3' }, { name: 'C', before: null, after: '4' },
    ]);
  });
});

describe('prepareChange on every cloud', () => {
  let dir: string;
  const loaded: Partial<Record<Cloud, LoadedConfig>> = {};
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bt-settings-'));
    for (const cloud of CLOUDS) {
      const path = join(dir, `${cloud}.yaml`);
      await saveConfig(path, exampleConfig(cloud, 'production', { name: 'btdp', org: 'acme' }));
      loaded[cloud] = await loadConfig(path);
    }
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  for (const cloud of CLOUDS) {
    test(`${cloud}: rate limit -> OUTBOUND_RATE_LIMIT_*; the file on disk is untouched`, async () => {
      const l = loaded[cloud]!;
      const p = await prepareChange(l, (raw) => { raw.rateLimit = { maxRequests: 250, windowMinutes: 5 }; }, { cwd: dir, action: 'rate-limit' });
      assert.deepEqual(p.env, [
        { name: 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS', before: '0', after: '250' },
        { name: 'OUTBOUND_RATE_LIMIT_WINDOW_MINUTES', before: '1', after: '5' },
      ]);
      assert.match(p.configDiff, new RegExp(`^--- ${cloud}\\.yaml \\(current\\)\\n\\+\\+\\+ ${cloud}\\.yaml \\(new\\)`));
      assert.match(p.configDiff, /^\+ {2}maxRequests: 250$/m);
      assert.deepEqual(p.settings.map((s) => s.path), ['rateLimit.maxRequests', 'rateLimit.windowMinutes']);
      assert.equal((await loadConfig(l.path)).text, l.text);
      assert.equal(p.change.after, p.after.text);
    });

    test(`${cloud}: telemetry off clears both telemetry variables`, async () => {
      const p = await prepareChange(loaded[cloud]!, (raw) => { raw.telemetry = { enabled: false, logs: false, traces: false }; }, { cwd: dir, action: 'telemetry' });
      assert.deepEqual(p.env.map((e) => [e.name, e.before, e.after]), [
        ['BRAINSTORE_CONTROL_PLANE_TELEMETRY', 'status,metrics,usage', ''],
        ['CONTROL_PLANE_TELEMETRY', 'status,metrics,usage', ''],
      ]);
    });
  }

  test('proxying the control plane points BRAINTRUST_APP_URL at the data plane and blanks the public URL', async () => {
    const outputs = { api_url: 'https://d111.cloudfront.net' };
    const p = await prepareChange(loaded.aws!, (raw) => { raw.urls = { ...raw.urls, proxyControlPlane: true }; }, { outputs, cwd: dir, action: 'url' });
    assert.deepEqual(p.env, [
      { name: 'BRAINTRUST_APP_PUBLIC_URL', before: 'https://www.braintrust.dev', after: '' },
      { name: 'BRAINTRUST_APP_URL', before: 'https://www.braintrust.dev', after: 'https://d111.cloudfront.net' },
    ]);
  });

  test('before install, the proxy diff says BRAINTRUST_APP_URL becomes the data plane URL (not the control plane URL)', async () => {
    const p = await prepareChange(loaded.aws!, (raw) => { raw.urls = { ...raw.urls, proxyControlPlane: true }; }, { outputs: {}, cwd: dir, action: 'url' });
    assert.deepEqual(p.env.find((e) => e.name === 'BRAINTRUST_APP_URL'),
      { name: 'BRAINTRUST_APP_URL', before: 'https://www.braintrust.dev', after: '<data plane URL, known after install>' });
    const after = { ...loaded.aws!.config, urls: { ...loaded.aws!.config.urls, proxyControlPlane: true } };
    assert.match(describeUrls(after), /constrained to the data plane: BRAINTRUST_APP_URL=<data plane URL, known after install>/);
  });

  test('containerized runtimes carry NODE_MEMORY_PERCENT (Kubernetes, AWS ECS); AWS Lambda does not', () => {
    assert.ok('NODE_MEMORY_PERCENT' in configEnvironment(loaded.gcp!.config));
    const aws = loaded.aws!.config;
    assert.equal(aws.api.runtime, 'ecs');
    assert.ok('NODE_MEMORY_PERCENT' in configEnvironment(aws));
    assert.ok(!('NODE_MEMORY_PERCENT' in configEnvironment({ ...aws, api: { ...aws.api, runtime: 'lambda' } })));
  });

  test('an invalid edit is a config error naming the field (exit 2)', async () => {
    await assert.rejects(prepareChange(loaded.aws!, (raw) => { raw.rateLimit = { maxRequests: -1, windowMinutes: 1 }; }, { cwd: dir, action: 'rate-limit' }), (e: { exitCode: number; details: string[] }) => {
      assert.equal(e.exitCode, 2);
      assert.match(e.details.join(), /rateLimit\.maxRequests/);
      return true;
    });
  });

  test('telemetry status says what is sent and where', () => {
    const r = telemetryReport(loaded.aws!.config);
    assert.equal(r.destination, 'https://www.braintrust.dev');
    assert.deepEqual(r.kinds.filter((k) => k.sent).map((k) => k.kind), ['status', 'metrics', 'usage']);
    assert.match(r.kinds.find((k) => k.kind === 'metrics')!.what, /indexing lag/);
    assert.deepEqual(r.env, { CONTROL_PLANE_TELEMETRY: 'status,metrics,usage', BRAINSTORE_CONTROL_PLANE_TELEMETRY: 'status,metrics,usage' });
  });

  test('allowlist: control plane, data plane API, asset sources per cloud, AI providers optional', () => {
    const aws = allowlistFor(loaded.aws!.config, { api_url: 'https://d111.cloudfront.net' });
    const urls = aws.map((e) => e.url);
    assert.ok(urls.includes('https://www.braintrust.dev'));
    assert.ok(urls.includes('https://d111.cloudfront.net'));
    assert.ok(urls.includes('https://public.ecr.aws'));
    assert.ok(urls.some((u) => /^https:\/\/braintrust-assets-us-east-1\.s3\./.test(u)));
    const openai = aws.find((e) => e.url === 'https://api.openai.com')!;
    assert.equal(openai.required, false);
    assert.match(openai.why, /AI proxy/);
    assert.ok(aws.every((e) => e.why.length > 10), 'every entry says why');
    const gcp = allowlistFor(loaded.gcp!.config).map((e) => e.url);
    assert.ok(!gcp.some((u) => u.includes('braintrust-assets')), 'no Lambda assets off AWS');
    assert.ok(gcp.includes('https://public.ecr.aws'));
  });
});
