// Generated credentials live in Secret Manager, where `connect` and `doctor` fetch them when
// needed (DESIGN: secrets never in braintrust.yaml, outputs or logs).
import { Construct } from 'constructs';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret/index.js';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version/index.js';
import type { Config } from '../../src/config/schema.js';
import { labelsFor, resourceName } from '../common/naming.js';

export class StoredSecret extends Construct {
  readonly secret: SecretManagerSecret;

  constructor(scope: Construct, id: string, config: Config, value: string) {
    super(scope, id);
    this.secret = new SecretManagerSecret(this, 'secret', {
      secretId: resourceName(config, id),
      replication: { auto: {} },
      labels: labelsFor(config),
    });
    new SecretManagerSecretVersion(this, 'version', { secret: this.secret.id, secretData: value });
  }
}
