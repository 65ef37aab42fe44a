// The one edit -> plan -> apply flow behind telemetry, rate-limit, url, config set/unset,
// support-access (and each upgrade step): edit braintrust.yaml in memory, plan (pure,
// plan.ts: config diff, API environment diff, sizing, phases), show it, then apply it (apply.ts:
// dry run, config-only write, or the deploy pipeline, which writes the config just before apply
// and restores it if apply fails).
import { existsSync } from 'node:fs';
import type { HistoryAction, HistoryExtra } from '../state/history.js';
import { join, relative } from 'node:path';
import type { Ctx } from '../context.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { Config, ConfigInput } from '../config/schema.js';
import type { ConfigChange } from '../terraform/pipeline.js';
import { readOutputs } from '../terraform/deployment-state.js';
import type { EnvChange, ValueChange } from '../upgrade/diff.js';
import { checkOutDir, editConfig } from './config-edit.js';
import { stateDir } from '../paths.js';
import { withLock } from '../state/lock.js';
import { planDeployment, type DeploymentPlan } from './plan.js';
import { applyPlan, guardImmutable, type ChangeFlags, type ChangeResult } from './apply.js';

export { configEnvironment, DATA_PLANE_URL_PLACEHOLDER } from './plan.js';
export type { ChangeFlags, ChangeResult, ChangeStatus } from './apply.js';

export interface PreparedChange {
  before: LoadedConfig;
  after: LoadedConfig;
  change: ConfigChange;
  /** The plan value (what --json prints). */
  plan: DeploymentPlan;
  configDiff: string;
  settings: ValueChange[];
  env: EnvChange[];
}

/** Whether a deployment exists beside this config (outputs or local terraform state). */
export function isDeployed(configPath: string, outputs: Record<string, unknown>): boolean {
  return Object.keys(outputs).length > 0 || existsSync(join(stateDir(configPath), 'terraform.tfstate'));
}

export async function prepareChange(
  loaded: LoadedConfig,
  edit: (raw: ConfigInput) => void,
  opts: { outputs?: Record<string, unknown>; cwd: string; action: HistoryAction; flags?: Partial<ChangeFlags>; deployed?: boolean },
): Promise<PreparedChange> {
  const { change, loaded: after } = await editConfig(loaded, edit);
  const plan = planDeployment({
    action: opts.action,
    before: loaded,
    after,
    outputs: opts.outputs,
    deployed: opts.deployed,
    dryRun: opts.flags?.dryRun,
    configOnly: opts.flags?.apply === false,
    displayName: relative(opts.cwd, loaded.path) || loaded.path,
  });
  return { before: loaded, after, change, plan, configDiff: plan.configDiff, settings: plan.changes, env: plan.env };
}

/** Human view of a change: the config diff and the API environment (with --json the result carries the plan value). */
export function showChange(ctx: Ctx, p: PreparedChange): void {
  ctx.io.emit('deploy.plan-change', { configDiff: p.plan.configDiff, env: p.plan.env });
}

/** The plan value as the JSON result carries it (schemaVersion, action, config, configDiff, changes, env …). */
export function changeJson(p: PreparedChange): DeploymentPlan {
  return p.plan;
}

/** Apply one prepared change (see apply.ts). */
export async function applyChange(ctx: Ctx, p: PreparedChange, flags: ChangeFlags, meta: { action: HistoryAction; historyExtra?: HistoryExtra }): Promise<ChangeResult> {
  const plan = p.plan.action === meta.action ? p.plan : { ...p.plan, action: meta.action };
  return applyPlan(ctx, plan, { ...p.change, sha256: p.after.sha256, config: p.after.config }, flags, { historyExtra: meta.historyExtra });
}

export interface SettingsChange {
  action: HistoryAction;
  edit: (raw: ConfigInput) => void;
  /** What the setting becomes, from the new config, e.g. "rate limit 250 requests per 5 minutes". */
  summary: (after: Config) => string;
  historyExtra?: HistoryExtra;
}

/** load -> edit -> plan -> show -> apply: the handler body of every settings command. */
export async function changeSettings(ctx: Ctx, flags: ChangeFlags, spec: SettingsChange): Promise<number> {
  checkOutDir(flags.out);
  // The lock covers read -> edit -> apply: two changes never build on the same old config.
  return withLock(ctx.globals.config, spec.action, () => changeSettingsLocked(ctx, flags, spec));
}

async function changeSettingsLocked(ctx: Ctx, flags: ChangeFlags, spec: SettingsChange): Promise<number> {
  const loaded = await loadConfig(ctx.globals.config);
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const p = await prepareChange(loaded, spec.edit, { outputs, cwd: ctx.cwd, action: spec.action, flags, deployed: isDeployed(loaded.path, outputs) });
  if (p.plan.mode === 'unchanged') {
    ctx.io.emit('deploy.change-result', { ok: true, status: 'unchanged', ...p.plan });
    ctx.io.emit('deploy.change-unchanged', { config: relative(ctx.cwd, loaded.path) || loaded.path, summary: spec.summary(p.after.config) });
    return 0;
  }
  ctx.io.emit('deploy.change-start', { summary: spec.summary(p.after.config) });
  await guardImmutable(ctx, p.plan, flags);
  showChange(ctx, p);
  const r = await applyChange(ctx, p, flags, { action: spec.action, historyExtra: { settings: p.settings, ...spec.historyExtra } });
  ctx.io.emit('deploy.change-result', { ok: true, status: r.status, ...p.plan, ...(r.stackDir ? { stackDir: r.stackDir } : {}), ...(r.plan ? { plan: r.plan } : {}) });
  if (r.status === 'not-confirmed') ctx.io.emit('deploy.change-not-applied', { config: loaded.path });
  return 0;
}
