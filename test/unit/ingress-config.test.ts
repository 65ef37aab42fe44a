// The `ingress:` section: shapes and the cross-field / per-cloud rules, each an error naming
// the fields and the fix (exit 2 through config loading).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import { ingressMode } from '../../src/config/ingress-schema.js';
import { exampleConfig } from '../../src/config/defaults.js';

type Cloud = 'aws' | 'gcp' | 'azure' | 'docker';
const base = (cloud: Cloud) => exampleConfig(cloud, 'production', { name: 'bt-i', org: 'acme' });
const issues = (cloud: Cloud, ingress: unknown, extra: Record<string, unknown> = {}) => {
  const r = configSchema.safeParse({ ...base(cloud), ...extra, ingress });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('defaults: public on AWS and Azure, no ingress on GCP without a domain or on docker', () => {
  for (const cloud of ['aws', 'azure'] as const) {
    const c = configSchema.parse(base(cloud));
    assert.deepEqual(c.ingress, { allowedCidrs: [], minTlsVersion: '1.2', originTimeoutSeconds: 60 });
    assert.equal(ingressMode(c), 'public');
  }
  assert.equal(ingressMode(configSchema.parse(base('gcp'))), undefined);
  assert.equal(ingressMode(configSchema.parse({ ...base('gcp'), ingress: { domain: 'bt.example.com', certificate: 'managed' } })), 'public');
  assert.equal(ingressMode(configSchema.parse(base('docker'))), undefined);
});

test('a domain needs a certificate source and a certificate needs a domain, naming both fields', () => {
  assert.ok(issues('aws', { domain: 'bt.example.com' }).some((m) => /^ingress\.certificate: ingress\.domain is bt\.example\.com but ingress\.certificate is not set/.test(m)));
  assert.ok(issues('azure', { certificate: 'managed' }).some((m) => /^ingress\.domain: ingress\.certificate is set but ingress\.domain is not/.test(m)));
  assert.deepEqual(issues('aws', { domain: 'bt.example.com', certificate: 'managed' }), []);
});

test('bad shapes: hostname, CIDR, TLS version, timeout range per cloud', () => {
  assert.ok(issues('aws', { domain: 'https://bt.example.com', certificate: 'managed' }).some((m) => /^ingress\.domain: a hostname like/.test(m)));
  assert.ok(issues('aws', { allowedCidrs: ['10.0.0.0/33'] }).some((m) => /^ingress\.allowedCidrs\.0: a CIDR like/.test(m)));
  assert.ok(issues('aws', { minTlsVersion: '1.0' }).some((m) => /^ingress\.minTlsVersion/.test(m)));
  assert.ok(issues('aws', { originTimeoutSeconds: 200 }).some((m) => /^ingress\.originTimeoutSeconds: 200 is above CloudFront's maximum/.test(m)));
  assert.ok(issues('azure', { originTimeoutSeconds: 10 }).some((m) => /^ingress\.originTimeoutSeconds: 10 is below Azure Front Door's minimum/.test(m)));
  assert.ok(issues('gcp', { originTimeoutSeconds: 0 }).some((m) => /^ingress\.originTimeoutSeconds/.test(m)));
});

test('per-cloud mode rules: GCP public needs a domain, AWS private needs ECS, private needs your own certificate off AWS', () => {
  assert.ok(issues('gcp', { mode: 'public' }).some((m) => /^ingress\.domain: GCP public ingress needs ingress\.domain/.test(m)));
  assert.ok(issues('aws', { mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }, { api: { runtime: 'lambda' } }).some((m) => /^ingress\.mode: .*needs the ECS runtime: set api\.runtime to ecs/.test(m)));
  assert.ok(issues('azure', { mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }).some((m) => /^ingress\.certificate: private ingress on azure uses your own certificate/.test(m)));
  assert.ok(issues('gcp', { mode: 'private' }).some((m) => /^ingress\.domain: private ingress serves HTTPS/.test(m)));
  assert.deepEqual(issues('gcp', { mode: 'private', domain: 'bt.corp.example', certificate: 'projects/p/regions/us-central1/sslCertificates/bt' }), []);
});

test('docker has no ingress section to set', () => {
  assert.ok(issues('docker', { domain: 'bt.example.com', certificate: 'managed' }).some((m) => /^ingress\.domain: docker deployments listen on localhost/.test(m)));
  assert.deepEqual(issues('docker', {}), []);
});
