// Cloud-independent ingress pieces: the DNS records read from the outputs, when install runs
// the managed-certificate phases (and resumes them), and what `allowlist` says about who can
// reach the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, type Config } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { ingressDnsRecords, validationRecords } from '../../src/deploy/ingress-dns.js';
import { installPhases } from '../../src/deploy/install-phases.js';
import { allowlistFor } from '../../src/commands/allowlist.js';

const aws = (ingress: Record<string, unknown>, extra: Record<string, unknown> = {}): Config =>
  configSchema.parse({ ...exampleConfig('aws', 'production', { name: 'bt-i', org: 'acme', region: 'us-west-2' }), ...extra, ingress });
const validation = [{ name: '_a.bt.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' }];

test('DNS records: validation first, then the endpoint; malformed entries are ignored', () => {
  const outputs = {
    certificate_validation_records: [...validation, { name: 1 }],
    domain_dns_record: { name: 'bt.example.com', type: 'CNAME', value: 'd1.cloudfront.net' },
  };
  assert.deepEqual(ingressDnsRecords(outputs), [
    { ...validation[0], purpose: 'certificate validation' },
    { name: 'bt.example.com', type: 'CNAME', value: 'd1.cloudfront.net', purpose: 'endpoint' },
  ]);
  assert.deepEqual(ingressDnsRecords({ api_url: 'https://d1.cloudfront.net' }), []);
  assert.deepEqual(validationRecords(undefined), []);
});

test('managed certificate phases: until the outputs hold this domain\'s validation records, on any run; resumed as saved', () => {
  const config = aws({ domain: 'bt.example.com', certificate: 'managed' });
  const ids = (p: { id: string }[]) => p.map((x) => x.id);
  assert.deepEqual(ids(installPhases(config, { firstInstall: true })), ['certificate', 'dns-records', 'deploy']);
  assert.deepEqual(installPhases(config, { firstInstall: true })[0].targetTypes, ['aws_acm_certificate']);
  // A domain added to an existing deployment gets the phases too.
  assert.deepEqual(ids(installPhases(config, { firstInstall: false, outputs: { api_url: 'https://d1.cloudfront.net' } })), ['certificate', 'dns-records', 'deploy']);
  const issued = { ingress_domain: 'bt.example.com', certificate_validation_records: validation };
  assert.deepEqual(ids(installPhases(config, { firstInstall: false, outputs: issued })), ['deploy']);
  // A changed domain needs a new certificate.
  assert.deepEqual(ids(installPhases(config, { firstInstall: false, outputs: { ...issued, ingress_domain: 'old.example.com' } })), ['certificate', 'dns-records', 'deploy']);
  // Resuming after phase 1 (the outputs already have the records): the saved phases continue.
  assert.deepEqual(ids(installPhases(config, { firstInstall: true, outputs: issued, resumePhases: ['certificate', 'dns-records', 'deploy'] })), ['certificate', 'dns-records', 'deploy']);
  // Never for a dry run or plan, an ARN, or another cloud.
  assert.deepEqual(ids(installPhases(config, { firstInstall: true, dryRun: true })), ['deploy']);
  assert.deepEqual(ids(installPhases(config, { firstInstall: true, planOnly: true })), ['deploy']);
  assert.deepEqual(ids(installPhases(aws({ domain: 'bt.example.com', certificate: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }), { firstInstall: true })), ['deploy']);
  const priv = aws({ mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }, { api: { runtime: 'ecs' } });
  assert.match(installPhases(priv, { firstInstall: true })[0].title, /in us-west-2/);
});

test('allowlist: the API entry says who can reach it', () => {
  const url = { api_url: 'https://bt.example.com' };
  const api = (c: Config) => allowlistFor(c, url).find((e) => e.url === 'https://bt.example.com')!;
  assert.doesNotMatch(api(aws({})).why, /ingress/);
  assert.match(api(aws({ allowedCidrs: ['203.0.113.0/24'] })).why, /\(ingress\.allowedCidrs: reachable only from 203\.0\.113\.0\/24\)$/);
  assert.match(api(aws({ mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }, { api: { runtime: 'ecs' } })).why, /\(ingress\.mode private: reachable only inside your network\)$/);
});
