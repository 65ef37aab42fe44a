// applyUpgrade: the effects of an upgrade plan. For each stop: set the version in the config,
// synthesize, show what changes (image tags, Lambda code keys, Helm values), take or confirm a
// backup before the first apply, and apply through the one deploy pipeline (which records
// history and restores the previous version in the config if apply fails).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';
import { BraintrustError } from '../ui/errors.js';
import { gateSizing } from '../terraform/pipeline.js';
import { findTerraform } from '../terraform/binary.js';
import { licenseKeyEnv } from '../terraform/secrets-env.js';
import { applyChange, prepareChange, showChange, type ChangeFlags, type ChangeStatus } from '../deploy/settings-change.js';
import { artifactChanges, composeTree, type ArtifactChange, type SynthTree } from './artifacts.js';
import { ensureBackup, type BackupRecord } from './backup.js';
import type { UpgradePlan } from './plan.js';
import type { DeploymentPlan } from '../deploy/plan.js';

export interface ApplyUpgradeOptions extends ChangeFlags {
  skipBackup?: boolean;
}

export interface StepResult {
  version: string;
  status: ChangeStatus;
  artifacts: ArtifactChange[];
  configDiff: string;
  /** The step's deployment plan (the same value a settings change prints). */
  deployment: DeploymentPlan;
}

export interface UpgradeOutcome {
  steps: StepResult[];
  backup?: BackupRecord;
  /** The version the config holds afterwards. */
  version: string;
  complete: boolean;
}

/** Synthesize a config into a throwaway directory, as one tree for artifactChanges. */
async function synthTree(config: Config): Promise<SynthTree> {
  const { synthDeployment } = await import('../../stacks/synth.js');
  const dir = await mkdtemp(join(tmpdir(), 'bt-upgrade-'));
  try {
    const r = await synthDeployment(config, dir);
    if (config.cloud !== 'docker') return r.json as SynthTree;
    const files: Record<string, string> = {};
    for (const f of r.files) files[basename(f)] = await readFile(f, 'utf8');
    return composeTree(files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Before a backup is taken or anything applied: sizing (the pipeline's gate), terraform and the
 * license key. deploy() checks them again per step; failing here fails before any change.
 */
async function preflight(ctx: Ctx, config: Config, opts: ApplyUpgradeOptions): Promise<void> {
  gateSizing(ctx, config, Boolean(opts.allowUndersized));
  if (config.cloud === 'docker') return;
  await findTerraform(ctx.env);
  licenseKeyEnv(config, ctx.env, { required: true });
}

export async function applyUpgrade(plan: UpgradePlan, ctx: Ctx, start: { loaded: LoadedConfig; outputs: Record<string, unknown> }, opts: ApplyUpgradeOptions): Promise<UpgradeOutcome> {
  const writesConfigOnly = opts.apply === false && !opts.dryRun;
  // --no-apply writes one stop: later stops need the earlier ones applied first.
  const steps = writesConfigOnly ? plan.steps.slice(0, 1) : plan.steps;
  if (writesConfigOnly && plan.steps.length > 1) {
    ctx.io.emit('upgrade.no-apply-first-stop', { version: steps[0].version, to: plan.to, remaining: plan.steps.length - 1 });
  }
  if (!opts.dryRun && !writesConfigOnly) await preflight(ctx, start.loaded.config, opts);
  const results: StepResult[] = [];
  let prev = start.loaded;
  let prevTree: SynthTree | undefined;
  let backup: BackupRecord | undefined;
  for (const [i, step] of steps.entries()) {
    const fromVersion = i === 0 ? plan.from : steps[i - 1].version;
    const label = `${i + 1}/${steps.length}`;
    ctx.io.emit('upgrade.step', { label, from: fromVersion, step });

    const p = await prepareChange(prev, (raw) => { raw.version = step.version; }, { outputs: start.outputs, cwd: ctx.cwd, action: 'upgrade', flags: opts });
    prevTree ??= await synthTree(prev.config);
    const nextTree = await synthTree(p.after.config);
    const artifacts = artifactChanges(prevTree, nextTree, [prev.config.version, step.version]);
    showChange(ctx, p);
    ctx.io.emit('upgrade.artifacts', artifacts);

    if (!opts.dryRun && !writesConfigOnly && !backup) {
      backup = await ensureBackup(ctx, p.after.config, start.outputs, { skip: opts.skipBackup, version: step.version });
    }
    const historyExtra = {
      fromVersion, toVersion: plan.to, step: label, ...(plan.kind === 'rollback' ? { rollback: true } : {}),
      ...(backup ? { backup } : {}), manifest: plan.manifest,
    };
    let r;
    try {
      r = await applyChange(ctx, p, opts, { action: 'upgrade', historyExtra });
    } catch (e) {
      if (!(e instanceof BraintrustError)) throw e;
      const done = results.length ? ` Steps already applied (${results.map((s) => s.version).join(', ')}) stay applied.` : '';
      throw new BraintrustError(`${e.message} (upgrade step ${label}: ${fromVersion} -> ${step.version})`, {
        code: e.code,
        details: e.details,
        cause: e,
        hint: `The config still says ${prev.config.version}.${done} Fix the problem above, then re-run \`braintrust upgrade --to ${plan.to}\` to resume from ${fromVersion}${plan.kind !== 'upgrade' ? ' (with --allow-downgrade)' : ''}.`,
      });
    }
    results.push({ version: step.version, status: r.status, artifacts, configDiff: p.configDiff, deployment: p.plan });
    if (r.status === 'not-confirmed' || r.status === 'planned') {
      return { steps: results, backup, version: prev.config.version, complete: false };
    }
    prev = p.after;
    prevTree = nextTree;
  }
  const complete = !writesConfigOnly || plan.steps.length === 1;
  return { steps: results, backup, version: opts.dryRun ? start.loaded.config.version : prev.config.version, complete };
}
