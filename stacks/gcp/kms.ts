// Customer-managed encryption for Cloud SQL, Memorystore and GKE (etcd secrets and node boot
// disks), as the official module (modules/kms, modules/database, modules/redis,
// modules/gke-cluster): one key in the deployment's key ring, usable by each service's
// Google-managed agent. Cloud SQL's agent is created on demand (sql-agent.ts).
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key/index.js';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member/index.js';
import type { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring/index.js';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project/index.js';
import type { Config } from '../../src/config/schema.js';
import { labelsFor, resourceName } from '../common/naming.js';
import { cloudSqlServiceAgent } from './sql-agent.js';

const KEY_ROTATION = `${90 * 86400}s`;

/** Google-managed agents that encrypt with the key: service-<project number>@<domain>. */
export const CMEK_AGENTS = {
  redis: 'cloud-redis.iam.gserviceaccount.com',
  gke: 'container-engine-robot.iam.gserviceaccount.com',
  compute: 'compute-system.iam.gserviceaccount.com',
} as const;

export class GcpDataKey extends Construct {
  readonly key: KmsCryptoKey;
  /** Grants each service needs before it can use the key. */
  readonly grants: Record<keyof typeof CMEK_AGENTS | 'sql', ITerraformDependable>;

  constructor(scope: Construct, id: string, props: { config: Config; projectId: string; keyRing: KmsKeyRing }) {
    super(scope, id);
    const { config, projectId, keyRing } = props;
    this.key = new KmsCryptoKey(this, 'key', {
      name: resourceName(config, 'data'),
      keyRing: keyRing.id,
      rotationPeriod: KEY_ROTATION,
      labels: labelsFor(config),
    });
    const project = new DataGoogleProject(this, 'project', { projectId });
    const grant = (name: keyof typeof CMEK_AGENTS) =>
      new KmsCryptoKeyIamMember(this, `${name}-agent`, {
        cryptoKeyId: this.key.id,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: `serviceAccount:service-${project.number}@${CMEK_AGENTS[name]}`,
      });
    const sql = new KmsCryptoKeyIamMember(this, 'sql-agent', {
      cryptoKeyId: this.key.id,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:${cloudSqlServiceAgent(this, projectId, config.region)}`,
    });
    this.grants = { redis: grant('redis'), gke: grant('gke'), compute: grant('compute'), sql };
  }
}
