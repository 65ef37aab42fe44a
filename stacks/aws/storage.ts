// The three S3 buckets of the official module (modules/storage): Brainstore's index and WAL,
// user code bundles, and large API responses. All SSE-KMS with the deployment key, no public
// access, lifecycle rules as in the module.
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import type { Config } from '../../src/config/schema.js';
import { policyDocument } from './policy.js';
import { resourceName } from '../common/naming.js';
import { bucketRetentionDays, withBucketCorsOrigins } from '../common/scaling-env.js';

/** Days Brainstore keeps overwritten objects and deletion logs (module brainstore_s3_bucket_retention_days). */
export const BRAINSTORE_RETENTION_DAYS = 7;

export interface BucketRef {
  name: string;
  arn: string;
}

/** The Braintrust web app's origins, always allowed (official module modules/storage default_origins). */
export const BRAINTRUST_ORIGINS = ['https://braintrust.dev', 'https://*.braintrust.dev', 'https://*.preview.braintrust.dev'];

/** Browser origins of the Braintrust web app, which reads responses and uploads code bundles. */
export function webAppOrigins(config: Config): string[] {
  const urls = [config.urls.appUrl, config.urls.publicUrl].filter((u): u is string => !!u);
  return withBucketCorsOrigins(config, [...new Set([...BRAINTRUST_ORIGINS, ...urls.map((u) => new URL(u).origin)])]);
}

export interface StorageProps {
  config: Config;
  kmsKeyArn: string;
}

export class Storage extends Construct {
  readonly brainstore: BucketRef;
  readonly codeBundle: BucketRef;
  readonly responses: BucketRef;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { config } = props;
    const origins = webAppOrigins(config);
    const retentionDays = bucketRetentionDays(config);

    const brainstore = this.bucket('brainstore', 'brainstore', props);
    const versioning = new S3BucketVersioningA(this, 'brainstore_versioning', {
      bucket: brainstore.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    const deleteOpsRule = (id: string, prefix: string): S3BucketLifecycleConfigurationRule => ({
      id,
      status: 'Enabled',
      // Brainstore writes deletion logs here; the paths are fixed by Brainstore, do not change.
      filter: [{ prefix }],
      expiration: [{ days: retentionDays }],
    });
    new S3BucketLifecycleConfiguration(this, 'brainstore_lifecycle', {
      bucket: brainstore.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        deleteOpsRule('expire-index-delete-logs', 'brainstore/index/delete_ops/'),
        deleteOpsRule('expire-wal-delete-logs', 'brainstore/wal/delete_ops/'),
      ],
    });

    const codeBundle = this.bucket('code_bundle', 'code-bundle', props);
    // Versioned as in the official module; old versions go after a day.
    const codeBundleVersioning = new S3BucketVersioningA(this, 'code_bundle_versioning', {
      bucket: codeBundle.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'code_bundle_lifecycle', {
      bucket: codeBundle.id,
      dependsOn: [codeBundleVersioning],
      rule: [
        {
          id: 'abort-incomplete-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
    new S3BucketCorsConfiguration(this, 'code_bundle_cors', {
      bucket: codeBundle.id,
      corsRule: [{ allowedHeaders: ['*'], allowedMethods: ['PUT', 'GET', 'HEAD'], allowedOrigins: origins, maxAgeSeconds: 3600 }],
    });

    const responses = this.bucket('responses', 'responses', props);
    const responsesVersioning = new S3BucketVersioningA(this, 'responses_versioning', {
      bucket: responses.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'responses_lifecycle', {
      bucket: responses.id,
      dependsOn: [responsesVersioning],
      rule: [
        {
          id: 'expire-after-one-day',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: 1 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketCorsConfiguration(this, 'responses_cors', {
      bucket: responses.id,
      corsRule: [{ allowedHeaders: ['*'], allowedMethods: ['GET', 'HEAD'], allowedOrigins: origins, maxAgeSeconds: 3600 }],
    });

    this.brainstore = { name: brainstore.bucket, arn: brainstore.arn };
    this.codeBundle = { name: codeBundle.bucket, arn: codeBundle.arn };
    this.responses = { name: responses.bucket, arn: responses.arn };
  }

  /** A private, KMS-encrypted bucket named `<name>-<suffix>-<random>` (names are global). */
  private bucket(id: string, suffix: string, props: StorageProps): S3Bucket {
    const bucket = new S3Bucket(this, id, {
      bucketPrefix: `${resourceName(props.config, suffix)}-`,
      // S3 cannot rename buckets; a changed prefix must not replace one full of data.
      lifecycle: { ignoreChanges: ['bucket_prefix'] },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, `${id}_encryption`, {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, `${id}_public_access`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // TLS only (official module DenyInsecureTransport on every bucket).
    new S3BucketPolicy(this, `${id}_policy`, {
      bucket: bucket.id,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucket.arn, `${bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
      dependsOn: [publicAccess],
    });
    return bucket;
  }
}
