// Public ingress (ingress.mode public, the Azure default): Azure Front Door Premium in front of
// the API's internal load balancer, reached through a Private Link Service, as the official
// module (modules/front_door) does. Differences, all deliberate: AKS creates the Private Link
// Service from annotations on the API Service (apiServiceAnnotations below), so no second apply
// with a load balancer id copied by hand; `braintrust install` approves Front Door's connection
// (src/deploy/private-link-approval.ts) instead of the portal; HTTPS only (HTTP redirects);
// custom domain, certificate, WAF policy, minimum TLS and origin timeout from `ingress:`.
//
// The origin (and the route and domain association that reference it) needs the Private Link
// Service, which exists only once the Helm release created the Service: those resources are
// application resources (markApplication), left out of the first install's infrastructure phase.
import { Construct } from 'constructs';
import { dependable, Fn, type ITerraformDependable } from 'cdktf';
import { CdnFrontdoorProfile } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-profile/index.js';
import { CdnFrontdoorEndpoint } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint/index.js';
import { CdnFrontdoorOriginGroup } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-origin-group/index.js';
import { CdnFrontdoorOrigin } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-origin/index.js';
import { CdnFrontdoorRoute } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-route/index.js';
import { CdnFrontdoorCustomDomain } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain/index.js';
import { CdnFrontdoorCustomDomainAssociation } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain-association/index.js';
import { CdnFrontdoorSecret } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-secret/index.js';
import { CdnFrontdoorFirewallPolicy } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy/index.js';
import { CdnFrontdoorSecurityPolicy } from '@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy/index.js';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet/index.js';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group/index.js';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { frontDoorPrivateLinkMessage, MANAGED_CERTIFICATE } from '../../src/config/ingress-schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import { markApplication } from '../common/release.js';
import { API_PORT } from '../common/helm-values.js';
import { DEFAULT_VNET_CIDR, type AzureNetwork } from './network.js';

/** A DNS record the user creates (install prints them; README "After install"). */
export interface DnsRecord {
  name: string;
  type: 'CNAME' | 'TXT' | 'A';
  value: string;
}

export interface AzureFrontDoorProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
}

/** WAF policy names: letters and digits only, starting with a letter. */
function wafPolicyName(config: Config): string {
  const clean = config.name.replace(/[^A-Za-z0-9]/g, '');
  return `${/^[A-Za-z]/.test(clean) ? '' : 'bt'}${clean}waf`;
}

export class AzureFrontDoor extends Construct {
  readonly endpoint: CdnFrontdoorEndpoint;
  /** The Private Link Service AKS creates for the API Service (its id is known before it exists). */
  readonly privateLinkServiceId: string;
  readonly privateLinkServiceName: string;
  /** The subnet of the Private Link Service's NAT addresses, with its NSG: the release waits for it. */
  readonly subnetAssociation: SubnetNetworkSecurityGroupAssociation;
  readonly subnet: Subnet;
  readonly url: string;
  readonly dnsRecords: DnsRecord[] = [];
  /** Annotations for the API Service: AKS creates the Private Link Service on its internal LB. */
  readonly apiServiceAnnotations: Record<string, string>;
  private readonly origin: CdnFrontdoorOrigin;

  constructor(scope: Construct, id: string, props: AzureFrontDoorProps) {
    super(scope, id);
    const { config, group, network } = props;
    const ingress = config.ingress;
    const tags = tagsFor(config);
    const cidr = config.network?.cidr ?? DEFAULT_VNET_CIDR;

    // NAT addresses of the Private Link Service: a subnet with Private Link network policies off
    // (official module: the private-link-service subnet and its NSG).
    this.subnet = new Subnet(this, 'pls-subnet', {
      name: resourceName(config, 'private-link-service'),
      resourceGroupName: group.name,
      virtualNetworkName: network.vnet.name,
      addressPrefixes: [Fn.cidrsubnet(cidr, 4, 7)],
      privateLinkServiceNetworkPoliciesEnabled: false,
    });
    const nsg = new NetworkSecurityGroup(this, 'pls-nsg', {
      name: resourceName(config, 'private-link-service-nsg'),
      resourceGroupName: group.name,
      location: group.location,
      tags,
    });
    this.subnetAssociation = new SubnetNetworkSecurityGroupAssociation(this, 'pls-nsg-association', { subnetId: this.subnet.id, networkSecurityGroupId: nsg.id });

    this.privateLinkServiceName = resourceName(config, 'aks-api-pls');
    this.privateLinkServiceId = `${group.id}/providers/Microsoft.Network/privateLinkServices/${this.privateLinkServiceName}`;
    // Standard AKS Service annotations (cloud-provider-azure "Azure Private Link Service
    // Integration"; learn.microsoft.com/azure/aks/internal-lb, "PLS Customizations via Annotations").
    this.apiServiceAnnotations = {
      'service.beta.kubernetes.io/azure-pls-create': 'true',
      'service.beta.kubernetes.io/azure-pls-name': this.privateLinkServiceName,
      'service.beta.kubernetes.io/azure-pls-resource-group': group.name,
      'service.beta.kubernetes.io/azure-pls-ip-configuration-subnet': this.subnet.name,
    };

    const profile = new CdnFrontdoorProfile(this, 'profile', {
      name: resourceName(config, 'afd'),
      resourceGroupName: group.name,
      // Premium: Private Link origins and WAF custom rules need it.
      skuName: 'Premium_AzureFrontDoor',
      // How long Front Door waits for the API (between chunks of a streamed response).
      responseTimeoutSeconds: ingress.originTimeoutSeconds,
      tags,
    });
    this.endpoint = new CdnFrontdoorEndpoint(this, 'endpoint', {
      name: resourceName(config, 'api-endpoint'),
      cdnFrontdoorProfileId: profile.id,
      tags,
    });
    const originGroup = new CdnFrontdoorOriginGroup(this, 'origin-group', {
      name: resourceName(config, 'api-origin-group'),
      cdnFrontdoorProfileId: profile.id,
      sessionAffinityEnabled: false,
      loadBalancing: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 },
      healthProbe: { protocol: 'Http', path: '/', requestType: 'GET', intervalInSeconds: 100 },
    });
    this.origin = new CdnFrontdoorOrigin(this, 'origin', {
      name: resourceName(config, 'api-origin'),
      cdnFrontdoorOriginGroupId: originGroup.id,
      enabled: true,
      hostName: network.apiLbAddress,
      originHostHeader: network.apiLbAddress,
      httpPort: API_PORT,
      httpsPort: 443,
      priority: 1,
      weight: 1000,
      certificateNameCheckEnabled: true,
      privateLink: {
        requestMessage: frontDoorPrivateLinkMessage(config.name),
        location: group.location,
        privateLinkTargetId: this.privateLinkServiceId,
      },
    });

    let domain: CdnFrontdoorCustomDomain | undefined;
    if (ingress.domain) {
      const managed = ingress.certificate === MANAGED_CERTIFICATE;
      const secret = managed
        ? undefined
        : new CdnFrontdoorSecret(this, 'certificate', {
            name: resourceName(config, 'api-certificate'),
            cdnFrontdoorProfileId: profile.id,
            secret: { customerCertificate: [{ keyVaultCertificateId: ingress.certificate! }] },
          });
      domain = new CdnFrontdoorCustomDomain(this, 'domain', {
        name: ingress.domain.replace(/\./g, '-'),
        cdnFrontdoorProfileId: profile.id,
        hostName: ingress.domain,
        tls: {
          certificateType: managed ? 'ManagedCertificate' : 'CustomerCertificate',
          cdnFrontdoorSecretId: secret?.id,
          minimumTlsVersion: 'TLS12',
        },
      });
      // Front Door validates the domain with a TXT record before it issues the certificate; the
      // CNAME sends traffic to the endpoint.
      if (managed) this.dnsRecords.push({ name: `_dnsauth.${ingress.domain}`, type: 'TXT', value: domain.validationToken });
      this.dnsRecords.push({ name: ingress.domain, type: 'CNAME', value: this.endpoint.hostName });
    }

    // HTTPS only: plain HTTP gets a redirect, never the API. Nothing is cached (no cache block).
    const route = new CdnFrontdoorRoute(this, 'route', {
      name: resourceName(config, 'api-route'),
      cdnFrontdoorEndpointId: this.endpoint.id,
      cdnFrontdoorOriginGroupId: originGroup.id,
      cdnFrontdoorOriginIds: [this.origin.id],
      cdnFrontdoorCustomDomainIds: domain ? [domain.id] : undefined,
      supportedProtocols: ['Http', 'Https'],
      httpsRedirectEnabled: true,
      forwardingProtocol: 'HttpOnly',
      patternsToMatch: ['/*'],
      linkToDefaultDomain: true,
    });
    markApplication(this.origin);
    markApplication(route);
    if (domain) {
      markApplication(new CdnFrontdoorCustomDomainAssociation(this, 'domain-association', {
        cdnFrontdoorCustomDomainId: domain.id,
        cdnFrontdoorRouteIds: [route.id],
      }));
    }

    // WAF: the user's policy, or one that lets only allowedCidrs through (by the TCP peer
    // address, which a client cannot forge with X-Forwarded-For).
    let wafPolicyId = ingress.wafAclId;
    if (!wafPolicyId && ingress.allowedCidrs.length) {
      wafPolicyId = new CdnFrontdoorFirewallPolicy(this, 'waf', {
        name: wafPolicyName(config),
        resourceGroupName: group.name,
        skuName: 'Premium_AzureFrontDoor',
        enabled: true,
        mode: 'Prevention',
        customRule: [
          {
            name: 'AllowOnlyAllowedCidrs',
            enabled: true,
            priority: 100,
            type: 'MatchRule',
            action: 'Block',
            matchCondition: [{ matchVariable: 'SocketAddr', operator: 'IPMatch', negationCondition: true, matchValues: ingress.allowedCidrs }],
          },
        ],
        tags,
      }).id;
    }
    if (wafPolicyId) {
      new CdnFrontdoorSecurityPolicy(this, 'security-policy', {
        name: resourceName(config, 'api-waf'),
        cdnFrontdoorProfileId: profile.id,
        securityPolicies: {
          firewall: {
            cdnFrontdoorFirewallPolicyId: wafPolicyId,
            association: {
              domain: [{ cdnFrontdoorDomainId: this.endpoint.id }, ...(domain ? [{ cdnFrontdoorDomainId: domain.id }] : [])],
              patternsToMatch: ['/*'],
            },
          },
        },
      });
    }

    this.url = `https://${ingress.domain ?? this.endpoint.hostName}`;
  }

  /** The origin's Private Link target exists once the release created the API Service. */
  afterRelease(release: ITerraformDependable): void {
    this.origin.dependsOn = [...(this.origin.dependsOn ?? []), dependable(release)];
  }
}
