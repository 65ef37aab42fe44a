// `ingress:` in braintrust.yaml: the HTTPS endpoint the Braintrust UI (in users' browsers, via
// CORS) and the SDKs use to reach the data plane. AWS: CloudFront (public) or an internal ALB
// (private); GCP: an HTTPS load balancer; Azure: Front Door Premium with Private Link (public)
// or an internal Application Gateway (private); docker: localhost, no ingress.
// Shapes are checked here; the rules that differ per cloud are in ingressIssues below.
import { z } from 'zod';
import { cidrString } from './security-schema.js';
import { gcpIngressIssues } from './ingress-gcp.js';

export const INGRESS_MODES = ['public', 'private'] as const;
export type IngressMode = (typeof INGRESS_MODES)[number];
export const MIN_TLS_VERSIONS = ['1.2', '1.3'] as const;
/** `certificate: managed`: the cloud issues and renews the certificate for `domain`. */
export const MANAGED_CERTIFICATE = 'managed';

const cidr = cidrString('203.0.113.0/24');

/** A DNS hostname (no scheme, no port, no trailing dot, no wildcard), as certificates and DNS records take it. */
export const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

export const ingressSchema = z.strictObject({
  mode: z
    .enum(INGRESS_MODES)
    .optional()
    .describe('public: reachable from the internet (optionally only from allowedCidrs); private: reachable only inside your network/VPN. Default: public, except GCP without a domain, which keeps the internal endpoint (doctor warns)'),
  allowedCidrs: z
    .array(cidr)
    .default([])
    .describe('Client address ranges allowed to reach the endpoint (AWS WAF IP set, GCP Cloud Armor rule, Azure WAF rule / security group); empty = everyone who can route to it'),
  domain: z
    .string()
    .regex(HOSTNAME, { message: 'a hostname like braintrust.example.com (lowercase, no scheme, port or path)' })
    .optional()
    .describe('Custom hostname for the API (a DNS record you create points it at the endpoint; `braintrust install` prints it). Needs certificate'),
  certificate: z
    .string()
    .min(1)
    .optional()
    .describe('"managed" (the cloud issues and renews a certificate for domain) or a reference to an existing one: AWS ACM ARN (us-east-1 for CloudFront), GCP certificate resource id, Azure Key Vault secret id'),
  wafAclId: z
    .string()
    .min(1)
    .optional()
    .describe('Existing web application firewall to attach: AWS WAFv2 web ACL ARN (CLOUDFRONT scope), GCP Cloud Armor security policy, Azure Front Door WAF policy id'),
  minTlsVersion: z.enum(MIN_TLS_VERSIONS).default('1.2').describe('Lowest TLS version clients may use'),
  originTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(240)
    .default(60)
    .describe('How long the edge waits for the API (for a streamed response, the longest gap between chunks); AWS CloudFront 1-180 (above 60 needs an AWS quota increase), Azure Front Door 16-240'),
});

export type IngressConfig = z.output<typeof ingressSchema>;

/** The mode after defaults: undefined means no HTTPS ingress (docker, or GCP without a domain and no mode). */
export function ingressMode(c: { cloud: string; ingress: IngressConfig }): IngressMode | undefined {
  if (c.cloud === 'docker') return undefined;
  if (c.ingress.mode) return c.ingress.mode;
  if (c.cloud === 'gcp' && !c.ingress.domain) return undefined;
  return 'public';
}

type Issue = { path: (string | number)[]; message: string };

/** Cross-field and per-cloud ingress rules: exit 2 naming the fields. */
export function ingressIssues(c: {
  cloud: string;
  api: { runtime?: string; standbyRuntime?: string };
  ingress: IngressConfig;
  region?: string;
  account?: { gcpProject?: string };
  network?: { cidr?: string };
}): Issue[] {
  const i = c.ingress;
  const issues: Issue[] = [];
  const at = (field: string, message: string) => issues.push({ path: ['ingress', field], message });
  if (c.cloud === 'docker') {
    const set = (['mode', 'domain', 'certificate', 'wafAclId'] as const).filter((k) => i[k] !== undefined);
    if (set.length || i.allowedCidrs.length) {
      at(set[0] ?? 'allowedCidrs', 'docker deployments listen on localhost and have no ingress: remove the ingress section');
    }
    return issues;
  }
  if (i.domain && !i.certificate) {
    at('certificate', `ingress.domain is ${i.domain} but ingress.certificate is not set: set ingress.certificate to "managed" or to an existing certificate's reference`);
  }
  if (i.certificate && !i.domain) {
    at('domain', `ingress.certificate is set but ingress.domain is not: a certificate needs the hostname it is for (set ingress.domain, or remove ingress.certificate)`);
  }
  const mode = ingressMode(c);
  if (c.cloud === 'gcp' && i.mode === 'public' && !i.domain) {
    at('domain', 'GCP public ingress needs ingress.domain (a Google-managed certificate is issued for a hostname): set ingress.domain and ingress.certificate, or remove ingress.mode to keep the internal endpoint');
  }
  if (c.cloud === 'aws' && mode === 'private' && c.api.runtime !== 'ecs') {
    at('mode', 'private ingress puts the API behind an internal ALB, which needs the ECS runtime: set api.runtime to ecs, or ingress.mode to public');
  }
  if (c.cloud === 'aws' && i.originTimeoutSeconds > 180) {
    at('originTimeoutSeconds', `${i.originTimeoutSeconds} is above CloudFront's maximum origin read timeout: use 1-180 (above 60 needs an AWS quota increase)`);
  }
  if (c.cloud === 'aws') issues.push(...awsIngressIssues(c, mode));
  if (c.cloud === 'azure' && i.originTimeoutSeconds < 16) {
    at('originTimeoutSeconds', `${i.originTimeoutSeconds} is below Azure Front Door's minimum origin response timeout: use 16-240`);
  }
  if (mode === 'private' && c.cloud !== 'aws' && i.certificate === MANAGED_CERTIFICATE) {
    at('certificate', `private ingress on ${c.cloud} uses your own certificate (a managed certificate needs a publicly reachable endpoint): set ingress.certificate to an existing certificate's reference`);
  }
  if (mode === 'private' && !i.domain) {
    at('domain', `private ingress serves HTTPS for a hostname inside your network: set ingress.domain and ingress.certificate`);
  }
  if (c.cloud === 'azure') issues.push(...azureIngressIssues(i, mode));
  if (c.cloud === 'gcp') issues.push(...gcpIngressIssues(c, mode));
  return issues;
}

/** arn:aws:acm:<region>:<account>:certificate/<id>; the region is captured. */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
/** arn:aws:wafv2:<region>:<account>:<global|regional>/webacl/<name>/<id>; region and scope captured. */
export const WAFV2_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:(global|regional)\/webacl\/[A-Za-z0-9_-]+\/[A-Za-z0-9-]+$/;

/**
 * AWS: public = CloudFront (its certificate and WAF live in us-east-1, WAF scope CLOUDFRONT);
 * private = the internal ALB (certificate and a REGIONAL web ACL in the deployment's region).
 */
function awsIngressIssues(c: { region?: string; api: { standbyRuntime?: string }; ingress: IngressConfig }, mode: IngressMode | undefined): Issue[] {
  const i = c.ingress;
  const issues: Issue[] = [];
  const at = (field: string, message: string) => issues.push({ path: ['ingress', field], message });
  if (mode === 'private' && c.api.standbyRuntime === 'lambda') {
    at('mode', 'private ingress cannot keep the Lambda API on standby (API Gateway and the AI proxy function URL are public endpoints): remove api.standbyRuntime, or finish the migration before switching ingress.mode to private');
  }
  const region = mode === 'private' ? c.region : 'us-east-1';
  const where = mode === 'private' ? `the deployment's region (${c.region ?? 'region'}), where the internal ALB is` : 'us-east-1 (CloudFront only uses certificates from there)';
  if (i.certificate && i.certificate !== MANAGED_CERTIFICATE) {
    const m = ACM_CERTIFICATE_ARN.exec(i.certificate);
    if (!m) {
      at('certificate', `${i.certificate} is not "managed" or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>): set ingress.certificate to "managed" or to the ARN of an issued certificate for ${i.domain ?? 'ingress.domain'}`);
    } else if (region && m[1] !== region) {
      at('certificate', `${i.certificate} is in ${m[1]}, but ${mode ?? 'public'} ingress needs a certificate in ${where}: import or request the certificate there, or set ingress.certificate to "managed"`);
    }
  }
  if (i.wafAclId) {
    const m = WAFV2_WEB_ACL_ARN.exec(i.wafAclId);
    const want = mode === 'private'
      ? `a REGIONAL web ACL in ${c.region ?? 'the deployment region'} (arn:aws:wafv2:${c.region ?? '<region>'}:<account>:regional/webacl/<name>/<id>), associated with the internal ALB`
      : 'a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)';
    const ok = m && (mode === 'private' ? m[2] === 'regional' && (!c.region || m[1] === c.region) : m[2] === 'global' && m[1] === 'us-east-1');
    if (!ok) at('wafAclId', `${i.wafAclId} is not ${want}: set ingress.wafAclId to that web ACL's ARN, or remove it`);
    if (mode !== 'private' && i.allowedCidrs.length) {
      at('allowedCidrs', 'ingress.allowedCidrs and ingress.wafAclId are both set, but a CloudFront distribution takes one web ACL: add an IP set rule for these ranges to your web ACL and remove ingress.allowedCidrs, or remove ingress.wafAclId to let install create the allow-list ACL');
    }
  }
  if (mode !== 'private' && i.minTlsVersion === '1.3' && !i.domain) {
    at('minTlsVersion', 'CloudFront cannot raise the minimum TLS version on its default *.cloudfront.net certificate: set ingress.domain and ingress.certificate, or use minTlsVersion 1.2');
  }
  return issues;
}

/**
 * The request message on Front Door's Private Link connection: `install` approves the pending
 * connections of the API's Private Link Service that carry it (and no other).
 */
export function frontDoorPrivateLinkMessage(deploymentName: string): string {
  return `Azure Front Door for the Braintrust data plane ${deploymentName}`;
}

/** Key Vault secret id (versionless or versioned): what Front Door and Application Gateway take. */
export const AZURE_KEY_VAULT_SECRET_ID =
  /^https:\/\/[a-z0-9](?:[a-z0-9-]{1,22})[a-z0-9]\.vault\.(?:azure\.net|azure\.cn|usgovcloudapi\.net)\/secrets\/[A-Za-z0-9-]{1,127}(?:\/[0-9a-f]{32})?$/i;
const WAF_POLICY_ID = (provider: string) =>
  new RegExp(`^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/Microsoft\\.Network/${provider}/[A-Za-z0-9-_]+$`, 'i');
/** Front Door (Standard/Premium) WAF policy resource id. */
export const AZURE_FRONT_DOOR_WAF_ID = WAF_POLICY_ID('frontDoorWebApplicationFirewallPolicies');
/** Application Gateway WAF policy resource id. */
export const AZURE_APP_GATEWAY_WAF_ID = WAF_POLICY_ID('ApplicationGatewayWebApplicationFirewallPolicies');

/** Azure: Front Door Premium (public) or an internal Application Gateway (private). */
function azureIngressIssues(i: IngressConfig, mode: IngressMode | undefined): Issue[] {
  const issues: Issue[] = [];
  const at = (field: string, message: string) => issues.push({ path: ['ingress', field], message });
  if (i.certificate && i.certificate !== MANAGED_CERTIFICATE && !AZURE_KEY_VAULT_SECRET_ID.test(i.certificate)) {
    at('certificate', `${i.certificate} is not a Key Vault secret id: use "managed" (public mode) or https://<vault>.vault.azure.net/secrets/<name> (the secret behind a Key Vault certificate; leave the version off to follow renewals)`);
  }
  if (mode === 'public') {
    if (i.wafAclId && !AZURE_FRONT_DOOR_WAF_ID.test(i.wafAclId)) {
      at('wafAclId', `${i.wafAclId} is not a Front Door WAF policy id: use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/<name> (a Premium policy)`);
    }
    if (i.wafAclId && i.allowedCidrs.length) {
      at('allowedCidrs', 'ingress.allowedCidrs and ingress.wafAclId are both set: Front Door takes one WAF policy per domain, so add the allow rule to your policy and remove allowedCidrs, or remove wafAclId to let install create a policy with the rule');
    }
    if (i.minTlsVersion === '1.3') {
      at('minTlsVersion', 'Azure Front Door custom domains take a minimum of TLS 1.2 (TLS 1.3 is always offered; the azurerm provider cannot set a 1.3 minimum): use 1.2, or mode private (Application Gateway) for a 1.3 minimum');
    }
  }
  if (mode === 'private') {
    if (i.wafAclId && !AZURE_APP_GATEWAY_WAF_ID.test(i.wafAclId)) {
      at('wafAclId', `${i.wafAclId} is not an Application Gateway WAF policy id: private ingress uses an internal Application Gateway, so use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/<name>`);
    }
  }
  return issues;
}
