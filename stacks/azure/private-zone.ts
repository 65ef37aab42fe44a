// A private DNS zone linked to the VNet, so private endpoints resolve to their private IPs.
import { Construct } from 'constructs';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint/index.js';
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

export interface ServiceEndpointProps extends PrivateZoneProps {
  /** Construct id of the zone under the caller's scope (it also names the VNet link). */
  zoneId: string;
  /** Names the endpoint `<name>-<service>-endpoint` and its connection `<name>-<service>`. */
  service: string;
  /** The resource reached privately and its sub-resource (`blob`, `redisEnterprise`). */
  resourceId: string;
  subresource: string;
}

/**
 * A private endpoint in the endpoint subnet for a service whose public access is off, with
 * the private DNS zone that resolves it (construct ids `<zoneId>` and `endpoint` in `scope`).
 */
export function privateEndpoint(scope: Construct, props: ServiceEndpointProps): PrivateEndpoint {
  const { config, group, network, zoneName } = props;
  const zone = new PrivateZone(scope, props.zoneId, { config, group, network, zoneName });
  return new PrivateEndpoint(scope, 'endpoint', {
    name: resourceName(config, `${props.service}-endpoint`),
    resourceGroupName: group.name,
    location: group.location,
    subnetId: network.endpointSubnet.id,
    privateServiceConnection: {
      name: resourceName(config, props.service),
      privateConnectionResourceId: props.resourceId,
      subresourceNames: [props.subresource],
      isManualConnection: false,
    },
    privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [zone.zone.id] },
    tags: tagsFor(config),
    dependsOn: [zone.link],
  });
}
