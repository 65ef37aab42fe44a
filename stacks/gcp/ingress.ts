// The HTTPS endpoint of the API on GCP (`ingress:` in braintrust.yaml), built with the GKE
// Gateway API. Terraform owns the Google Cloud pieces the load balancer references by name
// (static address, certificate, SSL policy, Cloud Armor policy, proxy-only subnet, firewall);
// the GKE Gateway controller builds the load balancer itself (forwarding rule, target HTTPS
// proxy, URL map, backend service with container-native NEGs, health check) from a Gateway,
// an HTTPRoute and three GKE policies, released as a local Helm chart (ingress-chart.ts) after
// the Braintrust release.
//
// - public: gateway class gke-l7-global-external-managed = global external Application Load
//   Balancer (EXTERNAL_MANAGED), reserved global IPv4 address, Google-managed certificate for
//   ingress.domain (or the user's global certificate), HTTPS listener only (no port-80
//   forwarding rule is created), Cloud Armor allow-list from allowedCidrs (default rule deny)
//   or the user's policy (wafAclId).
// - private: gateway class gke-l7-rilb = regional internal Application Load Balancer
//   (INTERNAL_MANAGED), reserved internal address in the cluster subnet, the user's regional
//   certificate, and the proxy-only subnet that load balancer type requires.
//
// Google documentation followed (GKE docs, kubernetes-engine/docs/how-to/...):
// - deploying-gateways, gatewayclass-capabilities: class names, NamedAddress static addresses,
//   Gateway API enabled on the cluster (gateway_api_config CHANNEL_STANDARD), proxy-only subnet
//   for regional classes, VPC-native clusters only.
// - secure-gateway: TLS listener option networking.gke.io/pre-shared-certs (Compute Engine SSL
//   certificates, Google-managed ones created outside GKE first), GCPGatewayPolicy
//   spec.default.sslPolicy, GCPBackendPolicy spec.default.securityPolicy (Cloud Armor).
// - configure-gateway-resources: GCPBackendPolicy spec.default.timeoutSec, HealthCheckPolicy
//   (networking.gke.io/v1) targeting the Service, policies in the Service's namespace.
// - load-balancing/docs/use-ssl-policies: minimum TLS 1.3 needs the RESTRICTED profile.
// - armor/docs: basic (SRC_IPS_V1) rules take at most 10 ranges each; the default rule
//   (priority 2147483647) decides what no other rule matches.
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address/index.js';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address/index.js';
import { ComputeManagedSslCertificate } from '@cdktf/provider-google/lib/compute-managed-ssl-certificate/index.js';
import { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy/index.js';
import { ComputeRegionSslPolicy } from '@cdktf/provider-google/lib/compute-region-ssl-policy/index.js';
import { ComputeSecurityPolicy } from '@cdktf/provider-google/lib/compute-security-policy/index.js';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork/index.js';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall/index.js';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import { createHash } from 'node:crypto';
import type { Config } from '../../src/config/schema.js';
import { MANAGED_CERTIFICATE, type IngressMode } from '../../src/config/ingress-schema.js';
import { gceNameOf, PROXY_ONLY_CIDR } from '../../src/config/ingress-gcp.js';
import { resourceName } from '../common/naming.js';
import { API_PORT, NAMESPACE, valuesYaml } from '../common/helm-values.js';
import { INGRESS_CHART_DIR } from './ingress-chart.js';
import type { GcpNetwork } from './network.js';

export const GATEWAY_CLASS: Record<IngressMode, string> = {
  public: 'gke-l7-global-external-managed',
  private: 'gke-l7-rilb',
};
/** The chart's API Service (api.name; api.service.name is left empty). */
export const API_SERVICE = 'braintrust-api';
export const GATEWAY_NAME = 'braintrust-api';
/** Where Google's health checks (and the global external proxies) connect from. */
export const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];
/** Cloud Armor basic rules match at most 10 source ranges each. */
const RANGES_PER_RULE = 10;
const DEFAULT_RULE_PRIORITY = 2147483647;

export interface GcpIngressProps {
  config: Config;
  mode: IngressMode;
  network: GcpNetwork;
}

export class GcpIngress extends Construct {
  readonly mode: IngressMode;
  readonly domain: string;
  /** The address the DNS record for `domain` points at. */
  readonly ipAddress: string;
  /** Name of the SSL certificate the listener presents. */
  readonly certificateName: string;
  readonly sslPolicyName: string;
  /** Cloud Armor policy on the backend, if any. */
  readonly securityPolicyName?: string;
  private readonly addressName: string;
  private readonly timeoutSec: number;
  /** What the Gateway needs before GKE can build the load balancer. */
  private readonly prerequisites: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: GcpIngressProps) {
    super(scope, id);
    const { config, mode, network } = props;
    const ingress = config.ingress;
    this.mode = mode;
    // Validation (ingressIssues) guarantees a domain whenever there is a mode on GCP.
    this.domain = ingress.domain!;
    this.timeoutSec = ingress.originTimeoutSeconds;
    const region = config.region!;
    const tls13 = ingress.minTlsVersion === '1.3';
    const sslPolicy = {
      name: resourceName(config, 'api-tls'),
      // TLS 1.3 minimum is only allowed with the RESTRICTED profile.
      profile: tls13 ? 'RESTRICTED' : 'MODERN',
      minTlsVersion: tls13 ? 'TLS_1_3' : 'TLS_1_2',
    };

    if (mode === 'public') {
      const address = new ComputeGlobalAddress(this, 'address', {
        name: resourceName(config, 'api-https'),
        addressType: 'EXTERNAL',
        ipVersion: 'IPV4',
      });
      this.addressName = address.name;
      this.ipAddress = address.address;
      this.prerequisites.push(address);
      if (ingress.certificate === MANAGED_CERTIFICATE) {
        // The name carries the domain's hash: a new domain creates a new certificate before
        // the old one (still attached to the load balancer) goes.
        const hash = createHash('sha256').update(this.domain).digest('hex').slice(0, 8);
        const cert = new ComputeManagedSslCertificate(this, 'certificate', {
          name: resourceName(config, `api-${hash}`),
          managed: { domains: [this.domain] },
          lifecycle: { createBeforeDestroy: true },
        });
        this.certificateName = cert.name;
        this.prerequisites.push(cert);
      } else {
        this.certificateName = gceNameOf(ingress.certificate!);
      }
      const policy = new ComputeSslPolicy(this, 'ssl-policy', sslPolicy);
      this.sslPolicyName = policy.name;
      this.prerequisites.push(policy);
      if (ingress.wafAclId) {
        this.securityPolicyName = gceNameOf(ingress.wafAclId);
      } else if (ingress.allowedCidrs.length) {
        const armor = new ComputeSecurityPolicy(this, 'armor', {
          name: resourceName(config, 'api-allow'),
          description: `Braintrust API ${config.name}: only ingress.allowedCidrs`,
          type: 'CLOUD_ARMOR',
          rule: [
            ...chunks(ingress.allowedCidrs, RANGES_PER_RULE).map((ranges, i) => ({
              action: 'allow',
              priority: 1000 + i,
              description: `ingress.allowedCidrs ${i * RANGES_PER_RULE + 1}-${i * RANGES_PER_RULE + ranges.length}`,
              match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ranges } },
            })),
            {
              action: 'deny(403)',
              priority: DEFAULT_RULE_PRIORITY,
              description: 'Default: deny every other client',
              match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } },
            },
          ],
        });
        this.securityPolicyName = armor.name;
        this.prerequisites.push(armor);
      }
    } else {
      // Envoy proxies of regional internal load balancers run in this subnet.
      const proxyOnly = new ComputeSubnetwork(this, 'proxy-only-subnet', {
        name: resourceName(config, 'proxy-only'),
        network: network.network.id,
        region,
        ipCidrRange: PROXY_ONLY_CIDR,
        purpose: 'REGIONAL_MANAGED_PROXY',
        role: 'ACTIVE',
      });
      const address = new ComputeAddress(this, 'address', {
        name: resourceName(config, 'api-https'),
        region,
        subnetwork: network.subnet.id,
        addressType: 'INTERNAL',
        // The purpose GKE's docs give for a Gateway's reserved internal address.
        purpose: 'SHARED_LOADBALANCER_VIP',
      });
      this.addressName = address.name;
      this.ipAddress = address.address;
      this.certificateName = gceNameOf(ingress.certificate!);
      const policy = new ComputeRegionSslPolicy(this, 'ssl-policy', { ...sslPolicy, region });
      this.sslPolicyName = policy.name;
      this.prerequisites.push(proxyOnly, address, policy);
    }

    // Load balancer to API pods (container-native NEG endpoints on port 8000). GKE adds its
    // own rules for Gateways too; this one states the need and survives their cleanup.
    this.prerequisites.push(new ComputeFirewall(this, 'lb-to-api', {
      name: resourceName(config, 'lb-to-api'),
      network: network.network.id,
      direction: 'INGRESS',
      description: 'Load balancer proxies and health checks to the Braintrust API pods',
      sourceRanges: mode === 'public' ? HEALTH_CHECK_RANGES : [...HEALTH_CHECK_RANGES, PROXY_ONLY_CIDR],
      allow: [{ protocol: 'tcp', ports: [String(API_PORT)] }],
    }));
  }

  /** The Gateway, HTTPRoute and policies, as the chart's `objects` value. */
  objects(): Record<string, unknown>[] {
    const metadata = (name: string) => ({ name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'braintrust-self-host' } });
    const serviceRef = { group: '', kind: 'Service', name: API_SERVICE };
    return [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: metadata(GATEWAY_NAME),
        spec: {
          gatewayClassName: GATEWAY_CLASS[this.mode],
          // HTTPS only: without a port-80 listener GKE creates no HTTP forwarding rule.
          listeners: [{
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: this.domain,
            // Gateway API's CRD accepts Terminate with certificateRefs *or* options; GKE reads
            // this option as Compute Engine SSL certificate names.
            tls: { mode: 'Terminate', options: { 'networking.gke.io/pre-shared-certs': this.certificateName } },
            allowedRoutes: { namespaces: { from: 'Same' } },
          }],
          addresses: [{ type: 'NamedAddress', value: this.addressName }],
        },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: metadata(GATEWAY_NAME),
        spec: {
          parentRefs: [{ name: GATEWAY_NAME }],
          hostnames: [this.domain],
          rules: [{ backendRefs: [{ name: API_SERVICE, port: API_PORT }] }],
        },
      },
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'GCPGatewayPolicy',
        metadata: metadata(GATEWAY_NAME),
        spec: {
          default: { sslPolicy: this.sslPolicyName },
          targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME },
        },
      },
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'GCPBackendPolicy',
        metadata: metadata(API_SERVICE),
        spec: {
          default: {
            timeoutSec: this.timeoutSec,
            ...(this.securityPolicyName ? { securityPolicy: this.securityPolicyName } : {}),
          },
          targetRef: serviceRef,
        },
      },
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'HealthCheckPolicy',
        metadata: metadata(API_SERVICE),
        spec: {
          // The chart's readiness probe: GET / on the API port.
          default: { config: { type: 'HTTP', httpHealthCheck: { port: API_PORT, requestPath: '/' } } },
          targetRef: serviceRef,
        },
      },
    ];
  }

  /** The ingress chart's release, after the Braintrust release (which creates the Service). */
  release(provider: HelmProvider, after: ITerraformDependable[]): Release {
    return new Release(this, 'release', {
      provider,
      name: 'braintrust-ingress',
      chart: `./${INGRESS_CHART_DIR}`,
      namespace: NAMESPACE,
      createNamespace: false,
      values: [valuesYaml({ objects: this.objects() })],
      // On destroy, helm waits until the Gateway is gone: GKE holds it (finalizer) until the
      // load balancer is deleted, so the certificate, SSL and Cloud Armor policies and the
      // address it used are free when terraform deletes them next.
      wait: true,
      timeout: 900,
      atomic: false,
      dependsOn: [...this.prerequisites, ...after],
    });
  }

  /** The DNS record the user creates for `domain`. */
  dnsRecord(): string {
    return `${this.domain} A ${this.ipAddress}`;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
