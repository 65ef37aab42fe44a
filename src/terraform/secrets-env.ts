// The Brainstore license key reaches terraform only as the sensitive variable
// TF_VAR_brainstore_license_key, read from the environment variable the config names.
// It never goes into braintrust.yaml, argv, the synthesized JSON or history.
import type { Config } from '../config/schema.js';
import { prerequisiteError } from '../ui/errors.js';

export function licenseKeyEnv(config: Config, env: NodeJS.ProcessEnv, opts: { required: boolean }): Record<string, string> {
  const source = config.secrets.brainstoreLicenseKey;
  if ('secretRef' in source) return {}; // the stack reads the existing secret itself
  const value = env[source.env];
  if (value) return { TF_VAR_brainstore_license_key: value };
  if (opts.required) {
    throw prerequisiteError(
      `The Brainstore license key is not set: environment variable ${source.env} is empty`,
      `Copy the key from the Braintrust UI (Settings > Data plane) and export ${source.env}=..., ` +
        'or set secrets.brainstoreLicenseKey.secretRef in the config to an existing secret.',
      'LICENSE_KEY_MISSING',
    );
  }
  return {};
}
