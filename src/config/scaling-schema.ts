// `scaling:` in braintrust.yaml: the Brainstore cache, lock backend and bucket retention settings
// of the self-hosting docs (configure/scaling). Node counts and machine types stay under
// `brainstore:`, `api:`, `postgres:` and `redis:`; the one-way data path switches stay at
// brainstore.skipPgForObjects / brainstore.walFooterVersion. Facts from the official AWS module
// v6.6.0 (brainstore_cache_file_size_*, brainstore_s3_bucket_retention_days), the GCP module
// (gcs_bucket_retention_days, gcs_soft_delete_retention_days) and chart 6.11.0
// (brainstore.<role>.objectStoreCache*, brainstore.locksBackend).
import { z } from 'zod';

export const LOCKS_BACKENDS = ['redis', 'objectStorage'] as const;
export type LocksBackend = (typeof LOCKS_BACKENDS)[number];

/** Days old object versions and Brainstore delete logs are kept (module default on AWS and GCP). */
export const DEFAULT_BUCKET_RETENTION_DAYS = 7;
/** GCS soft delete and Azure Blob delete retention, days (module defaults). */
export const DEFAULT_SOFT_DELETE_RETENTION_DAYS = 7;

/** A size Brainstore reads (BRAINSTORE_OBJECT_STORE_CACHE_*): 50gb, 900Gi, 1Gi, 512MiB. */
const size = z.string().regex(/^[1-9]\d{0,8}(\.\d+)?\s?([KMGT]i?B?|[kmgt]i?b?)$/, {
  message: 'a size like 900Gi, 50gb or 512Mi',
});

const cacheSchema = z.strictObject({
  fileSize: size
    .optional()
    .describe('BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE: on-disk object cache; unset: 90% of the instance store on AWS (brainstore_cache_file_size_*), 80% of the pod volume on Kubernetes (Helm objectStoreCacheFileSize)'),
  memoryLimit: size
    .optional()
    .describe('BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT: in-memory object cache; unset: 1Gi (Helm objectStoreCacheMemoryLimit)'),
});

export const scalingSchema = z.strictObject({
  brainstoreCache: z
    .strictObject({
      reader: cacheSchema.default({}).describe('Readers (and the combined testing node)'),
      writer: cacheSchema.default({}),
      fastReader: cacheSchema.default({}).describe('Fast readers (AWS brainstore.fastReaders)'),
    })
    .default({}),
  locksBackend: z
    .enum(LOCKS_BACKENDS)
    .optional()
    .describe('BRAINSTORE_LOCKS_URI: where Brainstore keeps its distributed locks (Helm brainstore.locksBackend). Unset: objectStorage on AWS, GCP and Azure, redis on docker. Never change it on an existing deployment (data corruption): refused after install'),
  bucketRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe(`Days the Brainstore bucket keeps overwritten (noncurrent) objects and deletion logs: AWS brainstore_s3_bucket_retention_days, GCP gcs_bucket_retention_days; default ${DEFAULT_BUCKET_RETENTION_DAYS}`),
  softDeleteRetentionDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .describe(`Days deleted objects stay recoverable: GCP bucket soft delete (gcs_soft_delete_retention_days: 0 = off, or 7-90), Azure Blob and container delete retention (1-365); default ${DEFAULT_SOFT_DELETE_RETENTION_DAYS}`),
});

export type ScalingConfig = z.output<typeof scalingSchema>;

/** The lock backend in effect: the configured one, else each target's default. */
export function locksBackend(c: { cloud: string; scaling: ScalingConfig }): LocksBackend {
  return c.scaling.locksBackend ?? (c.cloud === 'docker' ? 'redis' : 'objectStorage');
}

/** The cache settings of one Brainstore role (combined nodes use the readers'). */
export function brainstoreCache(c: { scaling: ScalingConfig }, role: 'reader' | 'writer' | 'fastReader' | 'combined'): { fileSize?: string; memoryLimit?: string } {
  return c.scaling.brainstoreCache[role === 'combined' ? 'reader' : role];
}

type Issue = { path: (string | number)[]; message: string };

/** Per-cloud scaling rules: exit 2 naming the fields. */
export function scalingIssues(c: { cloud: string; brainstore: { combined?: unknown; fastReaders?: unknown }; scaling: ScalingConfig }): Issue[] {
  const s = c.scaling;
  const issues: Issue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push({ path: ['scaling', ...path], message });
  if (c.cloud === 'aws' && s.locksBackend === 'redis') {
    at(['locksBackend'], 'AWS Brainstore keeps its locks in the Brainstore S3 bucket (the official module\'s fixed /locks path): use objectStorage, or remove scaling.locksBackend');
  }
  if (s.bucketRetentionDays !== undefined && (c.cloud === 'azure' || c.cloud === 'docker')) {
    at(['bucketRetentionDays'], `${c.cloud} storage keeps no object versions to expire: remove scaling.bucketRetentionDays${c.cloud === 'azure' ? ' (scaling.softDeleteRetentionDays sets the Blob delete retention)' : ''}`);
  }
  const soft = s.softDeleteRetentionDays;
  if (soft !== undefined) {
    if (c.cloud === 'aws' || c.cloud === 'docker') {
      at(['softDeleteRetentionDays'], `${c.cloud} buckets have no soft delete setting (versions expire after scaling.bucketRetentionDays${c.cloud === 'docker' ? ', not used on docker' : ''}): remove scaling.softDeleteRetentionDays`);
    } else if (c.cloud === 'gcp' && soft !== 0 && (soft < 7 || soft > 90)) {
      at(['softDeleteRetentionDays'], `${soft} is not a GCS soft delete duration: use 0 (off) or 7-90 days`);
    } else if (c.cloud === 'azure' && soft < 1) {
      at(['softDeleteRetentionDays'], `${soft} is not an Azure Blob delete retention: use 1-365 days`);
    }
  }
  const fast = s.brainstoreCache.fastReader;
  if ((fast.fileSize || fast.memoryLimit) && !c.brainstore.fastReaders) {
    at(['brainstoreCache', 'fastReader'], 'there are no fast readers (brainstore.fastReaders is not set): remove scaling.brainstoreCache.fastReader, or add fast readers');
  }
  const writer = s.brainstoreCache.writer;
  if ((writer.fileSize || writer.memoryLimit) && c.brainstore.combined && c.cloud !== 'gcp' && c.cloud !== 'azure') {
    at(['brainstoreCache', 'writer'], 'combined Brainstore nodes use scaling.brainstoreCache.reader: move the settings there');
  }
  return issues;
}
