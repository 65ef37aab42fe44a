// GCP HTTPS ingress (`ingress:`): the synthesized Terraform (address, certificate, SSL policy,
// Cloud Armor, proxy-only subnet, firewall) and the GKE Gateway objects the ingress chart's
// release carries, per mode; and the default (no domain), which keeps the internal endpoint.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ConfigInput } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { synthDeployment } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/gcp/index.js';
import { INGRESS_CHART_DIR } from '../../stacks/gcp/ingress-chart.js';
import { PROXY_ONLY_CIDR } from '../../src/config/ingress-gcp.js';
import { assertReferencesResolve, onlyResource, resourcesOf } from '../helpers/terraform-json.js';
import { fixtureConfig, releaseValues, stackSynth, GCP_PRODUCTION, GCP_TESTING } from '../helpers/stack-fixtures.js';

const synth = stackSynth(buildStack);
const withIngress = (base: ConfigInput, ingress: Record<string, unknown>) =>
  fixtureConfig(base, (c) => { (c as Record<string, unknown>).ingress = ingress; });

const CIDRS = Array.from({ length: 12 }, (_, i) => `203.0.${i}.0/24`);
const publicManaged = synth(withIngress(GCP_PRODUCTION, {
  domain: 'braintrust.example.com', certificate: 'managed', allowedCidrs: CIDRS, originTimeoutSeconds: 120,
}));
const publicExisting = synth(withIngress(GCP_TESTING, {
  mode: 'public', domain: 'bt.example.com', certificate: 'projects/acme-braintrust/global/sslCertificates/bt-cert',
  wafAclId: 'projects/acme-braintrust/global/securityPolicies/corp-armor', minTlsVersion: '1.3',
}));
const privateMode = synth(withIngress(GCP_PRODUCTION, {
  mode: 'private', domain: 'braintrust.corp.example', certificate: 'projects/acme-braintrust/regions/us-central1/sslCertificates/corp-bt',
}));
const none = synth(fixtureConfig(GCP_PRODUCTION));

function release(json: TerraformJson, chart: string): any {
  const found = resourcesOf(json, 'helm_release').filter(([, r]) => r.chart === chart);
  assert.ok(found.length <= 1);
  return found[0]?.[1];
}
const braintrustValues = (json: TerraformJson) => releaseValues(release(json, 'braintrust'));
const ingressRelease = (json: TerraformJson) => release(json, `./${INGRESS_CHART_DIR}`);
function objects(json: TerraformJson): Record<string, any> {
  const values = releaseValues(ingressRelease(json));
  return Object.fromEntries((values.objects as any[]).map((o) => [o.kind, o]));
}
/** Global addresses other than the private services (VPC peering) range. */
const externalAddresses = (json: TerraformJson) =>
  resourcesOf(json, 'google_compute_global_address').filter(([, a]) => a.purpose !== 'VPC_PEERING');
const ref = (type: string, json: TerraformJson, attr: string) => {
  const all = type === 'google_compute_global_address' ? externalAddresses(json) : resourcesOf(json, type);
  assert.equal(all.length, 1, type);
  return `\${${type}.${all[0][0]}.${attr}}`;
};

describe('gcp ingress: none configured (no domain)', () => {
  it('keeps the internal passthrough endpoint: LoadBalancer Service on the reserved internal address, http api_url', () => {
    const api = braintrustValues(none).api;
    assert.equal(api.service.type, 'LoadBalancer');
    assert.equal(api.annotations.service['networking.gke.io/load-balancer-type'], 'Internal');
    assert.match(String(none.output?.api_url.value), /^http:\/\/\$\{google_compute_address\.[^.]+\.address\}:8000$/);
    assert.equal(onlyResource(none, 'google_compute_address').purpose, 'SHARED_LOADBALANCER_VIP');
  });

  it('adds no Gateway, certificate, policy or ingress release, and leaves the Gateway API off', () => {
    assert.equal(externalAddresses(none).length, 0);
    for (const type of ['google_compute_managed_ssl_certificate', 'google_compute_ssl_policy',
      'google_compute_region_ssl_policy', 'google_compute_security_policy', 'google_compute_firewall']) {
      assert.equal(resourcesOf(none, type).length, 0, type);
    }
    assert.equal(ingressRelease(none), undefined);
    assert.equal((onlyResource(none, 'google_container_cluster') as any).gateway_api_config, undefined);
    assert.equal(resourcesOf(none, 'google_compute_subnetwork').length, 1);
    assert.equal(none.output?.dns_records, undefined);
  });
});

describe('gcp ingress: public', () => {
  it('reserves a global external IPv4 address and names it on the Gateway', () => {
    assert.equal(externalAddresses(publicManaged).length, 1);
    const address = externalAddresses(publicManaged)[0][1] as any;
    assert.equal(address.address_type, 'EXTERNAL');
    assert.equal(address.ip_version, 'IPV4');
    const gw = objects(publicManaged).Gateway;
    assert.equal(gw.spec.gatewayClassName, 'gke-l7-global-external-managed', 'global external Application Load Balancer (EXTERNAL_MANAGED)');
    assert.deepEqual(gw.spec.addresses, [{ type: 'NamedAddress', value: ref('google_compute_global_address', publicManaged, 'name') }]);
  });

  it('issues a Google-managed certificate for the domain and presents it on the only listener: HTTPS 443', () => {
    const cert = onlyResource(publicManaged, 'google_compute_managed_ssl_certificate') as any;
    assert.deepEqual(cert.managed.domains, ['braintrust.example.com']);
    assert.equal(cert.lifecycle.create_before_destroy, true);
    const { listeners } = objects(publicManaged).Gateway.spec;
    assert.equal(listeners.length, 1, 'no HTTP listener: GKE creates no port-80 forwarding rule');
    assert.equal(listeners[0].protocol, 'HTTPS');
    assert.equal(listeners[0].port, 443);
    assert.equal(listeners[0].hostname, 'braintrust.example.com');
    assert.equal(listeners[0].tls.mode, 'Terminate');
    assert.equal(listeners[0].tls.options['networking.gke.io/pre-shared-certs'], ref('google_compute_managed_ssl_certificate', publicManaged, 'name'));
  });

  it('nothing serves plain HTTP to the outside: ClusterIP API Service, no internal address, no HTTP listener, firewall only from Google ranges', () => {
    for (const json of [publicManaged, publicExisting]) {
      const api = braintrustValues(json).api;
      assert.equal(api.service.type, 'ClusterIP');
      assert.deepEqual(api.annotations.service, {});
      assert.equal(resourcesOf(json, 'google_compute_address').length, 0);
      for (const o of (releaseValues(ingressRelease(json)).objects as any[])) {
        for (const l of o.spec.listeners ?? []) assert.equal(l.protocol, 'HTTPS');
      }
      assert.equal(resourcesOf(json, 'google_compute_global_forwarding_rule').length, 0);
      const fw = onlyResource(json, 'google_compute_firewall') as any;
      assert.deepEqual(fw.source_ranges, ['35.191.0.0/16', '130.211.0.0/22']);
      assert.deepEqual(fw.allow, [{ protocol: 'tcp', ports: ['8000'] }]);
    }
  });

  it('SSL policy from minTlsVersion: 1.2 MODERN, 1.3 RESTRICTED; attached by GCPGatewayPolicy', () => {
    const p12 = onlyResource(publicManaged, 'google_compute_ssl_policy') as any;
    assert.equal(p12.min_tls_version, 'TLS_1_2');
    assert.equal(p12.profile, 'MODERN');
    const p13 = onlyResource(publicExisting, 'google_compute_ssl_policy') as any;
    assert.equal(p13.min_tls_version, 'TLS_1_3');
    assert.equal(p13.profile, 'RESTRICTED');
    const gp = objects(publicManaged).GCPGatewayPolicy;
    assert.equal(gp.spec.default.sslPolicy, ref('google_compute_ssl_policy', publicManaged, 'name'));
    assert.deepEqual(gp.spec.targetRef, { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'braintrust-api' });
  });

  it('Cloud Armor allow-list from allowedCidrs (10 ranges a rule), default rule deny, on the API backend with the origin timeout', () => {
    const armor = onlyResource(publicManaged, 'google_compute_security_policy') as any;
    assert.equal(armor.type, 'CLOUD_ARMOR');
    const allow = armor.rule.filter((r: any) => r.action === 'allow');
    assert.deepEqual(allow.flatMap((r: any) => r.match.config.src_ip_ranges), CIDRS);
    assert.ok(allow.every((r: any) => r.match.versioned_expr === 'SRC_IPS_V1' && r.match.config.src_ip_ranges.length <= 10));
    const dflt = armor.rule.find((r: any) => r.priority === 2147483647);
    assert.equal(dflt.action, 'deny(403)');
    assert.deepEqual(dflt.match.config.src_ip_ranges, ['*']);
    const bp = objects(publicManaged).GCPBackendPolicy;
    assert.deepEqual(bp.spec.targetRef, { group: '', kind: 'Service', name: 'braintrust-api' });
    assert.equal(bp.spec.default.securityPolicy, ref('google_compute_security_policy', publicManaged, 'name'));
    assert.equal(bp.spec.default.timeoutSec, 120);
  });

  it('an existing certificate and Cloud Armor policy are used by name, nothing created for them', () => {
    assert.equal(resourcesOf(publicExisting, 'google_compute_managed_ssl_certificate').length, 0);
    assert.equal(resourcesOf(publicExisting, 'google_compute_security_policy').length, 0);
    const o = objects(publicExisting);
    assert.equal(o.Gateway.spec.listeners[0].tls.options['networking.gke.io/pre-shared-certs'], 'bt-cert');
    assert.equal(o.GCPBackendPolicy.spec.default.securityPolicy, 'corp-armor');
    assert.equal(o.GCPBackendPolicy.spec.default.timeoutSec, 60);
  });

  it('routes the domain to the API Service with a health check on its readiness path', () => {
    const o = objects(publicManaged);
    assert.deepEqual(o.HTTPRoute.spec.parentRefs, [{ name: 'braintrust-api' }]);
    assert.deepEqual(o.HTTPRoute.spec.hostnames, ['braintrust.example.com']);
    assert.deepEqual(o.HTTPRoute.spec.rules, [{ backendRefs: [{ name: 'braintrust-api', port: 8000 }] }]);
    assert.deepEqual(o.HealthCheckPolicy.spec.default.config, { type: 'HTTP', httpHealthCheck: { port: 8000, requestPath: '/' } });
    for (const obj of Object.values(o)) assert.equal(obj.metadata.namespace, 'braintrust');
    assert.equal(braintrustValues(publicManaged).api.name, 'braintrust-api', 'the Service name the objects target');
  });

  it('enables the Gateway API and releases the ingress chart after the Braintrust release and the Google resources', () => {
    assert.deepEqual((onlyResource(publicManaged, 'google_container_cluster') as any).gateway_api_config, { channel: 'CHANNEL_STANDARD' });
    const r = ingressRelease(publicManaged);
    assert.equal(r.namespace, 'braintrust');
    assert.equal(r.name, 'braintrust-ingress');
    const [[braintrust]] = resourcesOf(publicManaged, 'helm_release').filter(([, x]) => x.chart === 'braintrust');
    assert.ok(r.depends_on.includes(`helm_release.${braintrust}`));
    assert.equal(externalAddresses(none).length, 0);
    for (const type of ['google_compute_managed_ssl_certificate', 'google_compute_ssl_policy', 'google_compute_security_policy', 'google_compute_firewall']) {
      assert.ok(r.depends_on.some((d: string) => d.startsWith(`${type}.`)), type);
    }
  });

  it('outputs the https api_url, the address and the DNS record to create; every reference resolves', () => {
    assert.equal(publicManaged.output?.api_url.value, 'https://braintrust.example.com');
    const ip = ref('google_compute_global_address', publicManaged, 'address');
    assert.equal(publicManaged.output?.ingress_address.value, ip);
    assert.deepEqual(publicManaged.output?.dns_records.value, [`braintrust.example.com A ${ip}`]);
    for (const json of [publicManaged, publicExisting, privateMode, none]) assertReferencesResolve(json);
  });
});

describe('gcp ingress: private', () => {
  it('regional internal Application Load Balancer: gke-l7-rilb, proxy-only subnet, internal address in the cluster subnet', () => {
    const subnets = resourcesOf(privateMode, 'google_compute_subnetwork').map(([, s]) => s as any);
    const proxy = subnets.find((s) => s.purpose === 'REGIONAL_MANAGED_PROXY');
    assert.ok(proxy, 'a proxy-only subnet');
    assert.equal(proxy.role, 'ACTIVE');
    assert.equal(proxy.region, 'us-central1');
    assert.equal(proxy.ip_cidr_range, PROXY_ONLY_CIDR);
    const address = onlyResource(privateMode, 'google_compute_address') as any;
    assert.equal(address.address_type, 'INTERNAL');
    assert.equal(address.purpose, 'SHARED_LOADBALANCER_VIP');
    assert.match(address.subnetwork, /^\$\{google_compute_subnetwork\.[^.]+\.id\}$/);
    assert.notEqual(address.subnetwork, `\${google_compute_subnetwork.${resourcesOf(privateMode, 'google_compute_subnetwork').find(([, s]) => (s as any).purpose)![0]}.id}`);
    assert.equal(externalAddresses(privateMode).length, 0);
    const gw = objects(privateMode).Gateway;
    assert.equal(gw.spec.gatewayClassName, 'gke-l7-rilb');
    assert.deepEqual(gw.spec.addresses, [{ type: 'NamedAddress', value: ref('google_compute_address', privateMode, 'name') }]);
  });

  it("presents the user's regional certificate over HTTPS only, with a regional SSL policy, and no Cloud Armor", () => {
    assert.equal(resourcesOf(privateMode, 'google_compute_managed_ssl_certificate').length, 0);
    assert.equal(resourcesOf(privateMode, 'google_compute_security_policy').length, 0);
    const policy = onlyResource(privateMode, 'google_compute_region_ssl_policy') as any;
    assert.equal(policy.region, 'us-central1');
    assert.equal(policy.min_tls_version, 'TLS_1_2');
    const o = objects(privateMode);
    assert.deepEqual(o.Gateway.spec.listeners.map((l: any) => [l.protocol, l.port]), [['HTTPS', 443]]);
    assert.equal(o.Gateway.spec.listeners[0].tls.options['networking.gke.io/pre-shared-certs'], 'corp-bt');
    assert.equal(o.GCPGatewayPolicy.spec.default.sslPolicy, ref('google_compute_region_ssl_policy', privateMode, 'name'));
    assert.equal(o.GCPBackendPolicy.spec.default.securityPolicy, undefined);
    assert.equal(braintrustValues(privateMode).api.service.type, 'ClusterIP');
    const fw = onlyResource(privateMode, 'google_compute_firewall') as any;
    assert.ok(fw.source_ranges.includes(PROXY_ONLY_CIDR));
  });

  it('outputs the https api_url and the A record for the private DNS zone', () => {
    assert.equal(privateMode.output?.api_url.value, 'https://braintrust.corp.example');
    const ip = ref('google_compute_address', privateMode, 'address');
    assert.deepEqual(privateMode.output?.dns_records.value, [`braintrust.corp.example A ${ip}`]);
    assert.match(String(privateMode.output?.dns_records.description), /private DNS/);
  });
});

describe('gcp ingress: synth writes the chart the release points at', () => {
  it('writes Chart.yaml, values.yaml and the objects template (0600) beside cdk.tf.json, bundle and modules alike', async () => {
    const config = withIngress(GCP_TESTING, { domain: 'bt.example.com', certificate: 'managed' });
    const dir = await mkdtemp(join(tmpdir(), 'bt-gcp-ingress-'));
    try {
      for (const engine of ['bundle', 'modules'] as const) {
        const out = join(dir, engine);
        const r = await synthDeployment(config, out, { engine });
        const chartDir = join(r.stackDir, INGRESS_CHART_DIR);
        const chart = parse(await readFile(join(chartDir, 'Chart.yaml'), 'utf8'));
        assert.equal(chart.apiVersion, 'v2');
        assert.equal(chart.name, 'braintrust-gke-ingress');
        assert.match(await readFile(join(chartDir, 'templates', 'objects.yaml'), 'utf8'), /range \.Values\.objects/);
        assert.equal((await stat(join(chartDir, 'Chart.yaml'))).mode & 0o777, 0o600);
        assert.ok(r.files.includes(join(chartDir, 'Chart.yaml')));
        assert.equal(ingressRelease(r.json).chart, `./${INGRESS_CHART_DIR}`, 'relative to the directory terraform runs in');
      }
      // The phased first install's infrastructure phase drops every helm_release, this one too.
      const infra = await synthDeployment(config, join(dir, 'infra'), { omitApplication: true });
      assert.equal(resourcesOf(infra.json, 'helm_release').length, 0);
      assertReferencesResolve(infra.json);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
