// The upgrade policy (self-hosting overview, "Upgrades"): Braintrust ships the data plane
// about weekly, recommends updating monthly and requires updating at least once per quarter.
// Pure: the manifest, the running version and `now` in; a status out.
import type { HistoryEntry } from '../terraform/deployment-state.js';
import { findRelease, latestRelease, type Manifest, type Release } from './manifest.js';
import { compareVersions, daysBetween, normalizeVersion } from './version.js';

export const UPGRADE_POLICY = {
  /** Older than this: the monthly recommendation is missed. */
  recommendedDays: 30,
  /** Older than this: the quarterly requirement is missed. */
  requiredDays: 90,
  rule: 'update monthly (recommended); at least once per quarter (required)',
  source: 'Braintrust self-hosting overview, "Upgrades"',
} as const;

export type PolicyStatus = 'ok' | 'warn' | 'fail';

export interface PolicyReport {
  /** The version judged: the last successfully applied one, else the config's. */
  current: string;
  currentSource: 'history' | 'config';
  configVersion: string;
  deployedVersion: string | null;
  /** Release date of `current` (null when the manifest does not list it). */
  currentDate: string | null;
  latest: string;
  latestDate: string;
  /** Days since the current release shipped, while a newer one exists; 0 when up to date. */
  daysBehind: number;
  /** True when `current` predates the manifest and daysBehind is a lower bound. */
  daysBehindAtLeast: boolean;
  releasesBehind: number;
  status: PolicyStatus;
  message: string;
  notes: string[];
}

/** Actions after which the recorded version is not what runs (or nothing runs). */
const NOT_RUNNING = new Set(['destroy', 'destroy-unprotect']);

/** Versions that were applied successfully, oldest first (consecutive repeats collapsed). */
export function appliedVersions(history: HistoryEntry[]): string[] {
  const out: string[] = [];
  for (const h of history) {
    if (h.result !== 'success' || NOT_RUNNING.has(h.action) || !h.version) continue;
    const v = normalizeVersion(h.version);
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

export function deployedVersion(history: HistoryEntry[]): string | undefined {
  const all = appliedVersions(history);
  return all[all.length - 1];
}

/** The most recent successfully applied version other than the one running now. */
export function previousVersion(history: HistoryEntry[]): string | undefined {
  const all = appliedVersions(history);
  const now = all[all.length - 1];
  for (let i = all.length - 2; i >= 0; i--) if (all[i] !== now) return all[i];
  return undefined;
}

/** The release a version is dated by: itself, else the newest older release in the manifest. */
function anchorRelease(manifest: Manifest, v: string): { release?: Release; exact: boolean } {
  const exact = findRelease(manifest, v);
  if (exact) return { release: exact, exact: true };
  const older = manifest.releases.filter((r) => compareVersions(r.version, v) < 0);
  return { release: older[older.length - 1], exact: false };
}

export interface PolicyOptions {
  /** The list was read live: an old newest release is not a sign of missing releases. */
  live?: boolean;
}

export function checkUpgradePolicy(configVersion: string, manifest: Manifest, history: HistoryEntry[], now: Date, opts: PolicyOptions = {}): PolicyReport {
  const deployed = deployedVersion(history);
  const current = deployed ?? normalizeVersion(configVersion);
  const latest = latestRelease(manifest);
  const notes: string[] = [];
  const behind = compareVersions(current, latest.version) < 0;
  const releasesBehind = manifest.releases.filter((r) => compareVersions(r.version, current) > 0).length;
  const { release, exact } = anchorRelease(manifest, current);
  let daysBehind = 0;
  let atLeast = false;
  if (behind) {
    // Predating the whole manifest: at least as old as its oldest release.
    const dated = release ?? manifest.releases[0];
    atLeast = !release;
    daysBehind = daysBetween(dated.date, now);
    if (!exact) notes.push(`${current} is not in the manifest; dated by ${atLeast ? 'its oldest release' : dated.version} (${dated.date}).`);
  } else if (compareVersions(current, latest.version) > 0) {
    notes.push(`${current} is newer than the newest release in the manifest (${latest.version}): the manifest may be out of date.`);
  }
  if (!opts.live && daysBetween(latest.date, now) > UPGRADE_POLICY.recommendedDays) {
    notes.push(`The manifest's newest release is ${daysBetween(latest.date, now)} days old: newer releases may exist (pass --manifest <url> for a current one).`);
  }
  if (deployed && compareVersions(deployed, configVersion) !== 0) {
    notes.push(`The config says ${normalizeVersion(configVersion)} but the last successful apply was ${deployed}.`);
  }
  const status: PolicyStatus =
    daysBehind > UPGRADE_POLICY.requiredDays ? 'fail' : daysBehind > UPGRADE_POLICY.recommendedDays ? 'warn' : 'ok';
  const age = `${atLeast ? 'at least ' : ''}${daysBehind} days`;
  const message = !behind
    ? `${current} is the latest release in the manifest.`
    : status === 'fail'
      ? `${current} is ${age} old with ${releasesBehind} newer release(s): past the quarterly upgrade requirement (${UPGRADE_POLICY.requiredDays} days).`
      : status === 'warn'
        ? `${current} is ${age} old with ${releasesBehind} newer release(s): the monthly upgrade recommendation is missed.`
        : `${current} is ${age} old with ${releasesBehind} newer release(s): within the monthly recommendation.`;
  return {
    current,
    currentSource: deployed ? 'history' : 'config',
    configVersion: normalizeVersion(configVersion),
    deployedVersion: deployed ?? null,
    currentDate: exact && release ? release.date : null,
    latest: latest.version,
    latestDate: latest.date,
    daysBehind,
    daysBehindAtLeast: atLeast,
    releasesBehind,
    status,
    message,
    notes,
  };
}
