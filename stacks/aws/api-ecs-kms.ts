// Key policy statements for the ECS API (official module modules/kms/main.tf): Fargate encrypts
// each task's ephemeral storage with the deployment key (ecs_cluster
// fargate_ephemeral_storage_kms_key_id), which it may do only for this cluster. Added to the
// key policy only while ECS is deployed, so a Lambda deployment's key policy is unchanged.
import type { Config } from '../../src/config/schema.js';
import { deployedRuntimes } from '../../src/config/api-runtime.js';
import type { PolicyStatement } from './policy.js';

export function fargateKeyStatements(config: Config, accountId: string): PolicyStatement[] {
  if (!deployedRuntimes(config).has('ecs')) return [];
  const fargate = { Service: 'fargate.amazonaws.com' };
  const thisCluster = { 'kms:EncryptionContext:aws:ecs:clusterAccount': accountId, 'kms:EncryptionContext:aws:ecs:clusterName': config.name };
  return [
    { Sid: 'FargateEphemeralStorageKeys', Effect: 'Allow', Principal: fargate, Action: 'kms:GenerateDataKeyWithoutPlaintext', Resource: '*', Condition: { StringEquals: thisCluster } },
    {
      Sid: 'FargateEphemeralStorageGrants', Effect: 'Allow', Principal: fargate, Action: 'kms:CreateGrant', Resource: '*',
      Condition: { StringEquals: thisCluster, 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt'] } },
    },
    { Sid: 'FargateDescribeKey', Effect: 'Allow', Principal: fargate, Action: 'kms:DescribeKey', Resource: '*' },
  ];
}
