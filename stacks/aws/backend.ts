// Terraform state location from config.state. S3 uses native lock files (Terraform >= 1.10)
// unless a legacy DynamoDB lock table is named.
import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/schema.js';

export const DEFAULT_LOCAL_STATE = 'terraform.tfstate';

export function configureBackend(stack: TerraformStack, config: Config): void {
  const state = config.state;
  switch (state.backend) {
    case 'local':
      new LocalBackend(stack, { path: state.path ?? DEFAULT_LOCAL_STATE });
      return;
    case 's3': {
      const backend = new S3Backend(stack, {
        bucket: state.bucket,
        key: state.key,
        region: state.region ?? config.region,
        encrypt: true,
        ...(state.dynamodbTable ? { dynamodbTable: state.dynamodbTable } : {}),
      });
      // cdktf 0.21's S3BackendConfig predates use_lockfile.
      if (!state.dynamodbTable) backend.addOverride('use_lockfile', true);
      return;
    }
    case 'gcs':
      new GcsBackend(stack, { bucket: state.bucket, prefix: state.prefix });
      return;
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: state.resourceGroupName,
        storageAccountName: state.storageAccountName,
        containerName: state.containerName,
        key: state.key,
      });
      return;
  }
}
