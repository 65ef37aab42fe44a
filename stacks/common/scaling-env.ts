// The `scaling:` settings each target applies the same way: Brainstore's object cache sizes per
// role (BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE / _MEMORY_LIMIT, as the chart's configmaps and
// the official module's user data set them) and the bucket retention days.
import type { Config } from '../../src/config/schema.js';
import { brainstoreCache, DEFAULT_BUCKET_RETENTION_DAYS, DEFAULT_SOFT_DELETE_RETENTION_DAYS } from '../../src/config/scaling-schema.js';

export type BrainstoreRole = 'reader' | 'writer' | 'fastreader' | 'fastReader' | 'combined';

/** The cache variables of one role, only those the config sets. */
export function brainstoreCacheEnv(config: Config, role: BrainstoreRole): Record<string, string> {
  const c = brainstoreCache(config, role === 'fastreader' ? 'fastReader' : role);
  return {
    ...(c.fileSize ? { BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE: c.fileSize } : {}),
    ...(c.memoryLimit ? { BRAINSTORE_OBJECT_STORE_CACHE_MEMORY_LIMIT: c.memoryLimit } : {}),
  };
}

/** Days noncurrent Brainstore objects and deletion logs are kept (AWS, GCP). */
export function bucketRetentionDays(config: Config): number {
  return config.scaling.bucketRetentionDays ?? DEFAULT_BUCKET_RETENTION_DAYS;
}

/** Days deleted objects stay recoverable (GCP soft delete, Azure delete retention). */
export function softDeleteRetentionDays(config: Config): number {
  return config.scaling.softDeleteRetentionDays ?? DEFAULT_SOFT_DELETE_RETENTION_DAYS;
}

/** Extra bucket CORS origins (networking.bucketCorsOrigins) after the ones a target always allows, without repeats. */
export function withBucketCorsOrigins(config: Config, origins: string[]): string[] {
  return [...new Set([...origins, ...config.networking.bucketCorsOrigins])];
}
