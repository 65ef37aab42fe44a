// A private DNS zone linked to the VNet, so private endpoints resolve to their private IPs.
import { Construct } from 'constructs';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone/index.js';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import type { AzureNetwork } from './network.js';

export interface PrivateZoneProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
  zoneName: string;
}

export class PrivateZone extends Construct {
  readonly zone: PrivateDnsZone;
  readonly link: PrivateDnsZoneVirtualNetworkLink;

  constructor(scope: Construct, id: string, props: PrivateZoneProps) {
    super(scope, id);
    const { config, group, network, zoneName } = props;
    this.zone = new PrivateDnsZone(this, 'zone', { name: zoneName, resourceGroupName: group.name, tags: tagsFor(config) });
    this.link = new PrivateDnsZoneVirtualNetworkLink(this, 'link', {
      name: resourceName(config, `${id}-link`),
      resourceGroupName: group.name,
      privateDnsZoneName: this.zone.name,
      virtualNetworkId: network.vnet.id,
    });
  }
}
