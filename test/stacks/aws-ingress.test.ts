// ingress: on AWS, per mode: CloudFront aliases, viewer certificate (managed ACM in us-east-1 with
// DNS validation, or an ARN), WAF (an existing web ACL, or the allow-list made from
// allowedCidrs), minimum TLS, origin timeout; private mode = no CloudFront, the internal ALB
// with an HTTPS listener. Every ${} reference resolves in each.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigInput } from '../../src/config/schema.js';
import { assertReferencesResolve, onlyResource } from '../helpers/terraform-json.js';
import { awsProductionInput, awsTestingInput, res, synthAws, type Body } from '../parity/aws-fixtures.js';
import { CERTIFICATE_VALIDATION_OUTPUT, DOMAIN_RECORD_OUTPUT, INGRESS_DOMAIN_OUTPUT } from '../../stacks/aws/ingress-tls.js';

const ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const REGIONAL_ARN = 'arn:aws:acm:us-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const GLOBAL_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/corp/11111111-2222-3333-4444-555555555555';

function synth(input: ConfigInput) {
  const { json } = synthAws(input);
  assertReferencesResolve(json);
  return json;
}
const one = (json: ReturnType<typeof synth>, type: string) => onlyResource(json, type) as Body;
const distribution = (json: ReturnType<typeof synth>): Body => one(json, 'aws_cloudfront_distribution');
const outputs = (json: ReturnType<typeof synth>) => json.output as Record<string, { value: unknown }>;

/** The provider alias a resource uses ("aws.us_east_1"), or undefined for the default provider. */
const providerOf = (body: Body) => body.provider as string | undefined;
/** The API's ALB (the other aws_lb is Brainstore's). */
const apiAlb = (json: ReturnType<typeof synth>): [string, Body] => res(json, 'aws_lb').find(([, b]) => String(b.name).endsWith('-api-ecs')) as [string, Body];

describe('AWS ingress: public (CloudFront)', () => {
  it('unset: the CloudFront hostname and default certificate, no aliases, WAF or TLS policy; timeout 60', () => {
    const json = synth(awsTestingInput());
    const d = distribution(json);
    assert.equal(d.aliases, undefined);
    assert.equal(d.web_acl_id, undefined);
    assert.deepEqual(d.viewer_certificate, { cloudfront_default_certificate: true });
    for (const o of d.origin as Body[]) if (o.custom_origin_config) assert.equal(o.custom_origin_config.origin_read_timeout, 60);
    assert.match(String(outputs(json).api_url.value), /^https:\/\/\$\{aws_cloudfront_distribution\.[^.]+\.domain_name\}$/);
    assert.equal(outputs(json)[DOMAIN_RECORD_OUTPUT], undefined);
    assert.equal(res(json, 'aws_acm_certificate').length, 0);
    assert.equal(res(json, 'aws_wafv2_web_acl').length, 0);
  });

  it('domain + managed certificate: ACM in us-east-1 with DNS validation, aliases, TLS 1.2 policy, records as outputs', () => {
    const json = synth(awsTestingInput({ ingress: { domain: 'bt.example.com', certificate: 'managed', originTimeoutSeconds: 120 } } as Partial<ConfigInput>));
    const providers = (json.provider as Record<string, Body[]>).aws;
    const east = providers.find((p) => p.alias === 'us_east_1');
    assert.equal(east?.region, 'us-east-1', 'a second provider pinned to us-east-1 (the deployment is in us-west-2)');
    assert.ok(east?.default_tags, 'the us-east-1 provider tags like the default one');
    const cert = one(json, 'aws_acm_certificate');
    assert.equal(cert.domain_name, 'bt.example.com');
    assert.equal(cert.validation_method, 'DNS');
    assert.equal(providerOf(cert), 'aws.us_east_1');
    const validation = one(json, 'aws_acm_certificate_validation');
    assert.equal(providerOf(validation), 'aws.us_east_1');
    assert.equal(validation.timeouts.create, '2h');
    const d = distribution(json);
    assert.deepEqual(d.aliases, ['bt.example.com']);
    const [validationName] = res(json, 'aws_acm_certificate_validation')[0];
    assert.deepEqual(d.viewer_certificate, {
      acm_certificate_arn: `\${aws_acm_certificate_validation.${validationName}.certificate_arn}`,
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    for (const o of d.origin as Body[]) {
      assert.equal((o.custom_origin_config ?? o.vpc_origin_config).origin_read_timeout, 120, `origin ${o.origin_id}`);
      assert.deepEqual(o.custom_header, [{ name: 'X-CloudFront-Domain', value: 'bt.example.com' }], `origin ${o.origin_id}`);
    }
    const out = outputs(json);
    assert.equal(out.api_url.value, 'https://bt.example.com');
    assert.equal(out[INGRESS_DOMAIN_OUTPUT].value, 'bt.example.com');
    const [certName] = res(json, 'aws_acm_certificate')[0];
    assert.match(String(out[CERTIFICATE_VALIDATION_OUTPUT].value), new RegExp(`^\\$\\{\\[for o in tolist\\(aws_acm_certificate\\.${certName}\\.domain_validation_options\\) : \\{ name = o\\.resource_record_name, type = o\\.resource_record_type, value = o\\.resource_record_value \\}\\]\\}$`));
    assert.deepEqual(out[DOMAIN_RECORD_OUTPUT].value, { name: 'bt.example.com', type: 'CNAME', value: `\${aws_cloudfront_distribution.${res(json, 'aws_cloudfront_distribution')[0][0]}.domain_name}` });
  });

  it('an explicit ingress.mode keeps the us-east-1 provider declared (terraform needs it to delete a removed certificate or allow-list)', () => {
    const json = synth(awsTestingInput({ ingress: { mode: 'public' } } as Partial<ConfigInput>));
    assert.deepEqual((json.provider as Record<string, Body[]>).aws.map((p) => p.alias ?? null), [null, 'us_east_1']);
    assert.equal(res(json, 'aws_acm_certificate').length + res(json, 'aws_wafv2_web_acl').length, 0);
    assert.equal((synth(awsTestingInput()).provider as Record<string, Body[]>).aws.length, 1, 'no ingress settings: the stack as before');
  });

  it('in us-east-1 the default provider serves: no alias provider', () => {
    const json = synth(awsProductionInput({ ingress: { domain: 'bt.example.com', certificate: 'managed' } } as Partial<ConfigInput>));
    assert.equal((json.provider as Record<string, Body[]>).aws.length, 1);
    assert.equal(providerOf(one(json, 'aws_acm_certificate')), undefined);
  });

  it('an existing certificate ARN and TLS 1.3: no ACM resources, TLSv1.3_2025', () => {
    const json = synth(awsTestingInput({ ingress: { domain: 'bt.example.com', certificate: ARN, minTlsVersion: '1.3' } } as Partial<ConfigInput>));
    assert.equal(res(json, 'aws_acm_certificate').length, 0);
    assert.deepEqual(distribution(json).viewer_certificate, { acm_certificate_arn: ARN, ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.3_2025' });
    assert.equal(outputs(json)[CERTIFICATE_VALIDATION_OUTPUT], undefined);
    assert.equal((outputs(json)[DOMAIN_RECORD_OUTPUT].value as Body).name, 'bt.example.com');
  });

  it('wafAclId is attached as given', () => {
    const json = synth(awsTestingInput({ ingress: { wafAclId: GLOBAL_ACL } } as Partial<ConfigInput>));
    assert.equal(distribution(json).web_acl_id, GLOBAL_ACL);
    assert.equal(res(json, 'aws_wafv2_web_acl').length, 0);
  });

  it('allowedCidrs: IP sets and a CLOUDFRONT web ACL in us-east-1 that blocks everyone else', () => {
    const json = synth(awsTestingInput({ ingress: { allowedCidrs: ['203.0.113.0/24', '198.51.100.7/32', '2001:db8::/32'] } } as Partial<ConfigInput>));
    const sets = res(json, 'aws_wafv2_ip_set').map(([key, b]) => ({ ...b, key })) as Body[];
    assert.deepEqual(sets.map((s) => [s.ip_address_version, s.addresses, s.scope, providerOf(s)]), [
      ['IPV4', ['203.0.113.0/24', '198.51.100.7/32'], 'CLOUDFRONT', 'aws.us_east_1'],
      ['IPV6', ['2001:db8::/32'], 'CLOUDFRONT', 'aws.us_east_1'],
    ]);
    const [aclName, acl] = res(json, 'aws_wafv2_web_acl')[0];
    assert.equal(acl.scope, 'CLOUDFRONT');
    assert.equal(providerOf(acl), 'aws.us_east_1');
    assert.deepEqual(acl.default_action, { block: {} });
    assert.equal(acl.rule.length, 1);
    assert.deepEqual(acl.rule[0].action, { allow: {} });
    assert.deepEqual(acl.rule[0].statement, {
      or_statement: { statement: sets.map((s) => ({ ip_set_reference_statement: { arn: `\${aws_wafv2_ip_set.${s.key}.arn}` } })) },
    });
    assert.equal(distribution(json).web_acl_id, `\${aws_wafv2_web_acl.${aclName}.arn}`);
  });

  it('no behaviour lets plain HTTP reach an origin; the ECS ALB only takes CloudFront on HTTP', () => {
    const json = synth(awsTestingInput({ api: { runtime: 'ecs' }, ingress: { domain: 'bt.example.com', certificate: ARN } } as Partial<ConfigInput>));
    const d = distribution(json);
    for (const b of [d.default_cache_behavior, ...((d.ordered_cache_behavior as Body[] | undefined) ?? [])]) {
      assert.ok(['redirect-to-https', 'https-only'].includes(b.viewer_protocol_policy), b.path_pattern ?? 'default');
    }
    const [albKey, alb] = apiAlb(json);
    assert.equal(alb.internal, true);
    const listeners = res(json, 'aws_lb_listener').map(([, l]) => l).filter((l) => l.load_balancer_arn === `\${aws_lb.${albKey}.arn}`);
    assert.deepEqual(listeners.map((l) => [l.port, l.protocol]), [[80, 'HTTP']]);
    for (const [, rule] of res(json, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => String(r.description).match(/ALB|CloudFront/))) {
      assert.equal(rule.cidr_ipv4, undefined, `no address range reaches the ALB: ${rule.description}`);
    }
    assert.equal(res(json, 'aws_cloudfront_vpc_origin').length, 1);
  });
});

describe('AWS ingress: private (internal ALB)', () => {
  const privateInput = (ingress: Record<string, unknown>) =>
    awsTestingInput({ api: { runtime: 'ecs' }, ingress: { mode: 'private', domain: 'bt.corp.example', ...ingress } } as Partial<ConfigInput>);

  it('no CloudFront or API Gateway; an HTTPS listener with the regional certificate and TLS policy, reachable from the VPC', () => {
    const json = synth(privateInput({ certificate: REGIONAL_ARN }));
    for (const type of ['aws_cloudfront_distribution', 'aws_cloudfront_vpc_origin', 'aws_cloudfront_origin_request_policy', 'aws_api_gateway_rest_api', 'aws_acm_certificate']) {
      assert.equal(res(json, type).length, 0, type);
    }
    const [albKey, alb] = apiAlb(json);
    const listeners = Object.fromEntries(res(json, 'aws_lb_listener').map(([, l]) => l).filter((l) => l.load_balancer_arn === `\${aws_lb.${albKey}.arn}`).map((l) => [l.port, l]));
    assert.deepEqual(Object.keys(listeners).map(Number).sort((a, b) => a - b), [80, 443]);
    assert.equal(listeners[443].protocol, 'HTTPS');
    assert.equal(listeners[443].certificate_arn, REGIONAL_ARN);
    assert.equal(listeners[443].ssl_policy, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
    assert.equal(alb.internal, true);
    assert.equal(alb.idle_timeout, 900);
    // The path rules exist on both listeners.
    const rules = res(json, 'aws_lb_listener_rule').map(([, r]) => r.listener_arn as string);
    assert.equal(rules.length, 30);
    assert.equal(new Set(rules).size, 2);
    // HTTP (80) only from the API and Brainstore security groups; HTTPS from the VPC range.
    const albSg = `\${aws_security_group.${res(json, 'aws_security_group').find(([, b]) => String(b.name).endsWith('-api-ecs-alb'))![0]}.id}`;
    const ingress = res(json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r).filter((r) => r.security_group_id === albSg);
    for (const r of ingress.filter((r) => r.from_port === 80)) assert.ok(r.referenced_security_group_id && !r.cidr_ipv4 && !r.prefix_list_id, r.description);
    const https = ingress.filter((r) => r.from_port === 443);
    assert.equal(https.length, 1);
    assert.match(String(https[0].cidr_ipv4), /^\$\{data\.aws_vpc\.[^.]+\.cidr_block\}$/);
    const out = outputs(json);
    assert.equal(out.api_url.value, 'https://bt.corp.example');
    assert.deepEqual(out[DOMAIN_RECORD_OUTPUT].value, { name: 'bt.corp.example', type: 'CNAME', value: `\${aws_lb.${albKey}.dns_name}` });
  });

  it('allowedCidrs become the HTTPS rules; a managed certificate is made in the region; TLS 1.3 policy; a regional web ACL is associated', () => {
    const acl = 'arn:aws:wafv2:us-west-2:123456789012:regional/webacl/corp/11111111-2222-3333-4444-555555555555';
    const json = synth(privateInput({ certificate: 'managed', allowedCidrs: ['10.20.0.0/16', 'fd00::/8'], minTlsVersion: '1.3', wafAclId: acl }));
    const https = res(json, 'aws_vpc_security_group_ingress_rule').map(([, r]) => r as Body).filter((r) => r.from_port === 443);
    assert.deepEqual(https.map((r) => r.cidr_ipv4 ?? r.cidr_ipv6), ['10.20.0.0/16', 'fd00::/8']);
    const cert = one(json, 'aws_acm_certificate');
    assert.equal(providerOf(cert), undefined, 'the regional (default) provider');
    assert.equal(providerOf(onlyResource(json, 'aws_acm_certificate_validation') as Body), undefined);
    const listener = res(json, 'aws_lb_listener').map(([, l]) => l as Body).find((l) => l.port === 443)!;
    assert.match(String(listener.certificate_arn), /^\$\{aws_acm_certificate_validation\.[^.]+\.certificate_arn\}$/);
    assert.equal(listener.ssl_policy, 'ELBSecurityPolicy-TLS13-1-3-2021-06');
    assert.equal(one(json, 'aws_wafv2_web_acl_association').web_acl_arn, acl);
    assert.equal(res(json, 'aws_wafv2_web_acl').length, 0);
    assert.ok(outputs(json)[CERTIFICATE_VALIDATION_OUTPUT]);
  });
});
