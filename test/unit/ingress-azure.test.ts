// Azure rules of `ingress:` (src/config/ingress-schema.ts azureIngressIssues): each bad value is
// an issue on the field it names, with what is allowed (exit 2 through config loading).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';

const KV = 'https://bt-certs.vault.azure.net/secrets/braintrust-example-com';
const FD_WAF = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sec/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/corpwaf';
const AGW_WAF = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sec/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/corp';
const issues = (ingress: unknown) => {
  const r = configSchema.safeParse({ ...exampleConfig('azure', 'production', { name: 'bt-i', org: 'acme' }), ingress });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('valid Azure ingress settings pass', () => {
  assert.deepEqual(issues({}), []);
  assert.deepEqual(issues({ domain: 'bt.example.com', certificate: 'managed', allowedCidrs: ['203.0.113.0/24'], originTimeoutSeconds: 240 }), []);
  assert.deepEqual(issues({ domain: 'bt.example.com', certificate: KV, wafAclId: FD_WAF }), []);
  assert.deepEqual(issues({ domain: 'bt.example.com', certificate: `${KV}/0123456789abcdef0123456789abcdef` }), []);
  assert.deepEqual(issues({ mode: 'private', domain: 'bt.corp.example', certificate: KV, minTlsVersion: '1.3', wafAclId: AGW_WAF, allowedCidrs: ['10.0.0.0/8'] }), []);
});

test('certificate must be "managed" or a Key Vault secret id', () => {
  for (const bad of ['arn:aws:acm:us-east-1:1:certificate/x', 'https://bt-certs.vault.azure.net/certificates/x', 'https://example.com/secrets/x']) {
    assert.ok(issues({ domain: 'bt.example.com', certificate: bad }).some((m) => m.startsWith(`ingress.certificate: ${bad} is not a Key Vault secret id`)), bad);
  }
});

test('wafAclId must be the WAF policy kind of the mode: Front Door (public) or Application Gateway (private)', () => {
  assert.ok(issues({ wafAclId: AGW_WAF }).some((m) => /^ingress\.wafAclId: .* is not a Front Door WAF policy id/.test(m)));
  assert.ok(issues({ mode: 'private', domain: 'bt.corp.example', certificate: KV, wafAclId: FD_WAF }).some((m) => /^ingress\.wafAclId: .* is not an Application Gateway WAF policy id/.test(m)));
});

test('public: allowedCidrs with an existing WAF policy, and a TLS 1.3 minimum, are errors naming the fields', () => {
  assert.ok(issues({ wafAclId: FD_WAF, allowedCidrs: ['203.0.113.0/24'] }).some((m) => /^ingress\.allowedCidrs: ingress\.allowedCidrs and ingress\.wafAclId are both set/.test(m)));
  assert.ok(issues({ minTlsVersion: '1.3', domain: 'bt.example.com', certificate: 'managed' }).some((m) => /^ingress\.minTlsVersion: Azure Front Door custom domains take a minimum of TLS 1\.2/.test(m)));
});
