// Customer-managed keys for PostgreSQL Flexible Server and the storage account, as the official
// module (modules/database, modules/storage): an RSA key per service in the deployment's Key
// Vault, and a user-assigned identity the services encrypt as, allowed to read keys and wrap
// and unwrap with them ("Key Vault Crypto Service Encryption User" on the vault, as the module:
// a key-scoped grant could only be made after the key, leaving Azure RBAC no time to propagate
// before the server checks it; the vault holds no other keys).
//
// Order, for RBAC's eventual consistency: the grant is made as soon as the vault and identity
// exist; the keys wait for Terraform's crypto officer role and the vault's private endpoint
// (minutes); the services wait for their key and the grant.
//
// Production only: Azure requires purge protection on the vault holding such a key, and the
// testing tier's vault has none (so a testing deployment can be deleted and made again under
// the same name); testing keeps Microsoft-managed keys.
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity/index.js';
import type { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import type { AzureKeyVault } from './key-vault.js';

/** A service's key and the identity that uses it; `grant` must exist before the service. */
export interface ServiceKey {
  key: KeyVaultKey;
  identityId: string;
  grant: ITerraformDependable;
}

export interface AzureDataKeysProps {
  config: Config;
  group: ResourceGroup;
  client: DataAzurermClientConfig;
  keyVault: AzureKeyVault;
}

export class AzureDataKeys extends Construct {
  readonly postgres: ServiceKey;
  readonly storage: ServiceKey;

  constructor(scope: Construct, id: string, props: AzureDataKeysProps) {
    super(scope, id);
    const { config, group, client, keyVault } = props;
    // Terraform creates the keys: it needs the crypto officer role on the (RBAC) vault.
    const officer = new RoleAssignment(this, 'terraform-crypto-officer', {
      scope: keyVault.vault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: client.objectId,
    });
    const identity = new UserAssignedIdentity(this, 'identity', {
      name: resourceName(config, 'encryption'),
      resourceGroupName: group.name,
      location: group.location,
      tags: tagsFor(config),
    });
    const grant = new RoleAssignment(this, 'encryption-user', {
      scope: keyVault.vault.id,
      roleDefinitionName: 'Key Vault Crypto Service Encryption User',
      principalId: identity.principalId,
      principalType: 'ServicePrincipal',
    });
    const serviceKey = (name: string): ServiceKey => {
      const key = new KeyVaultKey(this, `${name}-key`, {
        name: `${name}-cmk`,
        keyVaultId: keyVault.vault.id,
        keyType: 'RSA',
        keySize: 4096,
        // What encryption at rest uses: get (implicit), wrap and unwrap the data encryption key.
        keyOpts: ['wrapKey', 'unwrapKey'],
        tags: tagsFor(config),
        dependsOn: [officer, keyVault.endpoint],
      });
      return { key, identityId: identity.id, grant };
    };
    this.postgres = serviceKey('postgres');
    this.storage = serviceKey('storage');
  }
}

/** Customer-managed keys where Azure allows them: production (a purge-protected vault). */
export function usesCustomerManagedKeys(config: Config): boolean {
  return config.tier === 'production';
}
