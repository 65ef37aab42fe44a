// planUpgrade is pure (config, manifest, history, now, request in; the steps out) so it can be
// snapshot-tested; applyUpgrade (apply.ts) is the only part that writes or spawns.
// An upgrade walks through every release that carries required steps, and through the first
// release of each new major ("one major version at a time"), instead of jumping over them.
import type { Config } from '../config/schema.js';
import type { HistoryEntry } from '../terraform/deployment-state.js';
import { ExitCode, type ErrorCode } from '../ui/errors.js';
import { findRelease, latestRelease, type Manifest, type Release, type RequiredStep } from './manifest.js';
import { checkUpgradePolicy, previousVersion, type PolicyReport } from './policy.js';
import { compareVersions, majorOf, normalizeVersion, parseVersion } from './version.js';
import { dataPathNotes } from './data-path.js';
import { chartWarnings } from '../../stacks/common/chart-release.js';

export interface UpgradeRequest {
  /** A release (v2.12.0) or "latest" (the default). */
  to?: string;
  /** Back to the previous successfully applied version in history. */
  rollback?: boolean;
  allowDowngrade?: boolean;
}

export type StopReason = 'required-steps' | 'major' | 'target';

export interface UpgradeStep {
  version: string;
  date: string | null;
  components: Release['components'] | null;
  requiredSteps: RequiredStep[];
  notesUrl: string | null;
  reasons: StopReason[];
}

export interface PlanBlock {
  code: ErrorCode;
  message: string;
  hint: string;
  exitCode: 1 | 2;
  details?: string[];
}

export interface UpgradePlan {
  kind: 'upgrade' | 'downgrade' | 'rollback' | 'none';
  from: string;
  to: string;
  steps: UpgradeStep[];
  /** Releases between from and to that need no stop. */
  skipped: string[];
  policy: PolicyReport;
  manifest: string;
  warnings: string[];
  /** Set when the upgrade must not run; the command turns it into an error. */
  blocked?: PlanBlock;
}

function stepFor(manifest: Manifest, version: string, reasons: StopReason[]): UpgradeStep {
  const r = findRelease(manifest, version);
  return {
    version,
    date: r?.date ?? null,
    components: r?.components ?? null,
    requiredSteps: r?.requiredSteps ?? [],
    notesUrl: r?.notesUrl ?? null,
    reasons,
  };
}

/** Releases strictly after `from` and up to and including `to`. */
function releasesIn(manifest: Manifest, from: string, to: string): Release[] {
  return manifest.releases.filter((r) => compareVersions(r.version, from) > 0 && compareVersions(r.version, to) <= 0);
}

function resolveTarget(manifest: Manifest, to: string | undefined): { version?: string; block?: PlanBlock } {
  if (to === undefined || to === 'latest') return { version: latestRelease(manifest).version };
  const known = manifest.releases.slice(-5).map((r) => r.version).join(', ');
  if (!parseVersion(to)) {
    return { block: { code: 'USAGE', exitCode: ExitCode.usage, message: `--to ${JSON.stringify(to)} is not a release`, hint: `Pass --to latest or a release like ${latestRelease(manifest).version} (newest: ${known}).` } };
  }
  if (!findRelease(manifest, to)) {
    return { block: { code: 'UNKNOWN_RELEASE', exitCode: ExitCode.usage, message: `${normalizeVersion(to)} is not in the release manifest (${manifest.source})`, hint: `Pick a listed release (newest: ${known}), or pass --manifest <url> with a newer manifest.` } };
  }
  return { version: normalizeVersion(to) };
}

/** Required steps that apply to this cloud (a step without `clouds` applies to all). */
function forCloud(manifest: Manifest, cloud: string): Manifest {
  return { ...manifest, releases: manifest.releases.map((r) => ({ ...r, requiredSteps: r.requiredSteps.filter((s) => !s.clouds || (s.clouds as string[]).includes(cloud)) })) };
}

export function planUpgrade(config: Config, allClouds: Manifest, history: HistoryEntry[], now: Date, request: UpgradeRequest = {}): UpgradePlan {
  const manifest = forCloud(allClouds, config.cloud);
  const policy = checkUpgradePolicy(config.version, manifest, history, now);
  const from = policy.current;
  const base = { from, policy, manifest: manifest.source, warnings: [...policy.notes, ...dataPathNotes(config)], skipped: [] as string[] };
  const none = (to: string, block?: PlanBlock): UpgradePlan => ({ ...base, kind: 'none', to, steps: [], ...(block ? { blocked: block } : {}) });

  let to: string;
  if (request.rollback) {
    const prev = previousVersion(history);
    if (!prev) {
      return none(from, { code: 'NO_PREVIOUS_VERSION', exitCode: ExitCode.failed, message: 'There is no previous successfully applied version to roll back to', hint: 'Rollback reads .braintrust/history.jsonl beside the config; pass --to <version> --allow-downgrade instead.' });
    }
    to = prev;
  } else {
    const target = resolveTarget(manifest, request.to);
    if (target.block) return none(from, target.block);
    to = target.version!;
  }

  const cmp = compareVersions(to, from);
  if (cmp === 0) return none(to);
  // GKE/AKS: the chart follows the version; say so when no verified chart ships the target.
  base.warnings.push(...chartWarnings({ cloud: config.cloud, version: to }));
  if (cmp < 0) {
    // Going back crosses releases whose required steps may be one-way (e.g. the WAL format).
    const crossed = releasesIn(manifest, to, from).filter((r) => r.requiredSteps.length > 0);
    const kind = request.rollback ? 'rollback' : 'downgrade';
    const plan: UpgradePlan = { ...base, kind, to, steps: [stepFor(manifest, to, ['target'])] };
    const details = crossed.flatMap((r) => r.requiredSteps.map((s) => `${r.version} ${s.id}: ${s.description}`));
    if (crossed.length) plan.warnings.push(`Going back from ${from} to ${to} crosses release(s) with required steps: ${crossed.map((r) => r.version).join(', ')}. They may not be reversible.`);
    if (!request.allowDowngrade && (kind === 'downgrade' || crossed.length)) {
      plan.blocked = {
        code: 'DOWNGRADE_REFUSED',
        exitCode: ExitCode.usage,
        message: `Refusing to go from ${from} back to ${to}${crossed.length ? ' across releases with required steps' : ' (a downgrade)'}`,
        hint: 'Downgrades are not tested by Braintrust and may need data migrations to be undone. If support asked for it, re-run with --allow-downgrade.',
        details,
      };
    }
    return plan;
  }

  // Forward: stop on releases with required steps and on the first release of each new major.
  const between = releasesIn(manifest, from, to);
  const steps: UpgradeStep[] = [];
  let major = majorOf(from);
  for (const r of between) {
    const reasons: StopReason[] = [];
    if (r.requiredSteps.length) reasons.push('required-steps');
    if (majorOf(r.version) > major) reasons.push('major');
    major = Math.max(major, majorOf(r.version));
    if (r.version === to) reasons.push('target');
    if (reasons.length) steps.push(stepFor(manifest, r.version, reasons));
    else base.skipped.push(r.version);
  }
  return { ...base, kind: 'upgrade', to, steps };
}
