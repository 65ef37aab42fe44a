// `braintrust upgrade`: --check reports the policy status (monthly recommended, quarterly
// required); otherwise plan (pure, src/upgrade/plan.ts) then apply (src/upgrade/apply.ts):
// stop on every release with required steps, back up the database, apply each stop through
// the deploy pipeline. --rollback returns to the previous successfully applied version.
// Exit codes: 1 policy fail (--check), apply/snapshot failure, unreachable manifest;
// 2 refused downgrade (needs --allow-downgrade), unknown release, invalid manifest.
import type { Ctx, Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { readHistory, readOutputs } from '../terraform/deployment-state.js';
import { BraintrustError, usageError } from '../ui/errors.js';
import { findRelease } from '../upgrade/manifest.js';
import { loadReleaseList, type ReleaseList, type ReleaseSource } from '../upgrade/live.js';
import { assertKnownVersion, sameAs } from '../upgrade/known.js';
import { checkUpgradePolicy, UPGRADE_POLICY, type PolicyReport } from '../upgrade/policy.js';
import { planUpgrade, type UpgradePlan } from '../upgrade/plan.js';
import { applyUpgrade } from '../upgrade/apply.js';
import { gatePreflight } from '../preflight/gate.js';
import { withLock } from '../state/lock.js';
import { checkOutDir } from '../deploy/config-edit.js';
import type { UpgradeOptions } from './upgrade.spec.js';
import { PLAN_SCHEMA_VERSION } from '../deploy/plan.js';

/** "live (…, as of 2026-11-26)" / "shipped snapshot (…, data as of 2026-08-22, 96 days old)". */
export function describeSource(s: ReleaseSource): string {
  const what = s.kind === 'live' ? 'live release list' : s.kind === 'snapshot' ? 'shipped snapshot' : '--manifest';
  const age = s.asOf ? `, data as of ${s.asOf}${s.ageDays ? `, ${s.ageDays} day${s.ageDays > 1 ? 's' : ''} old` : ''}` : '';
  return `${what} (${s.location}${age})`;
}

function sourceJson(s: ReleaseSource) {
  return { kind: s.kind, location: s.location, asOf: s.asOf, ageDays: s.ageDays, stale: s.stale, ...(s.fallbackReason ? { fallbackReason: s.fallbackReason } : {}) };
}

export function policyJson(r: PolicyReport, manifest: string, list?: ReleaseList, cloud?: string) {
  return {
    ok: r.status !== 'fail',
    current: r.current,
    latest: r.latest,
    daysBehind: r.daysBehind,
    status: r.status,
    policy: { recommendedDays: UPGRADE_POLICY.recommendedDays, requiredDays: UPGRADE_POLICY.requiredDays, rule: UPGRADE_POLICY.rule, source: UPGRADE_POLICY.source },
    releasesBehind: r.releasesBehind,
    currentSource: r.currentSource,
    configVersion: r.configVersion,
    deployedVersion: r.deployedVersion,
    currentDate: r.currentDate,
    latestDate: r.latestDate,
    daysBehindAtLeast: r.daysBehindAtLeast,
    message: r.message,
    notes: r.notes,
    manifest,
    ...(list
      ? {
          releaseSource: sourceJson(list.source),
          warnings: list.warnings,
          sameAs: {
            current: sameAs(findRelease(list.manifest, r.current), cloud ?? 'aws') ?? null,
            latest: sameAs(findRelease(list.manifest, r.latest), cloud ?? 'aws') ?? null,
          },
        }
      : {}),
  };
}

function printCheck(ctx: Ctx, r: PolicyReport, list: ReleaseList, cloud: string): void {
  const o = ctx.out;
  const src = r.currentSource === 'history' ? `last applied${r.configVersion !== r.current ? `; config says ${r.configVersion}` : ''}` : 'from the config; no successful apply in history';
  const same = (v: string) => {
    const s = sameAs(findRelease(list.manifest, v), cloud);
    return s ? `; ${s}` : '';
  };
  o.print(`Current: ${r.current} (${src})${r.currentDate ? `, released ${r.currentDate}` : ''}${same(r.current)}`);
  o.print(`Latest:  ${r.latest}, released ${r.latestDate}${r.releasesBehind ? ` (${r.releasesBehind} newer release${r.releasesBehind > 1 ? 's' : ''})` : ''}${same(r.latest)}`);
  o.print(`Source:  ${describeSource(list.source)}`);
  const paint = { ok: o.c.green, warn: o.c.yellow, fail: o.c.red }[r.status];
  o.print(`Status:  ${paint(r.status.toUpperCase())}: ${r.message}`);
  o.print(`Policy:  ${UPGRADE_POLICY.rule} (${UPGRADE_POLICY.source})`);
  for (const n of r.notes) o.print(`note: ${n}`);
  if (r.status !== 'ok') o.print(`Run: braintrust upgrade --dry-run, then braintrust upgrade`);
}

function printPlan(ctx: Ctx, plan: UpgradePlan): void {
  for (const w of plan.warnings) ctx.out.warn(w);
  const verb = plan.kind === 'upgrade' ? 'Upgrade' : plan.kind === 'rollback' ? 'Rollback' : 'Downgrade';
  ctx.out.print(`${verb} ${plan.from} -> ${plan.to} in ${plan.steps.length} step${plan.steps.length > 1 ? 's' : ''}: ` +
    plan.steps.map((s) => `${s.version}${s.reasons.filter((r) => r !== 'target').length ? ` (${s.reasons.filter((r) => r !== 'target').join(', ')})` : ''}`).join(', '));
  if (plan.skipped.length) ctx.out.print(`  passing over ${plan.skipped.length} release(s) without required steps: ${plan.skipped.join(', ')}`);
}

const DONE: Record<UpgradePlan['kind'], string> = { upgrade: 'Upgraded to', rollback: 'Rolled back to', downgrade: 'Downgraded to', none: 'Already at' };

function planJson(plan: UpgradePlan) {
  return { kind: plan.kind, from: plan.from, to: plan.to, steps: plan.steps, skipped: plan.skipped, warnings: plan.warnings, manifest: plan.manifest };
}

export const run: Handler<UpgradeOptions> = async (ctx, opts) => {
  if (opts.apiRuntime !== undefined) {
    // The AWS API runtime migration: its own flow (src/upgrade/api-runtime.ts), not a release change.
    const clash = [opts.check && '--check', opts.to !== undefined && '--to', opts.rollback && '--rollback', opts.allowDowngrade && '--allow-downgrade', opts.manifest !== undefined && '--manifest']
      .filter((f): f is string => Boolean(f));
    if (clash.length) throw usageError(`--api-runtime cannot be combined with ${clash.join(', ')}`, 'Change the runtime and the release in separate runs: `braintrust upgrade --api-runtime ecs`, then `braintrust upgrade`.');
    const { runApiRuntime } = await import('../upgrade/api-runtime.js');
    return runApiRuntime(ctx, { ...opts, apiRuntime: opts.apiRuntime });
  }
  if (opts.healthTimeout !== undefined) throw usageError('--health-timeout needs --api-runtime ecs', 'Pass it with `braintrust upgrade --api-runtime ecs`.');
  if (opts.rollback && opts.to) throw usageError('--rollback and --to cannot be combined', 'Pass --rollback to go back to the previous applied version, or --to <version>.');
  if (opts.check) {
    // --check only reports; a change flag beside it would be silently ignored.
    const changing = [
      opts.to !== undefined && '--to', opts.rollback && '--rollback', opts.allowDowngrade && '--allow-downgrade',
      opts.skipBackup && '--skip-backup', opts.dryRun && '--dry-run', opts.apply === false && '--no-apply',
    ].filter((f): f is string => Boolean(f));
    if (changing.length) {
      throw usageError(`--check cannot be combined with ${changing.join(', ')}`,
        `--check only reports the policy status. To preview the upgrade run \`braintrust upgrade ${opts.to !== undefined ? `--to ${opts.to} ` : ''}--dry-run\`.`);
    }
  }
  if (opts.check) return upgrade(ctx, opts);
  checkOutDir(opts.out);
  return withLock(ctx.globals.config, 'upgrade', () => upgrade(ctx, opts));
};

async function upgrade(ctx: Ctx, opts: UpgradeOptions): Promise<number> {
  const loaded = await loadConfig(ctx.globals.config);
  const now = ctx.clock();
  const [history, outputs, list] = await Promise.all([
    readHistory(loaded.path),
    readOutputs(loaded.path),
    loadReleaseList({ manifest: opts.manifest, offline: opts.offline, cwd: ctx.cwd, now, env: ctx.env, signal: ctx.signal }),
  ]);
  const manifest = list.manifest;
  assertKnownVersion(loaded.config.version, manifest);
  for (const w of list.warnings) ctx.out.warn(w);
  if (opts.check) {
    const report = checkUpgradePolicy(loaded.config.version, manifest, history, now, { live: list.source.kind === 'live' });
    ctx.out.result(policyJson(report, manifest.source, list, loaded.config.cloud));
    printCheck(ctx, report, list, loaded.config.cloud);
    return report.status === 'fail' ? 1 : 0;
  }
  const plan = planUpgrade(loaded.config, manifest, history, now, { to: opts.to, rollback: opts.rollback, allowDowngrade: opts.allowDowngrade });
  if (plan.blocked) {
    const b = plan.blocked;
    throw new BraintrustError(b.message, { code: b.code, hint: b.hint, details: b.details });
  }
  if (plan.kind === 'none') {
    ctx.out.result({ ok: true, schemaVersion: PLAN_SCHEMA_VERSION, status: 'up-to-date', ...planJson(plan), policy: policyJson(plan.policy, manifest.source, list, loaded.config.cloud) });
    ctx.out.info(`Already at ${plan.to}: nothing to upgrade.${plan.to !== plan.policy.latest ? ` (latest is ${plan.policy.latest})` : ''}`);
    return 0;
  }
  printPlan(ctx, plan);
  await gatePreflight(ctx, loaded.config, { dryRun: opts.dryRun || opts.apply === false, skipPreflight: opts.skipPreflight });
  const outcome = await applyUpgrade(plan, ctx, { loaded, outputs: outputs ?? {} }, opts);
  const last = outcome.steps[outcome.steps.length - 1];
  const status = opts.dryRun ? 'dry-run' : (last?.status ?? 'not-confirmed');
  ctx.out.result({ ok: true, schemaVersion: PLAN_SCHEMA_VERSION, status, complete: outcome.complete, ...planJson(plan), version: outcome.version, backup: outcome.backup ?? null, results: outcome.steps, releaseSource: sourceJson(list.source) });
  if (opts.dryRun) ctx.out.info(`Dry run: ${plan.steps.length} step(s) shown, nothing applied. Run without --dry-run to upgrade.`);
  else if (status === 'applied' || status === 'compose-written') {
    ctx.out.success(`${DONE[plan.kind]} ${outcome.version}.`);
  }
  return 0;
}
