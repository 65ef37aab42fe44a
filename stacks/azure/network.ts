// VNet for the data plane (official module modules/vnet): AKS nodes, a subnet delegated to
// PostgreSQL Flexible Server, one for private endpoints (Redis, Blob) and one for the API's
// internal load balancer. Egress from the nodes goes through a NAT gateway.
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network/index.js';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet/index.js';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip/index.js';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway/index.js';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association/index.js';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association/index.js';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group/index.js';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';

export const DEFAULT_VNET_CIDR = '10.175.0.0/20';

export class AzureNetwork extends Construct {
  readonly vnet: VirtualNetwork;
  readonly aksSubnet: Subnet;
  readonly postgresSubnet: Subnet;
  readonly endpointSubnet: Subnet;
  readonly apiLbSubnet: Subnet;
  /** AKS uses the NAT gateway for egress: the association must exist first. */
  readonly natAssociation: SubnetNatGatewayAssociation;
  /** Every subnet's NSG association: the cluster and endpoints come after them. */
  readonly nsgAssociations: SubnetNetworkSecurityGroupAssociation[] = [];
  /** Fixed address of the API's internal load balancer (api_url). */
  readonly apiLbAddress: string;

  constructor(scope: Construct, id: string, config: Config, group: ResourceGroup) {
    super(scope, id);
    const cidr = config.network?.cidr ?? DEFAULT_VNET_CIDR;
    const base = { resourceGroupName: group.name };
    this.vnet = new VirtualNetwork(this, 'vnet', {
      ...base,
      name: resourceName(config, 'vnet'),
      location: group.location,
      addressSpace: [cidr],
      tags: tagsFor(config),
    });
    const subnet = (name: string, prefix: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}) =>
      new Subnet(this, name, {
        ...base,
        name: resourceName(config, name),
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [prefix],
        ...extra,
      });
    // A quarter of the range for nodes (pods use the overlay network), /24-sized slices
    // (for a /20) for the rest.
    this.aksSubnet = subnet('aks', Fn.cidrsubnet(cidr, 2, 0));
    this.endpointSubnet = subnet('endpoints', Fn.cidrsubnet(cidr, 4, 4));
    this.postgresSubnet = subnet('postgres', Fn.cidrsubnet(cidr, 4, 5), {
      delegation: [
        {
          name: 'postgres',
          serviceDelegation: {
            name: 'Microsoft.DBforPostgreSQL/flexibleServers',
            actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'],
          },
        },
      ],
    });
    this.apiLbSubnet = subnet('api-lb', Fn.cidrsubnet(cidr, 4, 6));
    this.apiLbAddress = Fn.cidrhost(Fn.cidrsubnet(cidr, 4, 6), 10);

    // One network security group per subnet, as the official module (modules/vnet): Azure's
    // default rules (VNet and load balancer in, nothing else from the internet), and a place
    // for your own rules. AKS adds its load-balancer rules to the node subnet's group itself.
    for (const [name, s] of [['aks', this.aksSubnet], ['endpoints', this.endpointSubnet], ['postgres', this.postgresSubnet], ['api-lb', this.apiLbSubnet]] as const) {
      const nsg = new NetworkSecurityGroup(this, `nsg-${name}`, {
        ...base,
        name: resourceName(config, `${name}-nsg`),
        location: group.location,
        tags: tagsFor(config),
      });
      this.nsgAssociations.push(new SubnetNetworkSecurityGroupAssociation(this, `nsg-${name}-association`, { subnetId: s.id, networkSecurityGroupId: nsg.id }));
    }

    const ip = new PublicIp(this, 'nat-ip', {
      ...base,
      name: resourceName(config, 'nat-ip'),
      location: group.location,
      allocationMethod: 'Static',
      sku: 'Standard',
      tags: tagsFor(config),
    });
    const nat = new NatGateway(this, 'nat', {
      ...base,
      name: resourceName(config, 'nat'),
      location: group.location,
      skuName: 'Standard',
      tags: tagsFor(config),
    });
    new NatGatewayPublicIpAssociation(this, 'nat-ip-association', { natGatewayId: nat.id, publicIpAddressId: ip.id });
    this.natAssociation = new SubnetNatGatewayAssociation(this, 'aks-nat', { subnetId: this.aksSubnet.id, natGatewayId: nat.id });
  }
}
