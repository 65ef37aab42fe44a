// config, init, preflight and cli messages rendered through an Io, human and --json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { captureIo } from '../helpers/io-capture.js';
import { runHandler, writeDeployment } from '../helpers/connect-harness.js';
import { get as configGet, list as configList } from '../../src/commands/config.js';
import type { CostEstimate } from '../../src/cost/estimate.js';
import type { PreflightReport } from '../../src/preflight/run.js';

describe('config messages', () => {
  test('config.value: unset is "(not set)" for people and null in JSON, with its source', () => {
    const c = captureIo();
    c.io.emit('config.value', { key: 'ingress.domain', value: undefined, source: 'unset' });
    assert.equal(c.out(), '(not set)\n');
    const json = captureIo({ json: true });
    json.io.emit('config.value', { key: 'ingress.domain', value: undefined, source: 'unset' });
    assert.deepEqual(JSON.parse(json.out()), { ok: true, key: 'ingress.domain', value: null, source: 'unset' });
    const list = captureIo();
    list.io.emit('config.value', { key: 'zones', value: ['a', 'b'], source: 'config' });
    assert.equal(list.out(), '["a","b"]\n');
  });

  test('config.keys: values cut at 80 characters in the table, whole in JSON', () => {
    const long = 'x'.repeat(100);
    const c = captureIo();
    c.io.emit('config.keys', { config: 'braintrust.yaml', keys: [{ key: 'orgName', value: long, source: 'config' }, { key: 'ingress.domain', value: undefined, source: 'unset' }] });
    assert.match(c.out(), new RegExp(`orgName +${'x'.repeat(80)} +config\n`));
    assert.match(c.out(), /ingress.domain +\(not set\) +unset\n$/);
    const json = captureIo({ json: true });
    json.io.emit('config.keys', { config: 'braintrust.yaml', keys: [{ key: 'orgName', value: long, source: 'config' }, { key: 'ingress.domain', value: undefined, source: 'unset' }] });
    assert.deepEqual(JSON.parse(json.out()).keys, [{ key: 'orgName', value: long, source: 'config' }, { key: 'ingress.domain', value: null, source: 'unset' }]);
  });

  test('config.explain without a config: no value or target lines; JSON has no value/cloud/environment', () => {
    const d = { key: 'rateLimit.maxRequests', description: 'Requests per window', type: 'integer', required: false, defaultValue: 0, docs: 'https://docs.example/advanced' };
    const c = captureIo();
    c.io.emit('config.explain', d);
    assert.equal(c.out(), 'rateLimit.maxRequests\n  Requests per window\n  type: integer\n  default: 0\n  docs: https://docs.example/advanced\n');
    const json = captureIo({ json: true });
    json.io.emit('config.explain', d);
    assert.deepEqual(JSON.parse(json.out()), { ok: true, key: d.key, description: d.description, type: 'integer', required: false, default: 0, docs: d.docs });
    const target = captureIo();
    target.io.emit('config.explain', { key: 'orgName', type: 'string', required: true, target: { path: 'b.yaml', value: 'acme', cloud: 'aws', environment: [] } });
    assert.equal(target.out(), 'orgName\n  type: string (required)\n  value in b.yaml: acme\n  on aws: no API environment variable or Helm value (stack resources or sizing: see the description)\n');
  });
});

describe('init messages', () => {
  const cost: CostEstimate = {
    currency: 'USD', region: 'us-east-1', tier: 'production', total: 1234.5, complete: false, sources: [], basis: '', notes: [],
    components: [
      { component: 'api', item: 'x', quantity: 1, unit: 'hour-month', unitPrice: 1, monthly: 1234.5 },
      { component: 'postgres', item: 'y', quantity: 1, unit: 'GB-month', unitPrice: 'unknown', monthly: 'unknown' },
    ],
  };

  test('saved on stderr; the estimate and the next commands on stdout, with --config when not the default', () => {
    const c = captureIo();
    c.io.emit('init.saved', { path: 'prod.yaml', cloud: 'aws', tier: 'production' });
    c.io.emit('init.written', { path: 'prod.yaml', cloud: 'aws', tier: 'production', config: {}, cost, configFlag: ' --config prod.yaml' });
    assert.equal(c.err(), '✔ Wrote prod.yaml (aws, production)\n');
    assert.equal(c.out(), [
      'Estimated monthly cost (us-east-1, production, on-demand list prices): $1234.50 + 1 unknown item(s) (details: braintrust cost)',
      'Next: braintrust sizing check --config prod.yaml, then braintrust install --dry-run --config prod.yaml',
      '',
    ].join('\n'));
  });

  test('--json: {"ok", "path", "config"} only', () => {
    const c = captureIo({ json: true });
    c.io.emit('init.written', { path: 'braintrust.yaml', cloud: 'docker', tier: 'testing', config: { cloud: 'docker' }, configFlag: '' });
    assert.deepEqual(JSON.parse(c.out()), { ok: true, path: 'braintrust.yaml', config: { cloud: 'docker' } });
  });
});

describe('preflight and cli messages', () => {
  const report: PreflightReport = {
    ok: false,
    checks: [
      { id: 'identity', group: 'cloud', title: 'Identity', status: 'pass', detail: 'arn:x', hint: '', durationMs: 1 },
      { id: 'quota', group: 'cloud', title: 'Quota', status: 'fail', detail: 'no vCPU left', hint: 'Request more.', durationMs: 1 },
    ],
    suggestedZones: ['us-east-1a', 'us-east-1b'],
  };

  test('preflight.report: table, fixes, zones and the summary; --json is the report itself', () => {
    const c = captureIo();
    c.io.emit('preflight.report', { report, durationMs: 1500 });
    assert.match(c.out(), /^check +status +detail\n/);
    assert.match(c.out(), /\nTo fix:\n {2}FAIL quota: Request more.\n\nZones offering every instance type: zones: \[us-east-1a, us-east-1b\]\n\npreflight: some checks failed \(1 pass, 0 warn, 1 fail, 0 skip in 1.5 s\)\n$/);
    const json = captureIo({ json: true });
    json.io.emit('preflight.report', { report, durationMs: 1500 });
    assert.deepEqual(JSON.parse(json.out()), report);
  });

  test('signals: the first says it stops cleanly, the second that it exits now (stderr, both modes)', () => {
    const c = captureIo({ json: true });
    c.io.emit('cli.interrupted', { signal: 'SIGINT' });
    c.io.emit('cli.forced-exit', { signal: 'SIGTERM' });
    assert.equal(c.err(), '\nReceived SIGINT: stopping cleanly and waiting for running work to exit (press Ctrl-C again to force)...\n' +
      '\nForced exit on a second SIGTERM: anything still running (terraform, a tunnel) may be left to finish on its own.\n');
    assert.equal(c.out(), '');
  });
});

describe('config commands emit the value and where it comes from', () => {
  test('get: a value from the file, a default and an unset key; list: every key once', async () => {
    const d = await writeDeployment('aws');
    const ctx = { cwd: d.dir, config: d.configPath, env: {} };
    const sources: Record<string, unknown> = {};
    for (const key of ['orgName', 'rateLimit.maxRequests', 'ingress.domain']) {
      const r = await runHandler(configGet, ctx, {}, [key]);
      const [m] = r.messages;
      if (m?.code !== 'config.value') assert.fail(`no config.value for ${key}`);
      sources[key] = [m.data.source, m.data.value];
    }
    assert.deepEqual(sources, { orgName: ['config', 'acme'], 'rateLimit.maxRequests': ['default', 100], 'ingress.domain': ['unset', undefined] });
    const list = await runHandler(configList, ctx, {});
    const [m] = list.messages;
    if (m?.code !== 'config.keys') assert.fail('no config.keys');
    assert.equal(m.data.config, d.configPath);
    assert.equal(new Set(m.data.keys.map((k) => k.key)).size, m.data.keys.length);
    assert.deepEqual(m.data.keys.find((k) => k.key === 'orgName'), { key: 'orgName', value: 'acme', source: 'config' });
  });
});
