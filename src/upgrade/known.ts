// The config's `version` against the release list: an unknown release is a usage error (exit
// 2) naming the nearest known ones; and which official module ships a release, per cloud.
import { BraintrustError } from '../ui/errors.js';
import type { Manifest, Release } from './manifest.js';
import { findRelease } from './manifest.js';
import { OFFICIAL } from './module-releases.js';
import { compareVersions, normalizeVersion, parseVersion } from './version.js';

/** Up to `n` listed releases closest to `v` (by position in the ordered list), oldest first. */
export function nearestVersions(manifest: Manifest, v: string, n = 3): string[] {
  const all = manifest.releases.map((r) => r.version);
  const idx = all.findIndex((r) => compareVersions(r, v) > 0);
  const at = idx < 0 ? all.length : idx;
  const lo = Math.max(0, Math.min(at - Math.ceil(n / 2), all.length - n));
  return all.slice(lo, lo + n);
}

/**
 * Refuse a config version the list does not know. A version older than the oldest listed
 * release is allowed: the list starts where the modules began pinning releases, and
 * `upgrade --check` dates such a version by the oldest release.
 */
export function assertKnownVersion(version: string, manifest: Manifest, field = 'version'): void {
  if (!parseVersion(version) || findRelease(manifest, version)) return;
  if (compareVersions(version, manifest.releases[0].version) < 0) return;
  const near = nearestVersions(manifest, version);
  throw new BraintrustError(`${field}: ${normalizeVersion(version)} is not a known data plane release (${manifest.source})`, {
    code: 'UNKNOWN_RELEASE',
    details: [`nearest known releases: ${near.join(', ')}`, `newest: ${manifest.releases[manifest.releases.length - 1].version}`],
    hint: `Set ${field} to a listed release (e.g. ${near[near.length - 1]}), or pass --manifest with a list that has ${normalizeVersion(version)}.`,
  });
}

/** "same as terraform-aws-braintrust-data-plane v6.6.0" for the config's cloud, when the list knows it. */
export function sameAs(release: Release | undefined, cloud: string): string | undefined {
  const m = release?.modules;
  if (!m) return undefined;
  const aws = m.aws?.[m.aws.length - 1];
  const chart = m.helm?.[m.helm.length - 1];
  if (cloud === 'gcp' || cloud === 'azure') {
    const infra = cloud === 'gcp' ? m.gcp && `${OFFICIAL.gcp} ${m.gcp}` : m.azure && `${OFFICIAL.azure} ${m.azure}`;
    if (!chart) return aws ? `same images as ${OFFICIAL.aws} ${aws} (no Helm chart release pins it)` : undefined;
    return `same as the braintrust Helm chart ${chart}${infra ? ` on ${infra} (infrastructure)` : ''}`;
  }
  if (aws) return `same as ${OFFICIAL.aws} ${aws}`;
  return chart ? `same images as the braintrust Helm chart ${chart}` : undefined;
}
