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
import { loadReleaseList, type ReleaseList } from '../upgrade/live.js';
import { assertKnownVersion, sameAs } from '../upgrade/known.js';
import { checkUpgradePolicy, UPGRADE_POLICY, type PolicyReport } from '../upgrade/policy.js';
import { planUpgrade } from '../upgrade/plan.js';
import { applyUpgrade } from '../upgrade/apply.js';
import { gatePreflight } from '../preflight/gate.js';
import { withLock } from '../state/lock.js';
import { checkOutDir } from '../deploy/config-edit.js';
import type { UpgradeOptions } from './upgrade.spec.js';
import { PLAN_SCHEMA_VERSION } from '../deploy/plan.js';
import type { PolicyData } from '../ui/messages/upgrade.js';

/** The policy verdict with the release list it was judged against (the data of upgrade.check). */
function policyData(report: PolicyReport, list: ReleaseList, cloud: string): PolicyData {
  return {
    report,
    policy: { ...UPGRADE_POLICY },
    manifest: list.manifest.source,
    releaseSource: list.source,
    warnings: list.warnings,
    sameAs: {
      current: sameAs(findRelease(list.manifest, report.current), cloud) ?? null,
      latest: sameAs(findRelease(list.manifest, report.latest), cloud) ?? null,
    },
  };
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
  for (const warning of list.warnings) ctx.io.emit('upgrade.release-list-warning', { warning });
  if (opts.check) {
    const report = checkUpgradePolicy(loaded.config.version, manifest, history, now, { live: list.source.kind === 'live' });
    ctx.io.emit('upgrade.check', policyData(report, list, loaded.config.cloud));
    return report.status === 'fail' ? 1 : 0;
  }
  const plan = planUpgrade(loaded.config, manifest, history, now, { to: opts.to, rollback: opts.rollback, allowDowngrade: opts.allowDowngrade });
  if (plan.blocked) {
    const b = plan.blocked;
    throw new BraintrustError(b.message, { code: b.code, hint: b.hint, details: b.details });
  }
  if (plan.kind === 'none') {
    ctx.io.emit('upgrade.up-to-date', { schemaVersion: PLAN_SCHEMA_VERSION, plan, policy: policyData(plan.policy, list, loaded.config.cloud) });
    ctx.io.emit('upgrade.already-at', { version: plan.to, latest: plan.policy.latest });
    return 0;
  }
  for (const warning of plan.warnings) ctx.io.emit('upgrade.plan-warning', { warning });
  ctx.io.emit('upgrade.plan', plan);
  await gatePreflight(ctx, loaded.config, { dryRun: opts.dryRun || opts.apply === false, skipPreflight: opts.skipPreflight });
  const outcome = await applyUpgrade(plan, ctx, { loaded, outputs: outputs ?? {} }, opts);
  const last = outcome.steps[outcome.steps.length - 1];
  const status = opts.dryRun ? 'dry-run' : (last?.status ?? 'not-confirmed');
  ctx.io.emit('upgrade.result', {
    schemaVersion: PLAN_SCHEMA_VERSION, status, complete: outcome.complete, plan, version: outcome.version,
    backup: outcome.backup ?? null, results: outcome.steps, releaseSource: list.source,
  });
  if (opts.dryRun) ctx.io.emit('upgrade.dry-run-done', { steps: plan.steps.length });
  else if (status === 'applied' || status === 'compose-written') ctx.io.emit('upgrade.done', { kind: plan.kind, version: outcome.version });
  return 0;
}
