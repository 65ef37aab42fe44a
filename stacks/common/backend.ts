// Where a stack keeps its Terraform state, from config.state. Local paths are relative to the
// stack directory terraform runs in. S3 uses native lock files (Terraform >= 1.10) unless a
// legacy DynamoDB lock table is named.
import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { Config, StateConfig } from '../../src/config/schema.js';

export const DEFAULT_LOCAL_STATE = 'terraform.tfstate';

export type BackendKind = StateConfig['backend'];

export function configureBackend(stack: TerraformStack, config: Config, allowed: readonly BackendKind[]): void {
  const state = config.state;
  // Which backends a cloud allows is a config rule (src/config/rules.ts); reaching here is a bug.
  if (!allowed.includes(state.backend)) throw new Error(`internal: state.backend ${state.backend} passed validation for cloud ${config.cloud}`);
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
        useAzureadAuth: true,
      });
      return;
  }
}
