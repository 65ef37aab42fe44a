// One user-assigned managed identity for the data plane pods, federated with the cluster's
// OIDC issuer for the braintrust-api and brainstore Kubernetes service accounts (official
// module modules/k8s). It reads and writes the deployment's blobs and reads its Key Vault
// secrets (the chart's CSI SecretProviderClass authenticates as this identity).
import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity/index.js';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import type { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import type { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import { API_SERVICE_ACCOUNT, BRAINSTORE_SERVICE_ACCOUNT, NAMESPACE } from '../common/helm-values.js';

export interface AzureIdentityProps {
  config: Config;
  group: ResourceGroup;
  cluster: KubernetesCluster;
  storageAccount: StorageAccount;
  keyVault: KeyVault;
}

export class AzureWorkloadIdentity extends Construct {
  readonly identity: UserAssignedIdentity;
  /** Federation and role assignments the pods need before they start. */
  readonly grants: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: AzureIdentityProps) {
    super(scope, id);
    const { config, group, cluster, storageAccount, keyVault } = props;
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: resourceName(config, 'workload'),
      resourceGroupName: group.name,
      location: group.location,
      tags: tagsFor(config),
    });
    for (const account of [API_SERVICE_ACCOUNT, BRAINSTORE_SERVICE_ACCOUNT]) {
      this.grants.push(
        new FederatedIdentityCredential(this, `federation-${account}`, {
          name: account,
          resourceGroupName: group.name,
          parentId: this.identity.id,
          audience: ['api://AzureADTokenExchange'],
          issuer: cluster.oidcIssuerUrl,
          subject: `system:serviceaccount:${NAMESPACE}:${account}`,
        }),
      );
    }
    const roles: [string, string, string][] = [
      ['blob-data', storageAccount.id, 'Storage Blob Data Contributor'],
      ['secrets', keyVault.id, 'Key Vault Secrets User'],
    ];
    for (const [name, scopeId, role] of roles) {
      this.grants.push(
        new RoleAssignment(this, name, {
          scope: scopeId,
          roleDefinitionName: role,
          principalId: this.identity.principalId,
          principalType: 'ServicePrincipal',
        }),
      );
    }
  }
}
