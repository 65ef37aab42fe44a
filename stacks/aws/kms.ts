// The deployment's customer-managed key (official module modules/kms): encrypts RDS, Redis,
// S3, Secrets Manager, EBS, Lambda environments and log groups.
import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { fargateKeyStatements } from './api-ecs-kms.js';
import { policyDocument } from './policy.js';

/** The Auto Scaling service-linked role, created by AWS with the account's first Auto Scaling group. */
export function autoscalingServiceRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

export interface KmsProps {
  config: Config;
  accountId: string;
}

export class DeploymentKey extends Construct {
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: KmsProps) {
    super(scope, id);
    const { config, accountId } = props;
    const region = config.region;
    // EBS volumes of Auto Scaling instances are encrypted on the service-linked role's behalf:
    // without these grants, launching a Brainstore instance fails (official module kms policy).
    // KMS rejects a key policy whose Principal names a role that does not exist yet, and in a
    // new account AWSServiceRoleForAutoScaling only appears with the first Auto Scaling group
    // (the official module asks for scripts/create-service-linked-roles.sh first). So the role
    // is matched by aws:PrincipalArn instead: same single principal, no ordering requirement.
    const autoscalingRole = autoscalingServiceRoleArn(accountId);
    const autoscalingPrincipal = { Principal: { AWS: '*' }, Condition: { ArnEquals: { 'aws:PrincipalArn': autoscalingRole } } };
    const useKey = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
    const key = new KmsKey(this, 'key', {
      description: `Braintrust data plane ${config.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: config.tier === 'production' ? 30 : 7,
      policy: policyDocument([
        { Sid: 'AccountAdministration', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'AutoScalingUse', Effect: 'Allow', ...autoscalingPrincipal, Action: useKey, Resource: '*' },
        {
          Sid: 'AutoScalingGrants',
          Effect: 'Allow',
          Principal: autoscalingPrincipal.Principal,
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { ...autoscalingPrincipal.Condition, Bool: { 'kms:GrantIsForAWSResource': true } },
        },
        {
          Sid: 'CloudWatchLogs',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: [...useKey, 'kms:CreateGrant'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:*` } },
        },
        ...fargateKeyStatements(config, accountId),
      ]),
      tags: { Name: resourceName(config, 'main') },
    });
    new KmsAlias(this, 'alias', { name: `alias/braintrust/${config.name}`, targetKeyId: key.keyId });
    this.keyArn = key.arn;
  }
}
