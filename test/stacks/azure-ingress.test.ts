// Azure ingress, synthesized per mode: Front Door Premium with Private Link (public, the
// default) and an internal Application Gateway (private). What a reviewer checks: HTTPS only,
// the certificate, the WAF rules, the timeouts, the DNS records install prints, and that the
// first install's infrastructure phase leaves out what needs the Helm release.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktf';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/azure/index.js';
import { omitReleases } from '../../stacks/common/release.js';
import { frontDoorPrivateLinkMessage } from '../../src/config/ingress-schema.js';
import { assertReferencesResolve, onlyResource, resourcesOf } from '../helpers/terraform-json.js';
import { AZURE_PRODUCTION, AZURE_TESTING, fixtureConfig, releaseValues, stackSynth } from '../helpers/stack-fixtures.js';

const synth = stackSynth(buildStack);
const KV_SECRET = 'https://bt-certs.vault.azure.net/secrets/braintrust-example-com';
const WAF_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sec/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/corpwaf';

const withIngress = (ingress: Record<string, unknown>, base = AZURE_PRODUCTION) => fixtureConfig(base, (c) => { (c as any).ingress = ingress; });
const output = (json: TerraformJson, name: string) => (json.output as Record<string, { value: unknown }>)[name]?.value;
const apiAnnotations = (json: TerraformJson) => releaseValues(onlyResource(json, 'helm_release')).api.annotations.service as Record<string, string>;

/** Every depends_on entry names a declared resource (references in ${} are checked separately). */
function assertDependsOnResolve(json: TerraformJson): void {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const n of Object.keys(byName)) declared.add(`${type}.${n}`);
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [n, r] of Object.entries(byName)) {
      for (const d of ((r as { depends_on?: string[] }).depends_on ?? [])) assert.ok(declared.has(d), `${type}.${n} depends on undeclared ${d}`);
    }
  }
}

describe('azure ingress: public (Front Door Premium + Private Link), the default', () => {
  const json = synth(fixtureConfig(AZURE_PRODUCTION));

  it('builds a Premium profile whose origin response timeout is ingress.originTimeoutSeconds', () => {
    const profile = onlyResource(json, 'azurerm_cdn_frontdoor_profile') as any;
    assert.equal(profile.sku_name, 'Premium_AzureFrontDoor');
    assert.equal(profile.response_timeout_seconds, 60);
    const custom = synth(withIngress({ originTimeoutSeconds: 240 }));
    assert.equal((onlyResource(custom, 'azurerm_cdn_frontdoor_profile') as any).response_timeout_seconds, 240);
  });

  it('reaches the API internal load balancer through the Private Link Service AKS creates from the Service annotations', () => {
    const origin = onlyResource(json, 'azurerm_cdn_frontdoor_origin') as any;
    assert.equal(origin.host_name, '${cidrhost(cidrsubnet("10.175.0.0/20", 4, 6), 10)}');
    assert.equal(origin.http_port, 8000);
    assert.equal(origin.private_link.request_message, frontDoorPrivateLinkMessage('bt-prod'));
    assert.match(origin.private_link.private_link_target_id, /^\$\{azurerm_resource_group\.group\.id\}\/providers\/Microsoft\.Network\/privateLinkServices\/bt-prod-aks-api-pls$/);
    assert.ok(origin.depends_on.some((d: string) => d.startsWith('helm_release.')), 'the origin waits for the release that creates the Service');
    const a = apiAnnotations(json);
    assert.equal(a['service.beta.kubernetes.io/azure-load-balancer-internal'], 'true');
    assert.equal(a['service.beta.kubernetes.io/azure-pls-create'], 'true');
    assert.equal(a['service.beta.kubernetes.io/azure-pls-name'], 'bt-prod-aks-api-pls');
    assert.equal(a['service.beta.kubernetes.io/azure-pls-resource-group'], '${azurerm_resource_group.group.name}');
    assert.match(a['service.beta.kubernetes.io/azure-pls-ip-configuration-subnet'], /^\$\{azurerm_subnet\.front-door_pls-subnet_[A-Z0-9]+\.name\}$/);
    const subnet = resourcesOf(json, 'azurerm_subnet').find(([n]) => n.includes('pls-subnet'))![1] as any;
    assert.equal(subnet.private_link_service_network_policies_enabled, false);
    assert.equal(output(json, 'private_link_service_id'), origin.private_link.private_link_target_id);
  });

  it('serves HTTPS only: the one route redirects HTTP and forwards to the private origin', () => {
    const route = onlyResource(json, 'azurerm_cdn_frontdoor_route') as any;
    assert.deepEqual(route.supported_protocols, ['Http', 'Https']);
    assert.equal(route.https_redirect_enabled, true, 'plain HTTP only ever gets a redirect');
    assert.equal(route.forwarding_protocol, 'HttpOnly', 'to the origin, inside Private Link');
    assert.deepEqual(route.patterns_to_match, ['/*']);
    assert.equal(route.cache, undefined, 'API responses are never cached');
  });

  it('api_url is the endpoint hostname over HTTPS without a domain, and the API knows it', () => {
    const endpoint = resourcesOf(json, 'azurerm_cdn_frontdoor_endpoint')[0][0];
    assert.equal(output(json, 'api_url'), `https://\${azurerm_cdn_frontdoor_endpoint.${endpoint}.host_name}`);
    assert.equal(output(json, 'api_internal_url'), 'http://${cidrhost(cidrsubnet("10.175.0.0/20", 4, 6), 10)}:8000');
    assert.equal(output(json, 'dns_records'), undefined);
    assert.equal(resourcesOf(json, 'azurerm_cdn_frontdoor_custom_domain').length, 0);
    assert.equal(resourcesOf(json, 'azurerm_cdn_frontdoor_security_policy').length, 0, 'no WAF unless asked for');
    assert.equal(resourcesOf(json, 'azurerm_application_gateway').length, 0);
    assertReferencesResolve(json);
    assertDependsOnResolve(json);
  });

  it('a custom domain with a managed certificate: TLS 1.2 minimum, associated with the route, TXT and CNAME records as outputs', () => {
    const d = synth(withIngress({ domain: 'braintrust.example.com', certificate: 'managed' }));
    const domain = onlyResource(d, 'azurerm_cdn_frontdoor_custom_domain') as any;
    assert.equal(domain.host_name, 'braintrust.example.com');
    assert.deepEqual(domain.tls, { certificate_type: 'ManagedCertificate', minimum_tls_version: 'TLS12' });
    const [domainName] = resourcesOf(d, 'azurerm_cdn_frontdoor_custom_domain')[0];
    const route = onlyResource(d, 'azurerm_cdn_frontdoor_route') as any;
    assert.deepEqual(route.cdn_frontdoor_custom_domain_ids, [`\${azurerm_cdn_frontdoor_custom_domain.${domainName}.id}`]);
    const assoc = onlyResource(d, 'azurerm_cdn_frontdoor_custom_domain_association') as any;
    assert.equal(assoc.cdn_frontdoor_custom_domain_id, `\${azurerm_cdn_frontdoor_custom_domain.${domainName}.id}`);
    assert.equal(output(d, 'api_url'), 'https://braintrust.example.com');
    const [endpoint] = resourcesOf(d, 'azurerm_cdn_frontdoor_endpoint')[0];
    assert.deepEqual(output(d, 'dns_records'), [
      `_dnsauth.braintrust.example.com TXT \${azurerm_cdn_frontdoor_custom_domain.${domainName}.validation_token}`,
      `braintrust.example.com CNAME \${azurerm_cdn_frontdoor_endpoint.${endpoint}.host_name}`,
    ]);
    assertReferencesResolve(d);
  });

  it('a Key Vault certificate becomes a Front Door secret the domain uses (CNAME only)', () => {
    const d = synth(withIngress({ domain: 'braintrust.example.com', certificate: KV_SECRET }));
    const secret = onlyResource(d, 'azurerm_cdn_frontdoor_secret') as any;
    assert.deepEqual(secret.secret.customer_certificate, [{ key_vault_certificate_id: KV_SECRET }]);
    const domain = onlyResource(d, 'azurerm_cdn_frontdoor_custom_domain') as any;
    assert.equal(domain.tls.certificate_type, 'CustomerCertificate');
    assert.match(domain.tls.cdn_frontdoor_secret_id, /^\$\{azurerm_cdn_frontdoor_secret\./);
    assert.deepEqual((output(d, 'dns_records') as string[]).map((r) => r.split(' ')[1]), ['CNAME']);
    assertReferencesResolve(d);
  });

  it('allowedCidrs: a Premium WAF policy that blocks every other client address, on the endpoint and the domain', () => {
    const d = synth(withIngress({ allowedCidrs: ['203.0.113.0/24', '198.51.100.7/32'], domain: 'braintrust.example.com', certificate: 'managed' }));
    const waf = onlyResource(d, 'azurerm_cdn_frontdoor_firewall_policy') as any;
    assert.equal(waf.sku_name, 'Premium_AzureFrontDoor');
    assert.equal(waf.mode, 'Prevention');
    assert.match(waf.name, /^[A-Za-z][A-Za-z0-9]*$/);
    assert.equal(waf.custom_rule.length, 1);
    const rule = waf.custom_rule[0];
    assert.equal(rule.action, 'Block');
    assert.deepEqual(rule.match_condition, [{ match_variable: 'SocketAddr', operator: 'IPMatch', negation_condition: true, match_values: ['203.0.113.0/24', '198.51.100.7/32'] }]);
    const policy = onlyResource(d, 'azurerm_cdn_frontdoor_security_policy') as any;
    const firewall = policy.security_policies.firewall;
    assert.match(firewall.cdn_frontdoor_firewall_policy_id, /^\$\{azurerm_cdn_frontdoor_firewall_policy\./);
    const domains = firewall.association.domain.map((x: any) => x.cdn_frontdoor_domain_id);
    assert.equal(domains.length, 2);
    assert.ok(domains.some((x: string) => x.includes('azurerm_cdn_frontdoor_endpoint.')));
    assert.ok(domains.some((x: string) => x.includes('azurerm_cdn_frontdoor_custom_domain.')));
    assertReferencesResolve(d);
  });

  it('wafAclId: the existing policy is attached and none is created', () => {
    const d = synth(withIngress({ wafAclId: WAF_ID }));
    assert.equal(resourcesOf(d, 'azurerm_cdn_frontdoor_firewall_policy').length, 0);
    const policy = onlyResource(d, 'azurerm_cdn_frontdoor_security_policy') as any;
    assert.equal(policy.security_policies.firewall.cdn_frontdoor_firewall_policy_id, WAF_ID);
  });

  it('the infrastructure phase leaves out the release and what needs it (origin, route, domain association), and still resolves', () => {
    const app = Testing.app();
    const stack = buildStack(app, withIngress({ domain: 'braintrust.example.com', certificate: 'managed' }));
    omitReleases(stack);
    const infra = JSON.parse(Testing.synth(stack)) as TerraformJson;
    for (const type of ['helm_release', 'azurerm_cdn_frontdoor_origin', 'azurerm_cdn_frontdoor_route', 'azurerm_cdn_frontdoor_custom_domain_association']) {
      assert.equal(resourcesOf(infra, type).length, 0, `${type} waits for the application phase`);
    }
    for (const type of ['azurerm_cdn_frontdoor_profile', 'azurerm_cdn_frontdoor_endpoint', 'azurerm_cdn_frontdoor_custom_domain']) {
      assert.equal(resourcesOf(infra, type).length, 1, `${type} is infrastructure`);
    }
    assertReferencesResolve(infra);
    assertDependsOnResolve(infra);
  });
});

describe('azure ingress: private (internal Application Gateway)', () => {
  const config = withIngress({ mode: 'private', domain: 'braintrust.corp.example', certificate: KV_SECRET, originTimeoutSeconds: 120 });
  const json = synth(config);

  it('has no Front Door, and one private-only HTTPS listener for the domain with the Key Vault certificate', () => {
    assert.equal(Object.keys(json.resource ?? {}).filter((t) => t.startsWith('azurerm_cdn_frontdoor')).length, 0);
    const gw = onlyResource(json, 'azurerm_application_gateway') as any;
    assert.deepEqual(gw.sku, { name: 'Standard_v2', tier: 'Standard_v2' });
    assert.equal(gw.frontend_ip_configuration.length, 1);
    assert.equal(gw.frontend_ip_configuration[0].public_ip_address_id, undefined, 'no public frontend');
    assert.equal(gw.frontend_ip_configuration[0].private_ip_address_allocation, 'Static');
    assert.deepEqual(gw.frontend_port, [{ name: 'https', port: 443 }]);
    assert.equal(gw.http_listener.length, 1, 'no HTTP listener');
    assert.equal(gw.http_listener[0].protocol, 'Https');
    assert.equal(gw.http_listener[0].host_name, 'braintrust.corp.example');
    assert.deepEqual(gw.ssl_certificate, [{ name: 'api', key_vault_secret_id: KV_SECRET }]);
    assert.deepEqual(gw.ssl_policy, { policy_type: 'Predefined', policy_name: 'AppGwSslPolicy20220101S' });
    assert.equal(gw.identity.type, 'UserAssigned');
    const grant = resourcesOf(json, 'azurerm_role_assignment').map(([, r]) => r as any).find((r) => r.role_definition_name === 'Key Vault Secrets User' && /app-gateway_identity/.test(r.principal_id));
    assert.ok(grant, 'the gateway identity reads the certificate');
    assert.match(grant.scope, /^\$\{data\.azurerm_resources\.app-gateway_certificate-vault_[A-Z0-9]+\.resources\[0\]\.id\}$/);
    const vault = resourcesOf({ resource: json.data } as TerraformJson, 'azurerm_resources')[0][1] as any;
    assert.deepEqual([vault.type, vault.name], ['Microsoft.KeyVault/vaults', 'bt-certs']);
  });

  it('forwards to the API internal load balancer with the origin timeout, and the API Service gets no Private Link Service', () => {
    const gw = onlyResource(json, 'azurerm_application_gateway') as any;
    assert.deepEqual(gw.backend_address_pool[0].ip_addresses, ['${cidrhost(cidrsubnet("10.175.0.0/20", 4, 6), 10)}']);
    assert.equal(gw.backend_http_settings[0].request_timeout, 120);
    assert.equal(gw.backend_http_settings[0].port, 8000);
    assert.equal(apiAnnotations(json)['service.beta.kubernetes.io/azure-pls-create'], undefined);
  });

  it('api_url is https://<domain>, and the A record to create points at the gateway private address', () => {
    assert.equal(output(json, 'api_url'), 'https://braintrust.corp.example');
    const address = '${cidrhost(cidrsubnet("10.175.0.0/20", 4, 8), 10)}';
    assert.equal((onlyResource(json, 'azurerm_application_gateway') as any).frontend_ip_configuration[0].private_ip_address, address);
    assert.deepEqual(output(json, 'dns_records'), [`braintrust.corp.example A ${address}`]);
    assertReferencesResolve(json);
    assertDependsOnResolve(json);
  });

  it('admits HTTPS from the VNet by default, from allowedCidrs only when set', () => {
    const rules = (j: TerraformJson) => resourcesOf(j, 'azurerm_network_security_rule').map(([, r]) => r as any);
    const byDefault = rules(json).find((r) => r.destination_port_range === '443');
    assert.equal(byDefault.source_address_prefix, 'VirtualNetwork');
    const limited = synth(withIngress({ mode: 'private', domain: 'braintrust.corp.example', certificate: KV_SECRET, allowedCidrs: ['10.50.0.0/16'] }));
    const https = rules(limited).filter((r) => r.destination_port_range === '443');
    assert.equal(https.length, 1);
    assert.deepEqual([https[0].access, https[0].source_address_prefixes], ['Allow', ['10.50.0.0/16']]);
    const deny = rules(limited).find((r) => r.access === 'Deny');
    assert.deepEqual([deny.source_address_prefix, deny.destination_port_range, deny.priority > https[0].priority], ['*', '*', true]);
  });

  it('TLS 1.3 minimum through a CustomV2 SSL policy; an App Gateway WAF policy switches to WAF_v2', () => {
    const appGwWaf = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sec/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/corp';
    const j = synth(withIngress({ mode: 'private', domain: 'braintrust.corp.example', certificate: KV_SECRET, minTlsVersion: '1.3', wafAclId: appGwWaf }, AZURE_TESTING));
    const gw = onlyResource(j, 'azurerm_application_gateway') as any;
    assert.deepEqual(gw.ssl_policy, { policy_type: 'CustomV2', min_protocol_version: 'TLSv1_3' });
    assert.deepEqual(gw.sku, { name: 'WAF_v2', tier: 'WAF_v2' });
    assert.equal(gw.firewall_policy_id, appGwWaf);
    assert.equal(gw.zones, undefined, 'testing: one zone');
  });
});
