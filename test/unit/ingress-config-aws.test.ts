// The AWS rules of `ingress:` (src/config/ingress-schema.ts awsIngressIssues): where the
// certificate and the web ACL must live for CloudFront (us-east-1, CLOUDFRONT scope) and for the
// private ALB (the deployment's region, REGIONAL scope), one web ACL per distribution, TLS 1.3
// only with a certificate of your own, no public Lambda standby behind private ingress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';

const base = () => exampleConfig('aws', 'production', { name: 'bt-i', org: 'acme', region: 'us-west-2' });
const issues = (ingress: unknown, extra: Record<string, unknown> = {}) => {
  const r = configSchema.safeParse({ ...base(), ...extra, ingress });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const cert = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const acl = (region: string, scope: string) => `arn:aws:wafv2:${region}:123456789012:${scope}/webacl/corp/11111111-2222-3333-4444-555555555555`;
const ecs = { api: { runtime: 'ecs' } };

test('public: the certificate ARN must be an ACM certificate in us-east-1', () => {
  assert.deepEqual(issues({ domain: 'bt.example.com', certificate: cert('us-east-1') }), []);
  const [wrongRegion] = issues({ domain: 'bt.example.com', certificate: cert('us-west-2') });
  assert.match(wrongRegion, /^ingress\.certificate: arn:aws:acm:us-west-2:\S+ is in us-west-2, but public ingress needs a certificate in us-east-1 \(CloudFront only uses certificates from there\)/);
  const [notArn] = issues({ domain: 'bt.example.com', certificate: 'my-cert' });
  assert.match(notArn, /^ingress\.certificate: my-cert is not "managed" or an ACM certificate ARN/);
});

test('private: the certificate is in the deployment region; managed is allowed', () => {
  assert.deepEqual(issues({ mode: 'private', domain: 'bt.corp.example', certificate: cert('us-west-2') }, ecs), []);
  assert.deepEqual(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }, ecs), []);
  const [m] = issues({ mode: 'private', domain: 'bt.corp.example', certificate: cert('us-east-1') }, ecs);
  assert.match(m, /^ingress\.certificate: .* is in us-east-1, but private ingress needs a certificate in the deployment's region \(us-west-2\)/);
});

test('wafAclId: a CLOUDFRONT-scope ACL for public, a REGIONAL one in the region for private', () => {
  assert.deepEqual(issues({ wafAclId: acl('us-east-1', 'global') }), []);
  assert.match(issues({ wafAclId: acl('us-west-2', 'regional') })[0], /^ingress\.wafAclId: .* is not a CLOUDFRONT-scope web ACL \(arn:aws:wafv2:us-east-1:<account>:global\/webacl\/<name>\/<id>\)/);
  assert.match(issues({ wafAclId: 'corp-acl' })[0], /^ingress\.wafAclId: corp-acl is not a CLOUDFRONT-scope web ACL/);
  const priv = { mode: 'private', domain: 'bt.corp.example', certificate: 'managed' };
  assert.deepEqual(issues({ ...priv, wafAclId: acl('us-west-2', 'regional') }, ecs), []);
  assert.match(issues({ ...priv, wafAclId: acl('us-east-1', 'global') }, ecs)[0], /^ingress\.wafAclId: .* is not a REGIONAL web ACL in us-west-2/);
});

test('public: wafAclId and allowedCidrs together are refused (one web ACL per distribution); private takes both', () => {
  const [m] = issues({ wafAclId: acl('us-east-1', 'global'), allowedCidrs: ['203.0.113.0/24'] });
  assert.match(m, /^ingress\.allowedCidrs: ingress\.allowedCidrs and ingress\.wafAclId are both set, but a CloudFront distribution takes one web ACL: add an IP set rule/);
  assert.deepEqual(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'managed', wafAclId: acl('us-west-2', 'regional'), allowedCidrs: ['10.0.0.0/8'] }, ecs), []);
});

test('TLS 1.3 on CloudFront needs a certificate of your own', () => {
  assert.match(issues({ minTlsVersion: '1.3' })[0], /^ingress\.minTlsVersion: CloudFront cannot raise the minimum TLS version on its default \*\.cloudfront\.net certificate/);
  assert.deepEqual(issues({ minTlsVersion: '1.3', domain: 'bt.example.com', certificate: 'managed' }), []);
});

test('private ingress refuses a Lambda standby (public API Gateway and function URL)', () => {
  const [m] = issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }, { api: { runtime: 'ecs', standbyRuntime: 'lambda' } });
  assert.match(m, /^ingress\.mode: private ingress cannot keep the Lambda API on standby/);
});
