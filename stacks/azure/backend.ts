// Where the Azure stack keeps its Terraform state: a local file or an Azure Storage blob.
import { AzurermBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/schema.js';

export function configureBackend(stack: TerraformStack, config: Config): void {
  const state = config.state;
  switch (state.backend) {
    case 'local':
      // Relative to the stack directory terraform runs in (cdktf would otherwise write cwd).
      new LocalBackend(stack, { path: state.path ?? 'terraform.tfstate' });
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
    default:
      throw new Error(`state.backend ${state.backend} is not available on Azure: use local or azurerm`);
  }
}
