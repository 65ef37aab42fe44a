// Access for Braintrust support (`braintrust support-access`): each grant in
// config.remoteAccess.grants gives an Entra ID principal Reader on the resource group and
// cluster-user credentials on AKS. Azure role assignments cannot expire by condition for these
// roles, so expiry is enforced by the CLI removing the grant and re-applying.
import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js';
import type { Config } from '../../src/config/schema.js';
import { configError } from '../../src/ui/errors.js';

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Grants on Azure name their principal by Entra object id; there is no default principal. */
export function grantPrincipal(principal: string | undefined, index: number): string {
  if (!principal || !OBJECT_ID.test(principal)) {
    throw configError(
      `remoteAccess.grants[${index}].principal: ${JSON.stringify(principal ?? null)} is not allowed on Azure: expected the Entra object id (a GUID) of the user or group Braintrust support gives you`,
      'Pass --principal <object id> to `braintrust support-access grant` (Braintrust support tells you which one).',
    );
  }
  return principal;
}

export class AzureRemoteAccess extends Construct {
  constructor(scope: Construct, id: string, config: Config, group: ResourceGroup, cluster: KubernetesCluster) {
    super(scope, id);
    config.remoteAccess.grants.forEach((grant, i) => {
      const principalId = grantPrincipal(grant.principal, i);
      const description = `Braintrust support until ${grant.expiresAt}: ${grant.reason}`.slice(0, 1024);
      new RoleAssignment(this, `grant-${i}-reader`, {
        scope: group.id,
        roleDefinitionName: 'Reader',
        principalId,
        description,
      });
      new RoleAssignment(this, `grant-${i}-aks-user`, {
        scope: cluster.id,
        roleDefinitionName: 'Azure Kubernetes Service Cluster User Role',
        principalId,
        description,
      });
    });
  }
}
