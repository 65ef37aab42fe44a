// VPC for the data plane (official module modules/vpc): one subnet with secondary ranges for
// GKE pods and services, Cloud NAT for egress from private nodes, and private services access
// so Cloud SQL and Memorystore get private IPs in the VPC.
import { Construct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network/index.js';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork/index.js';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router/index.js';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat/index.js';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address/index.js';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address/index.js';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { ingressMode } from '../../src/config/ingress-schema.js';

export const DEFAULT_SUBNET_CIDR = '10.0.0.0/20';
export const POD_RANGE = { name: 'pods', cidr: '10.64.0.0/14' } as const;
export const SERVICE_RANGE = { name: 'services', cidr: '10.68.0.0/20' } as const;

export class GcpNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;
  /** Cloud SQL and Memorystore must wait for the peering (official README: first apply races it). */
  readonly privateServiceAccess: ServiceNetworkingConnection;
  /**
   * Static internal address the API's internal passthrough load balancer takes (api_url), when
   * there is no HTTPS ingress; with one the API Service is ClusterIP behind the Gateway.
   */
  readonly apiAddress?: ComputeAddress;

  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id);
    const region = config.region!;
    this.network = new ComputeNetwork(this, 'vpc', {
      name: resourceName(config, 'vpc'),
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
    });
    this.subnet = new ComputeSubnetwork(this, 'subnet', {
      name: resourceName(config, 'subnet'),
      network: this.network.id,
      region,
      ipCidrRange: config.network?.cidr ?? DEFAULT_SUBNET_CIDR,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: POD_RANGE.name, ipCidrRange: POD_RANGE.cidr },
        { rangeName: SERVICE_RANGE.name, ipCidrRange: SERVICE_RANGE.cidr },
      ],
    });
    const router = new ComputeRouter(this, 'router', {
      name: resourceName(config, 'router'),
      network: this.network.id,
      region,
    });
    new ComputeRouterNat(this, 'nat', {
      name: resourceName(config, 'nat'),
      router: router.name,
      region,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
    const peeringRange = new ComputeGlobalAddress(this, 'private-services-range', {
      name: resourceName(config, 'private-services'),
      network: this.network.id,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      prefixLength: 16,
    });
    this.privateServiceAccess = new ServiceNetworkingConnection(this, 'private-services', {
      network: this.network.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [peeringRange.name],
      // Deleting the peering fails while Cloud SQL's producer network still exists.
      deletionPolicy: 'ABANDON',
    });
    if (ingressMode(config)) return;
    this.apiAddress = new ComputeAddress(this, 'api-address', {
      name: resourceName(config, 'api-ilb'),
      region,
      subnetwork: this.subnet.id,
      addressType: 'INTERNAL',
      purpose: 'SHARED_LOADBALANCER_VIP',
    });
  }
}
