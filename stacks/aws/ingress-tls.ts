// `ingress:` on AWS (src/config/ingress-schema.ts): the certificate for ingress.domain (an
// existing ACM ARN, or `managed`: an ACM certificate with DNS validation), the WAF allow-list
// built from ingress.allowedCidrs, and the DNS records the user creates, as outputs that
// `braintrust install` prints. CloudFront takes its certificate and web ACL from us-east-1 only,
// so in public mode they are made through a second provider pinned there; the internal ALB of
// private mode takes them from the deployment's region.
import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider, type TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate/index.js';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation/index.js';
import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set/index.js';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl/index.js';
import { isIP } from 'node:net';
import type { Config } from '../../src/config/schema.js';
import { ingressMode, MANAGED_CERTIFICATE, type IngressMode } from '../../src/config/ingress-schema.js';
import { resourceName, tagsFor } from '../common/naming.js';

// Output names read by install (src/deploy/ingress-dns.ts).
import { CERTIFICATE_VALIDATION_OUTPUT, DOMAIN_RECORD_OUTPUT, INGRESS_DOMAIN_OUTPUT } from '../../src/deploy/ingress-dns.js';
export { CERTIFICATE_VALIDATION_OUTPUT, DOMAIN_RECORD_OUTPUT, INGRESS_DOMAIN_OUTPUT };
/** How long apply waits for ACM to see the validation record before failing (resumable). */
export const CERTIFICATE_VALIDATION_TIMEOUT = '2h';

/**
 * CloudFront viewer security policies (TLSv1.3_2025: TLS 1.3 only). The provider checks the value
 * against the AWS SDK's list; the official module (aws >= 6.23.0) defaults to TLSv1.3_2025, and
 * this stack's floor is 6.29.0 (provider-version.ts). The binding (6.25.0) takes any string, so no
 * override is needed.
 */
export const CLOUDFRONT_TLS_POLICY: Record<'1.2' | '1.3', string> = { '1.2': 'TLSv1.2_2021', '1.3': 'TLSv1.3_2025' };
/** ALB security policies: 1.2 = TLS 1.2 and 1.3 with forward secrecy; 1.3 = TLS 1.3 only. */
export const ALB_TLS_POLICY: Record<'1.2' | '1.3', string> = { '1.2': 'ELBSecurityPolicy-TLS13-1-2-2021-06', '1.3': 'ELBSecurityPolicy-TLS13-1-3-2021-06' };

export interface AwsIngressSettings {
  mode: IngressMode;
  domain?: string;
  /** The certificate ARN attached to the listener or distribution (after validation when managed). */
  certificateArn?: string;
  /** ARN of the web ACL to attach: ingress.wafAclId, or the allow-list ACL made here (public mode). */
  webAclArn?: string;
  minTlsVersion: '1.2' | '1.3';
  originTimeoutSeconds: number;
  allowedCidrs: string[];
}

export class AwsIngressTls extends Construct {
  readonly settings: AwsIngressSettings;
  private readonly certificate?: AcmCertificate;

  constructor(scope: Construct, id: string, props: { config: Config }) {
    super(scope, id);
    const { config } = props;
    const ingress = config.ingress;
    const mode = ingressMode(config) ?? 'public';
    // CloudFront's certificate and web ACL live in us-east-1 whatever the deployment's region.
    // Terraform needs that provider to delete them too, so an explicit ingress.mode keeps it
    // declared after the certificate or allow-list is removed from the config (README: Ingress);
    // with no ingress settings at all the stack stays as it was before ingress existed.
    const needsGlobal = (mode === 'public' && (ingress.certificate === MANAGED_CERTIFICATE || ingress.allowedCidrs.length > 0)) || ingress.mode !== undefined;
    const global: TerraformProvider | undefined = needsGlobal && config.region !== 'us-east-1'
      ? new AwsProvider(this, 'us_east_1', { alias: 'us_east_1', region: 'us-east-1', defaultTags: [{ tags: tagsFor(config) }] })
      : undefined;

    let certificateArn: string | undefined;
    if (ingress.domain && ingress.certificate === MANAGED_CERTIFICATE) {
      const cert = new AcmCertificate(this, 'certificate', {
        provider: mode === 'public' ? global : undefined,
        domainName: ingress.domain,
        validationMethod: 'DNS',
        keyAlgorithm: 'RSA_2048',
        lifecycle: { createBeforeDestroy: true },
        tags: { Name: resourceName(config, 'api') },
      });
      // Waits until ACM sees the validation record the user created (install prints it first).
      const validation = new AcmCertificateValidation(this, 'certificate_validation', {
        provider: mode === 'public' ? global : undefined,
        certificateArn: cert.arn,
        timeouts: { create: CERTIFICATE_VALIDATION_TIMEOUT },
      });
      this.certificate = cert;
      certificateArn = validation.certificateArn;
    } else if (ingress.domain && ingress.certificate) {
      certificateArn = ingress.certificate;
    }

    let webAclArn = ingress.wafAclId;
    if (mode === 'public' && !webAclArn && ingress.allowedCidrs.length) webAclArn = this.allowList(config, global);

    this.settings = {
      mode,
      domain: ingress.domain,
      certificateArn,
      webAclArn,
      minTlsVersion: ingress.minTlsVersion,
      originTimeoutSeconds: ingress.originTimeoutSeconds,
      allowedCidrs: ingress.allowedCidrs,
    };
  }

  /** A CLOUDFRONT-scope web ACL that blocks every client outside ingress.allowedCidrs. */
  private allowList(config: Config, provider: TerraformProvider | undefined): string {
    const v4 = config.ingress.allowedCidrs.filter((c) => isIP(c.split('/')[0]) === 4);
    const v6 = config.ingress.allowedCidrs.filter((c) => isIP(c.split('/')[0]) === 6);
    const sets = ([['ipv4', 'IPV4', v4], ['ipv6', 'IPV6', v6]] as const)
      .filter(([, , cidrs]) => cidrs.length)
      .map(([label, version, cidrs]) => new Wafv2IpSet(this, `allowed_${label}`, {
        provider,
        name: resourceName(config, `allowed-${label}`),
        description: `Clients allowed to reach the Braintrust API of ${config.name} (ingress.allowedCidrs)`,
        scope: 'CLOUDFRONT',
        ipAddressVersion: version,
        addresses: [...cidrs],
      }));
    const refs = sets.map((s) => ({ ip_set_reference_statement: { arn: s.arn } }));
    const metric = resourceName(config, 'api-allow-list').replace(/[^A-Za-z0-9_-]/g, '-');
    const acl = new Wafv2WebAcl(this, 'allow_list', {
      provider,
      name: resourceName(config, 'api-allow-list'),
      description: `Allows only ingress.allowedCidrs to reach the Braintrust API of ${config.name}`,
      scope: 'CLOUDFRONT',
      defaultAction: { block: {} },
      rule: [{
        name: 'allowed-cidrs',
        priority: 1,
        action: { allow: {} },
        statement: refs.length === 1 ? refs[0] : { or_statement: { statement: refs } },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${metric}-allowed`, sampledRequestsEnabled: true },
      }],
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true },
    });
    return acl.arn;
  }

  /**
   * The DNS records the user creates: the certificate's validation record (managed), and
   * domain -> target (the CloudFront or internal ALB hostname). api_url follows from them.
   */
  addOutputs(stack: TerraformStack, target: string): void {
    const { domain } = this.settings;
    if (!domain) return;
    new TerraformOutput(stack, INGRESS_DOMAIN_OUTPUT, { value: domain, description: 'Custom hostname of the API (ingress.domain)' });
    if (this.certificate) {
      const options = `tolist(${this.certificate.fqn}.domain_validation_options)`;
      new TerraformOutput(stack, CERTIFICATE_VALIDATION_OUTPUT, {
        value: `\${[for o in ${options} : { name = o.resource_record_name, type = o.resource_record_type, value = o.resource_record_value }]}`,
        description: 'DNS records that validate the managed ACM certificate (keep them: ACM renews with them)',
      });
    }
    new TerraformOutput(stack, DOMAIN_RECORD_OUTPUT, {
      value: { name: domain, type: 'CNAME', value: target },
      description: this.settings.mode === 'private'
        ? 'DNS record pointing ingress.domain at the internal ALB (in your private zone)'
        : 'DNS record pointing ingress.domain at CloudFront (or an alias record to it)',
    });
  }
}
