// Secrets other than the data stores' credentials:
// - the Brainstore license key: the user's own, arriving only as the sensitive Terraform
//   variable brainstore_license_key (TF_VAR_...) or as an existing secret (secretRef);
// - the keys the API and Brainstore share (official module services-common: FUNCTION_SECRET_KEY,
//   SERVICE_TOKEN_SECRET_KEY), generated here.
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { Config } from '../../src/config/schema.js';
import { licenseKeyVariable, missingLicenseKeyCheck } from '../common/license-key.js';

/** JSON keys of the license secret and of the service secret. */
export const LICENSE_SECRET_KEY = 'license_key';
/**
 * functionSecret is FUNCTION_SECRET_KEY and SERVICE_TOKEN_SECRET_KEY on the API and Brainstore
 * (one key, as the official module and the chart share it); serviceToken is kept in the secret so
 * existing deployments do not lose it; cronOverride is the API's CRON_OVERRIDE_SECRET_KEY.
 */
export const SERVICE_SECRET_KEYS = {
  functionSecret: 'function_secret_key',
  serviceToken: 'service_token_secret_key',
  cronOverride: 'cron_override_secret_key',
} as const;

export interface SecretProps {
  config: Config;
  kmsKeyArn: string;
}

export class LicenseKeySecret extends Construct {
  readonly secretArn: string;
  /** True when the secret is the user's own (config.secrets.brainstoreLicenseKey.secretRef). */
  readonly external: boolean;
  /** The value written here (none for an external secret). */
  readonly secretValue?: ITerraformDependable;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    const source = props.config.secrets.brainstoreLicenseKey;
    if ('secretRef' in source) {
      // An ARN, or a name in this account and region. The secret must be a JSON object with
      // a license_key field, or the plain key (both are read at boot).
      const ref = source.secretRef;
      const existing = new DataAwsSecretsmanagerSecret(this, 'existing', ref.startsWith('arn:') ? { arn: ref } : { name: ref });
      this.secretArn = existing.arn;
      this.external = true;
      return;
    }
    const variable = licenseKeyVariable(this, props.config);
    const secret = new SecretsmanagerSecret(this, 'secret', {
      namePrefix: `${props.config.name}/brainstore-license-`,
      description: `Braintrust ${props.config.name} Brainstore license key`,
      kmsKeyId: props.kmsKeyArn,
    });
    this.secretValue = new SecretsmanagerSecretVersion(this, 'secret_value', {
      secretId: secret.id,
      secretString: Fn.jsonencode({ [LICENSE_SECRET_KEY]: variable.stringValue }),
      lifecycle: {
        precondition: [
          missingLicenseKeyCheck(variable, props.config),
        ],
      },
    });
    this.secretArn = secret.arn;
    this.external = false;
  }
}

export class ServiceSecrets extends Construct {
  readonly secretArn: string;
  readonly secretValue: ITerraformDependable;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    const functionSecret = new Password(this, 'function_secret_key', { length: 64, special: false });
    const serviceToken = new Password(this, 'service_token_secret_key', { length: 64, special: false });
    const cronOverride = new Password(this, 'cron_override_secret_key', { length: 64, special: false });
    const secret = new SecretsmanagerSecret(this, 'secret', {
      namePrefix: `${props.config.name}/service-keys-`,
      description: `Braintrust ${props.config.name} keys shared by the API and Brainstore`,
      kmsKeyId: props.kmsKeyArn,
    });
    this.secretValue = new SecretsmanagerSecretVersion(this, 'secret_value', {
      secretId: secret.id,
      secretString: Fn.jsonencode({
        [SERVICE_SECRET_KEYS.functionSecret]: functionSecret.result,
        [SERVICE_SECRET_KEYS.serviceToken]: serviceToken.result,
        [SERVICE_SECRET_KEYS.cronOverride]: cronOverride.result,
      }),
    });
    this.secretArn = secret.arn;
  }
}
