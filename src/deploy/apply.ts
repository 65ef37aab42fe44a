// The effects of a DeploymentPlan: the immutable-settings guard, then a dry run (synth only), a
// config-only write (--no-apply), or the deploy pipeline (src/terraform/pipeline.ts: synth,
// terraform init/plan/apply, outputs, and the history, which it alone writes). The config edit is
// written by the pipeline just before apply and restored if apply fails.
import { relative } from 'node:path';
import type { HistoryExtra } from '../state/history.js';
import type { Ctx } from '../context.js';
import { writeFileAtomic } from '../state/files.js';
import type { Config } from '../config/schema.js';
import { deploy, type ConfigChange, type DeployOptions, type DeployResult } from '../terraform/pipeline.js';
import { deployInPhases, type PhaseProgress } from './install-phases.js';
import { usageError } from '../ui/errors.js';
import type { DeploymentPlan } from './plan.js';

/** Flags every change command takes (see changeOptions in src/commands/common-options.ts). */
export interface ChangeFlags {
  dryRun?: boolean;
  /** false with --no-apply: edit the config only. */
  apply?: boolean;
  out: string;
  allowUndersized?: boolean;
  /** --force-replace: allow changing a setting that replaces resources once deployed. */
  forceReplace?: boolean;
  /** --reinit: run terraform init even when nothing it depends on changed. */
  reinit?: boolean;
}

export type ChangeStatus = 'unchanged' | 'dry-run' | 'config-updated' | 'compose-written' | 'applied' | 'planned' | 'not-confirmed';

export interface ChangeResult {
  status: ChangeStatus;
  stackDir?: string;
  plan?: { add: number; change: number; destroy: number };
}

/**
 * Once a deployment exists (outputs or local state), a change to a setting that replaces
 * resources is refused (exit 2) unless --force-replace, which names what is replaced and asks
 * again (--yes answers in CI).
 */
export async function guardImmutable(ctx: Ctx, plan: DeploymentPlan, flags: ChangeFlags): Promise<void> {
  const changes = plan.immutable;
  if (!plan.deployed || changes.length === 0) return;
  const details = changes.map((c) => `${c.key}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)} replaces ${c.replaces}`);
  if (!flags.forceReplace) {
    throw usageError(
      `${changes.map((c) => c.key).join(', ')} cannot change once the deployment exists`,
      'Keep the current value. To replace those resources anyway (their data is lost), re-run with --force-replace.',
      details,
    );
  }
  for (const c of changes) ctx.io.emit('deploy.force-replace', { key: c.key, before: c.before, after: c.after, replaces: c.replaces });
  if (ctx.globals.yes || flags.dryRun || flags.apply === false) return;
  const ok = await ctx.prompt.confirm({ message: `Replace these resources (their data is lost)?`, default: false, flag: '--yes' });
  if (!ok) throw usageError('Not changed: replacement not confirmed', 'Keep the current value, or confirm the replacement.');
}

/** Dry run, config-only write, or the deploy pipeline for one planned change. */
export async function applyPlan(
  ctx: Ctx,
  plan: DeploymentPlan,
  change: ConfigChange & { sha256: string; config: Config },
  flags: ChangeFlags,
  meta: { historyExtra?: HistoryExtra },
): Promise<ChangeResult> {
  const common = {
    action: plan.action,
    config: change.config,
    configPath: change.path,
    configSha256: change.sha256,
    outDir: flags.out,
    allowUndersized: flags.allowUndersized,
    reinit: flags.reinit,
    historyExtra: meta.historyExtra,
  };
  const configChange: ConfigChange = { path: change.path, before: change.before, after: change.after };
  switch (plan.mode) {
    case 'dry-run': {
      const r = await deploy(ctx, { ...common, dryRun: true });
      ctx.io.emit('deploy.dry-run-done', { config: relative(ctx.cwd, change.path) || change.path, stackDir: r.stackDir });
      return { status: 'dry-run', stackDir: r.stackDir };
    }
    case 'config-only':
      await writeFileAtomic(change.path, change.after);
      ctx.io.emit('deploy.config-updated', { config: change.path });
      return { status: 'config-updated' };
    case 'unchanged':
      return { status: 'unchanged' };
    case 'compose': {
      // docker is not terraform-managed: the compose files are the deployment (the pipeline
      // writes the config and the history).
      const r = await deploy(ctx, { ...common, configChange });
      ctx.io.emit('deploy.compose-written', { stackDir: r.stackDir });
      return { status: 'compose-written', stackDir: r.stackDir };
    }
    case 'apply':
    case 'plan-only':
    case 'destroy': {
      const r = await deploy(ctx, { ...common, configChange, planOnly: plan.mode === 'plan-only' });
      const counts = r.plan && { add: r.plan.add, change: r.plan.change, destroy: r.plan.destroy };
      const status: ChangeStatus = r.status === 'applied' ? 'applied' : r.status === 'planned' ? 'planned' : 'not-confirmed';
      return { status, stackDir: r.stackDir, ...(counts ? { plan: counts } : {}) };
    }
  }
}

/** `install`: the plan's phases through the pipeline (several only for a first install that needs them). */
export async function applyInstallPlan(ctx: Ctx, plan: DeploymentPlan, opts: Omit<DeployOptions, 'action' | 'dryRun' | 'planOnly'>, saved: { progress?: PhaseProgress; outputs?: Record<string, unknown> }): Promise<DeployResult> {
  return deployInPhases(ctx, { ...opts, action: plan.action, dryRun: plan.mode === 'dry-run', planOnly: plan.mode === 'plan-only' }, plan.phases, saved);
}

/**
 * `destroy`: each phase through the pipeline, confirmed already (the typed name): with
 * --delete-data an apply that lifts deletion protection first, then terraform destroy.
 */
export async function applyDestroyPlan(
  ctx: Ctx,
  plan: DeploymentPlan,
  opts: Pick<DeployOptions, 'config' | 'configPath' | 'configSha256' | 'outDir' | 'onPlan'>,
): Promise<DeployResult> {
  const yesCtx: Ctx = { ...ctx, globals: { ...ctx.globals, yes: true } };
  const deleteData = plan.phases.some((p) => p.id === 'destroy-unprotect');
  const common = { config: opts.config, configPath: opts.configPath, configSha256: opts.configSha256, outDir: opts.outDir, skipSizing: true };
  if (deleteData) await deploy(yesCtx, { ...common, action: 'destroy-unprotect', allowDataDeletion: true });
  return deploy(yesCtx, { ...common, action: plan.action, destroy: true, allowDataDeletion: deleteData, onPlan: opts.onPlan });
}
