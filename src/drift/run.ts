// runDrift: synthesize the current config, then terraform init, `plan -refresh-only
// -detailed-exitcode -json` (what changed outside the tool; values from `show -json` of that
// plan) and a normal `plan -detailed-exitcode -json` (config changes not yet applied). Plan files
// are deleted before returning; nothing is applied.
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { stateDir } from '../paths.js';
import { findTerraform } from '../terraform/binary.js';
import { TerraformRunner, type RunResult } from '../terraform/runner.js';
import { emptyPlan, foldPlanEvent, formatDiagnostic, type PlannedChange, type TerraformEvent } from '../terraform/events.js';
import { withLocalStatePath } from '../terraform/pipeline.js';
import { licenseKeyEnv } from '../terraform/secrets-env.js';
import { operationFailed, usageError } from '../ui/errors.js';
import { driftFromEvents, driftFromPlan, type DriftedResource, type PlanJson } from './parse.js';

export interface DriftReport {
  ok: boolean;
  drift: DriftedResource[];
  /** Config changes not yet applied (a normal plan): listed, not counted as drift. */
  pending: { address: string; action: string }[];
}

const DRIFT_PLAN = 'drift.tfplan';

function failed(what: string, run: RunResult): never {
  const diags = run.diagnostics.filter((d) => d.severity === 'error');
  throw operationFailed(`terraform ${what} failed`, 'Fix the problem above (credentials, state backend access) and re-run `braintrust drift`.',
    diags.length ? diags.map(formatDiagnostic) : run.text.split('\n').slice(-20), 'TERRAFORM_FAILED');
}

export async function runDrift(ctx: Ctx, config: Config, configPath: string, outDir: string): Promise<DriftReport> {
  if (config.cloud === 'docker') throw usageError('drift compares terraform state with the cloud: docker deployments have none', 'Use `docker compose ps` for a docker deployment.');
  const { synthDeployment } = await import('../../stacks/synth.js');
  const synth = await synthDeployment(withLocalStatePath(config, { configPath, outDir }), resolve(outDir));
  const bin = await findTerraform(ctx.env);
  await mkdir(stateDir(configPath), { recursive: true });
  const env = { ...ctx.env, ...licenseKeyEnv(config, ctx.env, { required: false }) };
  const runner = new TerraformRunner({ bin, cwd: synth.stackDir, env, signal: ctx.signal, onLine: ctx.globals.verbose ? (line) => ctx.io.emit('drift.terraform-line', { line }) : undefined });
  try {
    const init = await runner.init();
    if (init.exitCode !== 0) failed('init', init);

    const events: TerraformEvent[] = [];
    const refresh = await runner.stream(['plan', '-refresh-only', '-detailed-exitcode', '-input=false', '-json', `-out=${DRIFT_PLAN}`], (ev) => events.push(ev));
    if (refresh.exitCode !== 0 && refresh.exitCode !== 2) failed('plan -refresh-only', refresh);
    let drift: DriftedResource[] = [];
    if (refresh.exitCode === 2) {
      const shown = (await runner.showPlan(DRIFT_PLAN)) as PlanJson | undefined;
      drift = shown?.resource_drift ? driftFromPlan(shown) : driftFromEvents(events);
    }

    const plan = emptyPlan();
    const pendingRun = await runner.stream(['plan', '-detailed-exitcode', '-input=false', '-json', '-lock=true'], (ev) => foldPlanEvent(plan, ev));
    if (pendingRun.exitCode !== 0 && pendingRun.exitCode !== 2) failed('plan', pendingRun);
    const pending = plan.changes.filter((c: PlannedChange) => c.action !== 'noop' && c.action !== 'read').map((c) => ({ address: c.address, action: c.action }));
    return { ok: drift.length === 0, drift, pending };
  } finally {
    await rm(join(synth.stackDir, DRIFT_PLAN), { force: true });
  }
}
