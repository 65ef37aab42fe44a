// Key Vault for the deployment's secrets (official module modules/kms): RBAC authorization,
// purge protection in production. The chart's CSI SecretProviderClass syncs the secrets
// named below into the braintrust-secrets Kubernetes Secret (values azureKeyVaultDriver).
import { Construct } from 'constructs';
import type { ITerraformDependable, Precondition } from 'cdktf';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault/index.js';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import type { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { tagsFor } from '../common/naming.js';
import type { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint/index.js';
import type { AzureNetwork } from './network.js';
import { privateEndpoint } from './private-zone.js';

/** Key Vault secret -> braintrust-secrets key: the chart's defaults (ci/values-azure.yaml). */
export const CHART_SECRETS = {
  'redis-connection-string': 'REDIS_URL',
  'postgres-connection-string': 'PG_URL',
  'brainstore-license-key': 'BRAINSTORE_LICENSE_KEY',
  'function-secret-key': 'FUNCTION_SECRET_KEY',
  'azure-storage-connection-string': 'AZURE_STORAGE_CONNECTION_STRING',
} as const;

/** Vault names: 3-24 characters, global. */
export function keyVaultName(config: Config, suffix: string): string {
  return `${config.name.slice(0, 13).replace(/-+$/, '')}-kv-${suffix}`;
}

export interface AzureKeyVaultProps {
  config: Config;
  group: ResourceGroup;
  client: DataAzurermClientConfig;
  suffix: string;
  network: AzureNetwork;
}

export class AzureKeyVault extends Construct {
  readonly vault: KeyVault;
  /** The identity running terraform may write secrets once this exists. */
  readonly writerAccess: RoleAssignment;
  /** The CSI driver in the cluster reads the secrets through it (official module: privatelink). */
  readonly endpoint: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: AzureKeyVaultProps) {
    super(scope, id);
    const { config, group, client, suffix, network } = props;
    const production = config.tier === 'production';
    this.vault = new KeyVault(this, 'vault', {
      name: keyVaultName(config, suffix),
      resourceGroupName: group.name,
      location: group.location,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: production,
      softDeleteRetentionDays: production ? 90 : 7,
      // Terraform writes the secrets from outside the VNet; inside it the private DNS zone
      // resolves the vault to its private endpoint. Access is by Entra ID role only.
      publicNetworkAccessEnabled: true,
      tags: tagsFor(config),
    });
    this.writerAccess = new RoleAssignment(this, 'terraform-secrets-officer', {
      scope: this.vault.id,
      roleDefinitionName: 'Key Vault Secrets Officer',
      principalId: client.objectId,
    });
    this.endpoint = privateEndpoint(this, {
      config,
      group,
      network,
      zoneId: 'vault-dns',
      zoneName: 'privatelink.vaultcore.azure.net',
      service: 'vault',
      resourceId: this.vault.id,
      subresource: 'vault',
    });
  }

  /**
   * A secret in the vault. `after` holds resources that take minutes to create, which also
   * gives the writer role assignment time to propagate (RBAC is eventually consistent).
   */
  secret(name: string, value: string, after: ITerraformDependable[] = [], preconditions: Precondition[] = []): KeyVaultSecret {
    return new KeyVaultSecret(this, name, {
      name,
      value,
      keyVaultId: this.vault.id,
      contentType: 'text/plain',
      dependsOn: [this.writerAccess, ...after],
      lifecycle: preconditions.length ? { precondition: preconditions } : undefined,
    });
  }
}
