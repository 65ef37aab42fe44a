// A small Graviton instance in a private subnet, reachable only through SSM Session Manager
// (no inbound rules, no SSH keys). `braintrust connect` port-forwards through it to PostgreSQL
// and Redis (AWS-StartPortForwardingSessionToRemoteHost); Braintrust support uses the same
// path when remote access is granted (official module remote-support bastion).
import { Construct } from 'constructs';
import { Instance } from '@cdktf/provider-aws/lib/instance/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { serviceTrustPolicy, SSM_MANAGED_INSTANCE_CORE } from './policy.js';

export const BASTION_INSTANCE_TYPE = 't4g.small';

export interface BastionProps {
  config: Config;
  subnetId: string;
  securityGroupId: string;
  kmsKeyArn: string;
  amiId: string;
}

export class Bastion extends Construct {
  readonly instanceId: string;
  readonly instanceArn: string;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const { config } = props;
    const role = new IamRole(this, 'role', {
      name: resourceName(config, 'bastion'),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    // Session Manager only: port forwarding needs no access to secrets or data from the instance.
    new IamRolePolicyAttachment(this, 'ssm', { role: role.name, policyArn: SSM_MANAGED_INSTANCE_CORE });
    const profile = new IamInstanceProfile(this, 'profile', { name: resourceName(config, 'bastion'), role: role.name });
    const instance = new Instance(this, 'instance', {
      ami: props.amiId,
      instanceType: BASTION_INSTANCE_TYPE,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [props.securityGroupId],
      associatePublicIpAddress: false,
      iamInstanceProfile: profile.name,
      rootBlockDevice: { volumeSize: 20, volumeType: 'gp3', encrypted: true, kmsKeyId: props.kmsKeyArn, deleteOnTermination: true },
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      tags: { Name: resourceName(config, 'bastion') },
      // A newer Ubuntu image must not replace the bastion in the middle of someone's session.
      lifecycle: { ignoreChanges: ['ami'] },
    });
    this.instanceId = instance.id;
    this.instanceArn = instance.arn;
  }
}
