// The quarantine VPC for user-defined functions (official module main.tf module.quarantine_vpc,
// services-common/iam-quarantine.tf, security-groups-quarantine.tf): code scorers and tools run
// as Lambda functions the API creates at runtime in a VPC of their own, with internet egress and
// no route to the data plane's databases. The API creates, tags (BraintrustQuarantine=true),
// invokes and deletes them through the roles here; QUARANTINE_* tells it where.
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
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { subnetCidrs } from './network.js';
import { policyDocument, serviceTrustPolicy } from './policy.js';

/** The official module's default quarantine VPC range (beside the main VPC's 10.175.0.0/21). */
export const QUARANTINE_VPC_CIDR = '10.175.8.0/21';
export const QUARANTINE_TAG = 'BraintrustQuarantine';

/** The QUARANTINE_* names the API and the warmup function read; "" when quarantine is off. */
export const QUARANTINE_ENV_NAMES = [
  'QUARANTINE_INVOKE_ROLE',
  'QUARANTINE_FUNCTION_ROLE',
  'QUARANTINE_PRIVATE_SUBNET_1_ID',
  'QUARANTINE_PRIVATE_SUBNET_2_ID',
  'QUARANTINE_PRIVATE_SUBNET_3_ID',
  'QUARANTINE_PUB_PRIVATE_VPC_DEFAULT_SECURITY_GROUP',
  'QUARANTINE_PUB_PRIVATE_VPC_ID',
] as const;

export function disabledQuarantineEnv(): Record<string, string> {
  return Object.fromEntries(QUARANTINE_ENV_NAMES.map((n) => [n, '']));
}

export interface QuarantineProps {
  config: Config;
  /** The APIHandler's role: it assumes the invoke role and manages the quarantined functions. */
  apiRole: IamRole;
  accountId: string;
}

export class Quarantine extends Construct {
  readonly environment: Record<string, string>;
  readonly vpcId: string;

  constructor(scope: Construct, id: string, props: QuarantineProps) {
    super(scope, id);
    const { config } = props;
    const name = (suffix: string) => ({ Name: resourceName(config, `quarantine-${suffix}`) });
    const cidrs = subnetCidrs(QUARANTINE_VPC_CIDR);
    const az = subnetZone(this, config);
    const vpc = new Vpc(this, 'vpc', { cidrBlock: QUARANTINE_VPC_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: name('vpc') });
    const privateSubnets = [0, 1, 2].map((i) =>
      new Subnet(this, `private_${i + 1}`, { vpcId: vpc.id, cidrBlock: cidrs[i], availabilityZone: az(i), tags: name(`private-${i + 1}`) }),
    );
    const publicSubnet = new Subnet(this, 'public_1', { vpcId: vpc.id, cidrBlock: cidrs[3], availabilityZone: az(0), tags: name('public-1') });
    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: name('igw') });
    const natIp = new Eip(this, 'nat_ip', { domain: 'vpc', tags: name('nat') });
    const nat = new NatGateway(this, 'nat', { allocationId: natIp.id, subnetId: publicSubnet.id, tags: name('nat'), dependsOn: [igw] });
    const publicRoutes = new RouteTable(this, 'public_routes', { vpcId: vpc.id, tags: name('public') });
    new Route(this, 'public_default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    new RouteTableAssociation(this, 'public_1_routes', { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
    const privateRoutes = new RouteTable(this, 'private_routes', { vpcId: vpc.id, tags: name('private') });
    new Route(this, 'private_default', { routeTableId: privateRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    privateSubnets.forEach((s, i) => new RouteTableAssociation(this, `private_${i + 1}_routes`, { subnetId: s.id, routeTableId: privateRoutes.id }));

    // User code may call anything on the internet, nothing else: the VPC has no peering.
    const sg = new SecurityGroup(this, 'lambda_sg', {
      name: resourceName(config, 'quarantine-lambda'),
      description: 'Braintrust user-defined functions (quarantine VPC)',
      vpcId: vpc.id,
      tags: { Name: resourceName(config, 'quarantine-lambda') },
    });
    new VpcSecurityGroupEgressRule(this, 'lambda_egress', { securityGroupId: sg.id, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0', description: 'User functions: internet' });

    const tagged = { StringEquals: { [`aws:ResourceTag/${QUARANTINE_TAG}`]: 'true' } };
    const invokeRole = new IamRole(this, 'invoke_role', {
      name: resourceName(config, 'QuarantineInvokeRole'),
      assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { AWS: props.apiRole.arn }, Action: 'sts:AssumeRole' }]),
    });
    new IamRolePolicy(this, 'invoke_policy', {
      name: 'QuarantineInvokeRolePolicy',
      role: invokeRole.id,
      policy: policyDocument([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*', Condition: tagged }]),
    });
    const functionRole = new IamRole(this, 'function_role', {
      name: resourceName(config, 'QuarantineFunctionRole'),
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'function_role_vpc', {
      role: functionRole.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    });
    new IamRolePolicy(this, 'api_quarantine_policy', {
      name: 'quarantine',
      role: props.apiRole.id,
      policy: policyDocument([
        { Sid: 'InvokeQuarantined', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*', Condition: tagged },
        {
          Sid: 'QuarantinePublish',
          Effect: 'Allow',
          Action: ['lambda:CreateFunction', 'lambda:PublishVersion'],
          Resource: `arn:aws:lambda:${config.region}:${props.accountId}:function:*`,
          Condition: { StringEquals: { 'lambda:VpcIds': vpc.id } },
        },
        { Sid: 'TagQuarantine', Effect: 'Allow', Action: 'lambda:TagResource', Resource: '*', Condition: tagged },
        {
          Sid: 'ManageQuarantined',
          Effect: 'Allow',
          Action: ['lambda:DeleteFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration'],
          Resource: '*',
          Condition: tagged,
        },
        { Sid: 'PassFunctionRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: functionRole.arn },
        { Sid: 'DescribeNetwork', Effect: 'Allow', Action: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'], Resource: '*' },
      ]),
    });

    this.vpcId = vpc.id;
    this.environment = {
      QUARANTINE_INVOKE_ROLE: invokeRole.arn,
      QUARANTINE_FUNCTION_ROLE: functionRole.arn,
      QUARANTINE_PRIVATE_SUBNET_1_ID: privateSubnets[0].id,
      QUARANTINE_PRIVATE_SUBNET_2_ID: privateSubnets[1].id,
      QUARANTINE_PRIVATE_SUBNET_3_ID: privateSubnets[2].id,
      QUARANTINE_PUB_PRIVATE_VPC_DEFAULT_SECURITY_GROUP: sg.id,
      QUARANTINE_PUB_PRIVATE_VPC_ID: vpc.id,
    };
  }
}
