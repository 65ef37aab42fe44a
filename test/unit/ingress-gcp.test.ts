// GCP rules of `ingress:` (certificate and Cloud Armor references, what private mode cannot
// take, the proxy-only subnet range), the doctor warning for the internal HTTP endpoint, and
// the DNS record lines install prints.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, type Config } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { cidrsOverlap, gceNameOf, PROXY_ONLY_CIDR } from '../../src/config/ingress-gcp.js';
import { gcpIngressCheck } from '../../src/doctor/checks/gcp-ingress.js';
import type { DoctorContext } from '../../src/doctor/types.js';
import { dnsRecordLines } from '../../src/deploy/ingress-dns.js';
import type { DeploymentPlan } from '../../src/deploy/plan.js';
import { renderMessage } from '../helpers/io-capture.js';

const base = () => ({ ...exampleConfig('gcp', 'production', { name: 'bt-g', org: 'acme' }), region: 'us-central1', account: { gcpProject: 'acme-bt' } });
const issues = (ingress: unknown, extra: Record<string, unknown> = {}) => {
  const r = configSchema.safeParse({ ...base(), ...extra, ingress });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const has = (list: string[], re: RegExp) => assert.ok(list.some((m) => re.test(m)), `${re} in ${JSON.stringify(list)}`);

describe('gcp ingress config', () => {
  it('accepts managed, a name or a global certificate in the project (public); a name or a regional one in the region (private)', () => {
    for (const certificate of ['managed', 'bt-cert', 'projects/acme-bt/global/sslCertificates/bt-cert']) {
      assert.deepEqual(issues({ domain: 'bt.example.com', certificate }), [], certificate);
    }
    for (const certificate of ['corp-bt', 'projects/acme-bt/regions/us-central1/sslCertificates/corp-bt']) {
      assert.deepEqual(issues({ mode: 'private', domain: 'bt.corp.example', certificate }), [], certificate);
    }
  });

  it('rejects certificates the Gateway cannot use, naming ingress.certificate', () => {
    has(issues({ domain: 'bt.example.com', certificate: 'projects/acme-bt/regions/us-central1/sslCertificates/c' }), /^ingress\.certificate: .*regional SSL certificate; public ingress on GCP is a global/);
    has(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'projects/acme-bt/global/sslCertificates/c' }), /^ingress\.certificate: .*global SSL certificate; private ingress on GCP is a regional/);
    has(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'projects/acme-bt/regions/europe-west1/sslCertificates/c' }), /^ingress\.certificate: .*in region europe-west1, but the deployment .* is in us-central1/);
    has(issues({ domain: 'bt.example.com', certificate: 'projects/other/global/sslCertificates/c' }), /^ingress\.certificate: .*in project other, but the deployment is in acme-bt \(account\.gcpProject\)/);
    has(issues({ domain: 'bt.example.com', certificate: 'arn:aws:acm:us-east-1:1:certificate/x' }), /^ingress\.certificate: .* is not a GCP SSL certificate/);
  });

  it('Cloud Armor: a policy name or id; not together with allowedCidrs; neither in private mode or without a domain', () => {
    assert.deepEqual(issues({ domain: 'bt.example.com', certificate: 'managed', wafAclId: 'projects/acme-bt/global/securityPolicies/armor' }), []);
    has(issues({ domain: 'bt.example.com', certificate: 'managed', wafAclId: 'Not A Policy' }), /^ingress\.wafAclId: .*is not a Cloud Armor security policy/);
    has(issues({ domain: 'bt.example.com', certificate: 'managed', wafAclId: 'armor', allowedCidrs: ['203.0.113.0/24'] }), /^ingress\.allowedCidrs: ingress\.wafAclId and ingress\.allowedCidrs are both set/);
    has(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'c', allowedCidrs: ['10.1.0.0/16'] }), /^ingress\.allowedCidrs: private ingress on GCP is an internal load balancer/);
    has(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'c', wafAclId: 'armor' }), /^ingress\.wafAclId: private ingress on GCP does not attach a Cloud Armor policy/);
    has(issues({ allowedCidrs: ['203.0.113.0/24'] }), /^ingress\.allowedCidrs: .*there is none without ingress\.domain on GCP/);
  });

  it('private mode: the proxy-only subnet must not overlap network.cidr', () => {
    has(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'c' }, { network: { cidr: '172.16.0.0/16' } }), /^ingress\.mode: private ingress needs a proxy-only subnet 172\.16\.64\.0\/23 .*overlaps network\.cidr 172\.16\.0\.0\/16/);
    assert.deepEqual(issues({ mode: 'private', domain: 'bt.corp.example', certificate: 'c' }, { network: { cidr: '10.10.0.0/20' } }), []);
    assert.equal(cidrsOverlap(PROXY_ONLY_CIDR, '172.16.65.0/24'), true);
    assert.equal(cidrsOverlap(PROXY_ONLY_CIDR, '172.16.66.0/24'), false);
    assert.equal(gceNameOf('projects/p/global/sslCertificates/x'), 'x');
    assert.equal(gceNameOf('x'), 'x');
  });
});

function doctorContext(config: Config): DoctorContext {
  return {
    cwd: '/tmp', env: {}, now: new Date(0), configPath: '/tmp/braintrust.yaml', config,
    deployment: { configPath: '/tmp/braintrust.yaml', stateDir: '/tmp/.braintrust', config, cloud: config.cloud, outputs: {} },
    hasOutputs: false, history: [], live: { via: 'auto' }, timeoutMs: 1000, secrets: [],
  } as DoctorContext;
}

describe('doctor gcp-ingress', () => {
  it('warns that the default GCP endpoint is internal plain HTTP, with the fix', async () => {
    const r = await gcpIngressCheck.run(doctorContext(configSchema.parse(base())), new AbortController().signal);
    assert.equal(r.status, 'warn');
    assert.match(r.detail, /internal load balancer over plain HTTP/);
    assert.match(r.hint!, /Set ingress\.domain .* and ingress\.certificate/);
  });

  it('passes with a domain, and skips other clouds', async () => {
    const ok = await gcpIngressCheck.run(doctorContext(configSchema.parse({ ...base(), ingress: { domain: 'bt.example.com', certificate: 'managed' } })), new AbortController().signal);
    assert.equal(ok.status, 'pass');
    assert.match(ok.detail, /public HTTPS Gateway for bt\.example\.com/);
    const aws = configSchema.parse(exampleConfig('aws', 'production', { name: 'bt-a', org: 'acme' }));
    assert.equal((await gcpIngressCheck.run(doctorContext(aws), new AbortController().signal)).status, 'skip');
  });
});

describe('install: DNS records to create', () => {
  it('prints dns_records from the outputs, nothing without them', () => {
    const applied = (outputs: Record<string, unknown>) => renderMessage('install.result', {
      deployment: { cloud: 'gcp', name: 'bt-g', tier: 'production', findings: [] } as unknown as DeploymentPlan,
      status: 'applied', stackDir: '/tmp/out/stacks/bt-g', files: [], resources: {}, findings: [], outputs,
      dnsRecords: [], dnsRecordLines: dnsRecordLines(outputs), usedExample: false, cwd: '/tmp',
    });
    const outputs = { api_url: 'https://bt.example.com', dns_records: ['bt.example.com A 34.1.2.3'] };
    assert.deepEqual(dnsRecordLines(outputs), [{ name: 'bt.example.com', type: 'A', value: '34.1.2.3' }]);
    assert.match(applied(outputs).stdout, /Create this DNS record[^\n]*\n {2}bt\.example\.com A 34\.1\.2\.3\n/);
    assert.doesNotMatch(applied({ api_url: 'http://10.0.0.5:8000' }).stdout, /DNS record/);
    assert.deepEqual(dnsRecordLines({ dns_records: 'not a list' }), []);
  });
});
