// Release and tier helpers shared by the AWS components.
import type { Config } from '../../src/config/schema.js';

/** Image tags and Lambda builds are published as vX.Y.Z (official module VERSIONS.json). */
export function imageTag(config: Config): string {
  return config.version.startsWith('v') ? config.version : `v${config.version}`;
}

/** CloudWatch retention: long enough for support in production, short in testing. */
export function logRetentionDays(config: Config): number {
  return config.tier === 'production' ? 90 : 14;
}
