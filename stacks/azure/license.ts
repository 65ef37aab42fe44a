// Where the Brainstore license key comes from on Azure: the sensitive Terraform variable the CLI
// fills from the environment, or an existing Key Vault secret given by its resource id
// (`/subscriptions/.../providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>`). Either way
// it is copied into the deployment's vault, where the chart's CSI driver reads it.
import type { Construct } from 'constructs';
import { DataAzurermKeyVaultSecret } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret/index.js';
import type { Config } from '../../src/config/schema.js';
import { licenseKeyVariable, missingLicenseKeyCheck, type LicenseKey } from '../common/license-key.js';

const SECRET_ID = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+)\/secrets\/([^/]+)$/i;

export function azureLicenseKey(scope: Construct, config: Config): LicenseKey {
  const source = config.secrets.brainstoreLicenseKey;
  if ('secretRef' in source) {
    const m = SECRET_ID.exec(source.secretRef);
    if (!m) {
      throw new Error(
        `secrets.brainstoreLicenseKey.secretRef: ${JSON.stringify(source.secretRef)} is not allowed on Azure: expected a Key Vault secret resource id, /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>`,
      );
    }
    const secret = new DataAzurermKeyVaultSecret(scope, 'license-key', { keyVaultId: m[1], name: m[2] });
    return { value: secret.value, preconditions: [] };
  }
  const variable = licenseKeyVariable(scope, config);
  return { value: variable.stringValue, preconditions: [missingLicenseKeyCheck(variable, config)] };
}
