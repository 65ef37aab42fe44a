// IAM policy documents as plain data. Values may be CDKTF string tokens: JSON.stringify keeps
// them as "${...}" interpolations inside the rendered JSON string, which Terraform resolves.

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]> | '*';
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy for an AWS service principal (ec2.amazonaws.com, lambda.amazonaws.com...). */
export function serviceTrustPolicy(service: string): string {
  return policyDocument([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]);
}

/** Read access to secrets, plus decrypting them with the deployment key. */
export function readSecretsStatements(secretArns: string[], kmsKeyArn: string): PolicyStatement[] {
  return [
    { Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns },
    { Sid: 'DecryptWithDeploymentKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: kmsKeyArn },
  ];
}

export const SSM_MANAGED_INSTANCE_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
