// GCS buckets of the official module (modules/storage): `brainstore` (index and WAL) and `api`
// (responses under response/, code bundles under code-bundle/). Uniform access, public access
// prevention, versioning with retention of old versions, soft delete, and CMEK from a
// dedicated key ring (modules/kms).
import { Construct } from 'constructs';
import { StorageBucket, type StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring/index.js';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key/index.js';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member/index.js';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account/index.js';
import type { Config } from '../../src/config/schema.js';
import { labelsFor, resourceName } from '../common/naming.js';
import { bucketRetentionDays, softDeleteRetentionDays, withBucketCorsOrigins } from '../common/scaling-env.js';

/** Days old object versions and Brainstore delete logs are kept (module gcs_bucket_retention_days). */
export const RETENTION_DAYS = 7;
const KEY_ROTATION = `${90 * 86400}s`;

/** Origins the official modules allow on the buckets (the hosted app and its previews). */
export const BRAINTRUST_ORIGINS = ['https://braintrust.dev', 'https://*.braintrust.dev', 'https://*.preview.braintrust.dev'];

/**
 * Browser origins of the Braintrust web app, which reads responses and uploads code bundles:
 * the official modules' origins plus the configured app URLs.
 */
export function webAppOrigins(config: Config): string[] {
  const urls = [config.urls.appUrl, config.urls.publicUrl].filter((u): u is string => !!u);
  return withBucketCorsOrigins(config, [...new Set([...BRAINTRUST_ORIGINS, ...urls.map((u) => new URL(u).origin)])]);
}

const abortUploads: StorageBucketLifecycleRule = {
  condition: { age: 1 },
  action: { type: 'AbortIncompleteMultipartUpload' },
};

export interface GcpStorageProps {
  config: Config;
  /** Random suffix: bucket names are global, key rings can never be deleted. */
  suffix: string;
}

export class GcpStorage extends Construct {
  readonly brainstore: StorageBucket;
  readonly api: StorageBucket;
  readonly cryptoKey: KmsCryptoKey;
  readonly keyRing: KmsKeyRing;

  constructor(scope: Construct, id: string, props: GcpStorageProps) {
    super(scope, id);
    const { config, suffix } = props;
    const location = config.region!.toUpperCase();
    const labels = labelsFor(config);

    const keyRing = (this.keyRing = new KmsKeyRing(this, 'key-ring', {
      name: resourceName(config, `keyring-${suffix}`),
      location: config.region!,
    }));
    this.cryptoKey = new KmsCryptoKey(this, 'storage-key', {
      name: resourceName(config, 'storage'),
      keyRing: keyRing.id,
      rotationPeriod: KEY_ROTATION,
      labels,
    });
    // GCS encrypts with the key as the project's Cloud Storage service agent.
    const gcsAgent = new DataGoogleStorageProjectServiceAccount(this, 'gcs-agent', {});
    const keyGrant = new KmsCryptoKeyIamMember(this, 'gcs-agent-key', {
      cryptoKeyId: this.cryptoKey.id,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:${gcsAgent.emailAddress}`,
    });

    const retentionDays = bucketRetentionDays(config);
    const bucket = (name: string, lifecycleRule: StorageBucketLifecycleRule[], cors?: boolean) =>
      new StorageBucket(this, name, {
        name: resourceName(config, `${name}-${suffix}`),
        location,
        storageClass: 'STANDARD',
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        forceDestroy: false,
        versioning: { enabled: true },
        softDeletePolicy: { retentionDurationSeconds: softDeleteRetentionDays(config) * 86400 },
        lifecycleRule,
        encryption: { defaultKmsKeyName: this.cryptoKey.id },
        cors: cors
          ? [{ origin: webAppOrigins(config), method: ['PUT', 'GET', 'HEAD'], responseHeader: ['*'], maxAgeSeconds: 3600 }]
          : undefined,
        labels,
        dependsOn: [keyGrant],
      });

    this.brainstore = bucket('brainstore', [
      { condition: { daysSinceNoncurrentTime: retentionDays }, action: { type: 'Delete' } },
      // Brainstore's delete logs; the module marks these paths "do not change".
      {
        condition: { age: retentionDays, matchesPrefix: ['brainstore/index/delete_ops/', 'brainstore/wal/delete_ops/'] },
        action: { type: 'Delete' },
      },
      abortUploads,
    ]);
    this.api = bucket(
      'api',
      [
        { condition: { daysSinceNoncurrentTime: retentionDays, matchesPrefix: ['code-bundle/'] }, action: { type: 'Delete' } },
        { condition: { age: 1, matchesPrefix: ['response/'] }, action: { type: 'Delete' } },
        // Brainstore's response cache (BRAINSTORE_RESPONSE_CACHE_URI): ephemeral, as the module.
        { condition: { age: 1, matchesPrefix: ['brainstore-cache/'] }, action: { type: 'Delete' } },
        abortUploads,
      ],
      true,
    );
  }
}
