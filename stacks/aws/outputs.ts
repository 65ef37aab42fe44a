// Stack outputs. The names are a contract with connect, doctor, support-bundle and
// support-access (they read .braintrust/state/outputs.json): change them only together.
// Nothing secret is output: credentials stay in Secrets Manager, referenced by ARN.
import { TerraformOutput, type TerraformStack } from 'cdktf';

export const OUTPUT_NAMES = [
  'api_url',
  'region',
  'postgres_host',
  'postgres_port',
  'postgres_secret_arn',
  'redis_host',
  'redis_port',
  'redis_secret_arn',
  'brainstore_bucket',
  'code_bundle_bucket',
  'response_bucket',
  'bastion_instance_id',
  'brainstore_reader_asg',
  'brainstore_writer_asg',
  'brainstore_url',
  'kms_key_arn',
  'vpc_id',
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];
/** Present only when remote access has been granted. */
export const SUPPORT_ROLE_OUTPUT = 'support_role_arn';

const DESCRIPTIONS: Record<OutputName, string> = {
  api_url: 'Data plane URL: enter it in the Braintrust dashboard (Settings > Data Plane > API URL)',
  region: 'AWS region',
  postgres_host: 'PostgreSQL endpoint (private; reach it with braintrust connect)',
  postgres_port: 'PostgreSQL port',
  postgres_secret_arn: 'Secrets Manager secret with the PostgreSQL credentials',
  redis_host: 'Redis primary endpoint (private, TLS)',
  redis_port: 'Redis port',
  redis_secret_arn: 'Secrets Manager secret with the Redis AUTH token',
  brainstore_bucket: 'S3 bucket of the Brainstore index and WAL',
  code_bundle_bucket: 'S3 bucket of function code bundles',
  response_bucket: 'S3 bucket of large API responses (expire after 1 day)',
  bastion_instance_id: 'SSM bastion used for port forwarding',
  brainstore_reader_asg: 'Auto Scaling group of Brainstore readers (the combined node in testing)',
  brainstore_writer_asg: 'Auto Scaling group of Brainstore writers (the combined node in testing)',
  brainstore_url: 'Internal Brainstore URL (reader load balancer)',
  kms_key_arn: 'KMS key encrypting the data plane',
  vpc_id: 'VPC of the data plane',
};

export function addOutputs(stack: TerraformStack, values: Record<OutputName, string | number>, supportRoleArn?: string): void {
  for (const name of OUTPUT_NAMES) {
    new TerraformOutput(stack, name, { value: values[name], description: DESCRIPTIONS[name] });
  }
  if (supportRoleArn) {
    new TerraformOutput(stack, SUPPORT_ROLE_OUTPUT, {
      value: supportRoleArn,
      description: 'Role Braintrust support assumes (expires with the latest grant)',
    });
  }
}
