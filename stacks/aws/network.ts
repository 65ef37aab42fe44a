// The VPC the data plane runs in (official module modules/vpc: 3 private subnets + 1 public,
// IGW, one NAT gateway, S3 gateway endpoint) or an existing VPC from config.network, plus the
// security groups between the components: every ingress names its source group and port.
import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { Route } from '@cdktf/provider-aws/lib/route/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { subnetZone } from './zones.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';

/** The official module's default main VPC range. */
export const DEFAULT_VPC_CIDR = '10.175.0.0/21';
export const PORTS = { postgres: 5432, redis: 6379, brainstore: 4000, https: 443 } as const;
const PRIVATE_SUBNETS = 3;

export interface SecurityGroupIds {
  api: string;
  brainstore: string;
  brainstoreLb: string;
  database: string;
  redis: string;
  bastion: string;
}

/** Split a CIDR into 4 equal subnets (2 more prefix bits): 3 private + 1 public. */
export function subnetCidrs(cidr: string): string[] {
  const [ip, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (prefix > 24) throw new Error(`network.cidr ${cidr}: use a /24 or larger range (each of the 4 subnets gets a quarter)`);
  const base = ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix - 2);
  const aligned = base - (base % (size * 4));
  return [0, 1, 2, 3].map((i) => {
    const n = aligned + i * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')}/${prefix + 2}`;
  });
}

export interface NetworkProps {
  config: Config;
}

export class Network extends Construct {
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly securityGroups: SecurityGroupIds;
  /** True when the VPC is created here (false: config.network.existingVpcId). */
  readonly created: boolean;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { config } = props;
    const existing = config.network?.existingVpcId;
    this.created = !existing;
    if (existing) {
      const subnets = config.network?.existingPrivateSubnetIds ?? [];
      if (subnets.length < 2) {
        throw new Error(
          `network.existingPrivateSubnetIds: ${subnets.length} given; an existing VPC needs at least 2 (ideally 3) private subnets in distinct availability zones, with a NAT route to the internet`,
        );
      }
      this.vpcId = existing;
      this.privateSubnetIds = subnets;
    } else {
      const created = this.createVpc(config);
      this.vpcId = created.vpcId;
      this.privateSubnetIds = created.privateSubnetIds;
    }
    this.securityGroups = this.createSecurityGroups(config);
  }

  private createVpc(config: Config): { vpcId: string; privateSubnetIds: string[] } {
    const cidr = config.network?.cidr ?? DEFAULT_VPC_CIDR;
    const cidrs = subnetCidrs(cidr);
    const name = (suffix: string) => ({ Name: resourceName(config, suffix) });
    // config.zones when set, else the region's first regular AZs (stacks/aws/zones.ts).
    const az = subnetZone(this, config);

    const vpc = new Vpc(this, 'vpc', { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: name('main') });
    const privateSubnets = Array.from({ length: PRIVATE_SUBNETS }, (_, i) =>
      new Subnet(this, `private_${i + 1}`, {
        vpcId: vpc.id,
        cidrBlock: cidrs[i],
        availabilityZone: az(i),
        tags: name(`private-${i + 1}`),
      }),
    );
    const publicSubnet = new Subnet(this, 'public_1', {
      vpcId: vpc.id,
      cidrBlock: cidrs[3],
      availabilityZone: az(0),
      mapPublicIpOnLaunch: false,
      tags: name('public-1'),
    });

    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: name('igw') });
    const natIp = new Eip(this, 'nat_ip', { domain: 'vpc', tags: name('nat') });
    const nat = new NatGateway(this, 'nat', {
      allocationId: natIp.id,
      subnetId: publicSubnet.id,
      tags: name('nat'),
      dependsOn: [igw],
    });

    const publicRoutes = new RouteTable(this, 'public_routes', { vpcId: vpc.id, tags: name('public') });
    new Route(this, 'public_default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    new RouteTableAssociation(this, 'public_1_routes', { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });

    const privateRoutes = new RouteTable(this, 'private_routes', { vpcId: vpc.id, tags: name('private') });
    new Route(this, 'private_default', { routeTableId: privateRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    privateSubnets.forEach((subnet, i) =>
      new RouteTableAssociation(this, `private_${i + 1}_routes`, { subnetId: subnet.id, routeTableId: privateRoutes.id }),
    );

    // Brainstore and the API move most bytes to S3: keep that traffic off the NAT gateway.
    new VpcEndpoint(this, 's3_endpoint', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${config.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [privateRoutes.id],
      tags: name('s3'),
    });
    return { vpcId: vpc.id, privateSubnetIds: privateSubnets.map((s) => s.id) };
  }

  private createSecurityGroups(config: Config): SecurityGroupIds {
    const group = (id: string, suffix: string, description: string) =>
      new SecurityGroup(this, id, {
        name: resourceName(config, suffix),
        description,
        vpcId: this.vpcId,
        tags: { Name: resourceName(config, suffix) },
      }).id;
    const sg: SecurityGroupIds = {
      api: group('api_sg', 'api', 'Braintrust API Lambdas'),
      brainstore: group('brainstore_sg', 'brainstore', 'Brainstore instances'),
      brainstoreLb: group('brainstore_lb_sg', 'brainstore-lb', 'Brainstore internal load balancers'),
      database: group('database_sg', 'database', 'Braintrust PostgreSQL'),
      redis: group('redis_sg', 'redis', 'Braintrust Redis'),
      bastion: group('bastion_sg', 'bastion', 'Braintrust bastion (SSM port forwarding; no inbound)'),
    };

    const allow = (id: string, to: string, from: string, port: number, description: string) => {
      new VpcSecurityGroupIngressRule(this, `${id}_in`, {
        securityGroupId: to,
        referencedSecurityGroupId: from,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description,
      });
    };
    allow('api_to_database', sg.database, sg.api, PORTS.postgres, 'PostgreSQL from the API Lambdas');
    allow('brainstore_to_database', sg.database, sg.brainstore, PORTS.postgres, 'PostgreSQL from Brainstore');
    allow('bastion_to_database', sg.database, sg.bastion, PORTS.postgres, 'PostgreSQL from the bastion (braintrust connect)');
    allow('api_to_redis', sg.redis, sg.api, PORTS.redis, 'Redis from the API Lambdas');
    allow('brainstore_to_redis', sg.redis, sg.brainstore, PORTS.redis, 'Redis from Brainstore');
    allow('bastion_to_redis', sg.redis, sg.bastion, PORTS.redis, 'Redis from the bastion (braintrust connect)');
    allow('api_to_brainstore_lb', sg.brainstoreLb, sg.api, PORTS.brainstore, 'Brainstore from the API Lambdas');
    allow('lb_to_brainstore', sg.brainstore, sg.brainstoreLb, PORTS.brainstore, 'Brainstore from its load balancers');

    const egressAll = (id: string, from: string, description: string) =>
      new VpcSecurityGroupEgressRule(this, `${id}_out`, { securityGroupId: from, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0', description });
    const egressTo = (id: string, from: string, to: string, port: number, description: string) =>
      new VpcSecurityGroupEgressRule(this, `${id}_out`, {
        securityGroupId: from,
        referencedSecurityGroupId: to,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description,
      });
    // The API calls AI providers and the control plane; Brainstore pulls its image and reaches S3.
    egressAll('api_all', sg.api, 'API Lambdas: AI providers, control plane, AWS APIs');
    egressAll('brainstore_all', sg.brainstore, 'Brainstore: image registry, S3, AWS APIs');
    egressTo('lb_to_brainstore', sg.brainstoreLb, sg.brainstore, PORTS.brainstore, 'Load balancer to Brainstore instances');
    // The bastion only needs HTTPS (SSM, Secrets Manager) and the two data stores it forwards to.
    new VpcSecurityGroupEgressRule(this, 'bastion_https_out', {
      securityGroupId: sg.bastion,
      ipProtocol: 'tcp',
      fromPort: PORTS.https,
      toPort: PORTS.https,
      cidrIpv4: '0.0.0.0/0',
      description: 'Bastion: SSM and AWS APIs',
    });
    egressTo('bastion_to_database', sg.bastion, sg.database, PORTS.postgres, 'Bastion to PostgreSQL');
    egressTo('bastion_to_redis', sg.bastion, sg.redis, PORTS.redis, 'Bastion to Redis');
    return sg;
  }
}
