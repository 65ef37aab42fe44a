// Private ingress (ingress.mode private): an internal Application Gateway v2 with only a private
// frontend address, terminating HTTPS for ingress.domain with the user's Key Vault certificate and
// forwarding to the API's internal load balancer. No Front Door, nothing on the internet.
// A private-only gateway needs the subscription feature
// Microsoft.Network/EnableApplicationGatewayNetworkIsolation (README "Azure ingress").
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ApplicationGateway } from '@cdktf/provider-azurerm/lib/application-gateway/index.js';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import { DataAzurermResources } from '@cdktf/provider-azurerm/lib/data-azurerm-resources/index.js';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet/index.js';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group/index.js';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule/index.js';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import { API_PORT } from '../common/helm-values.js';
import { DEFAULT_VNET_CIDR, type AzureNetwork } from './network.js';
import type { DnsRecord } from './front-door.js';

export interface AzureAppGatewayProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
}

const N = {
  gatewayIp: 'gateway',
  frontendIp: 'private',
  port: 'https',
  certificate: 'api',
  listener: 'api-https',
  pool: 'api',
  settings: 'api',
  probe: 'api',
  rule: 'api',
};

export class AzureAppGateway extends Construct {
  readonly gateway: ApplicationGateway;
  readonly identity: UserAssignedIdentity;
  /** The gateway's fixed private address (the A record for ingress.domain). */
  readonly address: string;
  readonly url: string;
  readonly dnsRecords: DnsRecord[];
  readonly subnetAssociation: SubnetNetworkSecurityGroupAssociation;

  constructor(scope: Construct, id: string, props: AzureAppGatewayProps) {
    super(scope, id);
    const { config, group, network } = props;
    const ingress = config.ingress;
    const domain = ingress.domain!;
    const certificate = ingress.certificate!;
    const tags = tagsFor(config);
    const production = config.tier === 'production';
    const cidr = config.network?.cidr ?? DEFAULT_VNET_CIDR;
    const prefix = Fn.cidrsubnet(cidr, 4, 8);

    // A dedicated subnet (Application Gateway requires one) whose NSG admits HTTPS from
    // allowedCidrs only when set; otherwise from the VNet (and networks connected to it).
    const subnet = new Subnet(this, 'subnet', {
      name: resourceName(config, 'app-gateway'),
      resourceGroupName: group.name,
      virtualNetworkName: network.vnet.name,
      addressPrefixes: [prefix],
    });
    const nsg = new NetworkSecurityGroup(this, 'nsg', {
      name: resourceName(config, 'app-gateway-nsg'),
      resourceGroupName: group.name,
      location: group.location,
      tags,
    });
    const rule = (name: string, priority: number, access: 'Allow' | 'Deny', source: { sourceAddressPrefix?: string; sourceAddressPrefixes?: string[] }, ports: string) =>
      new NetworkSecurityRule(this, `nsg-${name}`, {
        name,
        resourceGroupName: group.name,
        networkSecurityGroupName: nsg.name,
        priority,
        direction: 'Inbound',
        access,
        protocol: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: ports,
        ...source,
      });
    const rules = [
      // Azure's platform probes and the v2 infrastructure ports.
      rule('AllowGatewayManager', 100, 'Allow', { sourceAddressPrefix: 'GatewayManager' }, '65200-65535'),
      rule('AllowAzureLoadBalancer', 110, 'Allow', { sourceAddressPrefix: 'AzureLoadBalancer' }, '*'),
      ingress.allowedCidrs.length
        ? rule('AllowHttpsFromAllowedCidrs', 200, 'Allow', { sourceAddressPrefixes: ingress.allowedCidrs }, '443')
        : rule('AllowHttpsFromVirtualNetwork', 200, 'Allow', { sourceAddressPrefix: 'VirtualNetwork' }, '443'),
      rule('DenyOtherInbound', 4000, 'Deny', { sourceAddressPrefix: '*' }, '*'),
    ];
    const association = (this.subnetAssociation = new SubnetNetworkSecurityGroupAssociation(this, 'nsg-association', { subnetId: subnet.id, networkSecurityGroupId: nsg.id }));

    // The gateway reads the certificate from the user's vault with this identity: Key Vault
    // Secrets User on the vault (found by name in the subscription; Azure RBAC permission model).
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: resourceName(config, 'app-gateway'),
      resourceGroupName: group.name,
      location: group.location,
      tags,
    });
    const vaultName = new URL(certificate).hostname.split('.')[0];
    const vault = new DataAzurermResources(this, 'certificate-vault', { type: 'Microsoft.KeyVault/vaults', name: vaultName });
    const grant = new RoleAssignment(this, 'certificate-reader', {
      scope: vault.resources.get(0).id,
      roleDefinitionName: 'Key Vault Secrets User',
      principalId: this.identity.principalId,
      principalType: 'ServicePrincipal',
    });

    this.address = Fn.cidrhost(prefix, 10);
    const waf = Boolean(ingress.wafAclId);
    this.gateway = new ApplicationGateway(this, 'gateway', {
      name: resourceName(config, 'app-gateway'),
      resourceGroupName: group.name,
      location: group.location,
      sku: { name: waf ? 'WAF_v2' : 'Standard_v2', tier: waf ? 'WAF_v2' : 'Standard_v2' },
      autoscaleConfiguration: { minCapacity: production ? 2 : 1, maxCapacity: 10 },
      zones: production ? ['1', '2', '3'] : undefined,
      firewallPolicyId: ingress.wafAclId,
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      gatewayIpConfiguration: [{ name: N.gatewayIp, subnetId: subnet.id }],
      // Private frontend only: no public IP.
      frontendIpConfiguration: [{ name: N.frontendIp, subnetId: subnet.id, privateIpAddress: this.address, privateIpAddressAllocation: 'Static' }],
      frontendPort: [{ name: N.port, port: 443 }],
      sslCertificate: [{ name: N.certificate, keyVaultSecretId: certificate }],
      sslPolicy: ingress.minTlsVersion === '1.3'
        ? { policyType: 'CustomV2', minProtocolVersion: 'TLSv1_3' }
        : { policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' },
      // The only listener: HTTPS for ingress.domain.
      httpListener: [{ name: N.listener, frontendIpConfigurationName: N.frontendIp, frontendPortName: N.port, protocol: 'Https', sslCertificateName: N.certificate, hostName: domain, requireSni: false }],
      backendAddressPool: [{ name: N.pool, ipAddresses: [network.apiLbAddress] }],
      probe: [{ name: N.probe, protocol: 'Http', host: network.apiLbAddress, port: API_PORT, path: '/', interval: 30, timeout: 30, unhealthyThreshold: 3 }],
      backendHttpSettings: [{
        name: N.settings,
        cookieBasedAffinity: 'Disabled',
        port: API_PORT,
        protocol: 'Http',
        // How long the gateway waits for the API's response.
        requestTimeout: ingress.originTimeoutSeconds,
        probeName: N.probe,
      }],
      requestRoutingRule: [{ name: N.rule, ruleType: 'Basic', httpListenerName: N.listener, backendAddressPoolName: N.pool, backendHttpSettingsName: N.settings, priority: 100 }],
      tags,
      dependsOn: [grant, association, ...rules],
    });

    this.url = `https://${domain}`;
    this.dnsRecords = [{ name: domain, type: 'A', value: this.address }];
  }
}
