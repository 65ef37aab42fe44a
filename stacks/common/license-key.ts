// The Brainstore license key: the one secret the user supplies. It reaches Terraform only as
// the sensitive variable brainstore_license_key (the CLI sets TF_VAR_brainstore_license_key from
// the environment variable the config names); synth and --dry-run need no key, and a plan
// without one stops at a precondition that names the variable to export. Shared by every cloud.
import { TerraformStack, TerraformVariable, type Precondition } from 'cdktf';
import type { Construct } from 'constructs';
import type { Config } from '../../src/config/schema.js';
import { LICENSE_KEY_VARIABLE } from './naming.js';

export interface LicenseKey {
  /** A sensitive Terraform value (variable or secret-store lookup). */
  value: string;
  /** Checked at plan time on the resources that use the key. */
  preconditions: Precondition[];
}

function licenseKeyEnv(config: Config): string {
  const source = config.secrets.brainstoreLicenseKey;
  return 'env' in source ? source.env : 'BRAINTRUST_BRAINSTORE_LICENSE_KEY';
}

/**
 * The sensitive variable, declared on the stack itself so its name is exactly
 * brainstore_license_key. Nullable with a null default: synth and dry runs need no key.
 */
export function licenseKeyVariable(scope: Construct, config: Config): TerraformVariable {
  const variable = new TerraformVariable(TerraformStack.of(scope), LICENSE_KEY_VARIABLE, {
    type: 'string',
    sensitive: true,
    nullable: true,
    description: `Brainstore license key (Braintrust UI: Settings > Data plane). The CLI passes $${licenseKeyEnv(config)} as TF_VAR_${LICENSE_KEY_VARIABLE}; never written to files.`,
  });
  // cdktf cannot render a null default itself; JSON `"default": null` makes it optional.
  variable.addOverride('default', null);
  return variable;
}

/** A plan without the key (null or empty) stops here, naming the variable to export. */
export function missingLicenseKeyCheck(variable: TerraformVariable, config: Config): Precondition {
  const ref = `var.${variable.friendlyUniqueId}`;
  return {
    condition: `\${${ref} != null && ${ref} != ""}`,
    errorMessage: `The Brainstore license key is missing: export ${licenseKeyEnv(config)} (Braintrust UI: Settings > Data plane), or set secrets.brainstoreLicenseKey.secretRef, and run the command again.`,
  };
}
