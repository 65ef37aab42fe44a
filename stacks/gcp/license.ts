// Where the Brainstore license key comes from on GCP: the sensitive Terraform variable the CLI
// fills from the environment, or an existing Secret Manager secret (secrets.brainstoreLicenseKey
// .secretRef: `projects/<p>/secrets/<name>` or a secret name in the project).
import type { Construct } from 'constructs';
import { DataGoogleSecretManagerSecretVersion } from '@cdktf/provider-google/lib/data-google-secret-manager-secret-version/index.js';
import type { Config } from '../../src/config/schema.js';
import { licenseKeyVariable, missingLicenseKeyCheck, type LicenseKey } from '../common/license-key.js';

export function gcpLicenseKey(scope: Construct, config: Config): LicenseKey {
  const source = config.secrets.brainstoreLicenseKey;
  if ('secretRef' in source) {
    const version = new DataGoogleSecretManagerSecretVersion(scope, 'license-key', { secret: source.secretRef });
    return { value: version.secretData, preconditions: [] };
  }
  const variable = licenseKeyVariable(scope, config);
  return { value: variable.stringValue, preconditions: [missingLicenseKeyCheck(variable, config)] };
}
