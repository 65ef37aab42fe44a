// A first install as a list of phases, each applied through the one deployment pipeline.
// Azure (official module README): the infrastructure first, then a PostgreSQL restart so
// shared_preload_libraries (pg_cron, pg_hint_plan) load, then the Helm release, whose
// migrations need pg_cron; with public ingress (Front Door), approving Front Door's Private Link
// connection to the API, which exists once the release created the API Service. Other clouds:
// one phase. The list is data: a later step is one more entry.
//
// Resumable: each finished phase is recorded in .braintrust/install-phases.json; a re-run after
// an interruption or a failure continues at the first unfinished phase. The file is removed when
// the last phase finishes.
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { stateDir } from '../paths.js';
import { writeFileAtomic } from '../state/files.js';
import { deploy, type DeployOptions, type DeployResult } from '../terraform/pipeline.js';
import { azurePostgresRestartArgs } from './first-install.js';
import { findExecutable, runTool } from '../access/tools.js';
import { operationFailed } from '../ui/errors.js';
import { certificatePhases, printValidationRecords } from './certificate-phases.js';
import { ingressMode } from '../config/ingress-schema.js';
import { approveFrontDoorPrivateLink } from './private-link-approval.js';

export type PhaseKind = 'apply' | 'restart-postgres' | 'dns-records' | 'approve-private-link';

export interface InstallPhase {
  id: string;
  kind: PhaseKind;
  title: string;
  /** apply phases: synthesize without the Helm release. */
  omitApplication?: boolean;
  /** apply phases: apply only resources of these types (terraform -target). */
  targetTypes?: string[];
}

/** The phases of an install: several only for a first install that needs them. */
export function installPhases(config: Config, opts: { firstInstall: boolean; dryRun?: boolean; planOnly?: boolean; outputs?: Record<string, unknown>; resumePhases?: string[] }): InstallPhase[] {
  const single: InstallPhase[] = [{ id: 'deploy', kind: 'apply', title: 'deploy' }];
  // AWS with a managed certificate not yet issued: certificate, its DNS records, then the rest.
  const certificate = opts.dryRun || opts.planOnly ? undefined : certificatePhases(config, opts.outputs, opts.resumePhases);
  if (certificate) return certificate;
  if (!opts.firstInstall || opts.dryRun || opts.planOnly || config.cloud !== 'azure') return single;
  const phases: InstallPhase[] = [
    { id: 'infrastructure', kind: 'apply', title: 'infrastructure (everything but the Helm release)', omitApplication: true },
    { id: 'restart-postgres', kind: 'restart-postgres', title: 'restart PostgreSQL so pg_cron and pg_hint_plan load' },
    { id: 'application', kind: 'apply', title: 'the Braintrust Helm release' },
  ];
  if (ingressMode(config) === 'public') {
    phases.push({ id: 'approve-private-link', kind: 'approve-private-link', title: "approve Front Door's Private Link connection to the API" });
  }
  return phases;
}

export function phaseProgressPath(configPath: string): string {
  return join(stateDir(configPath), 'install-phases.json');
}

export interface PhaseProgress {
  /** Ids of the phases of `phases` that finished. */
  done: string[];
  phases: string[];
}

export async function readPhaseProgress(configPath: string): Promise<PhaseProgress | undefined> {
  try {
    return JSON.parse(await readFile(phaseProgressPath(configPath), 'utf8')) as PhaseProgress;
  } catch {
    return undefined;
  }
}

async function writePhaseProgress(configPath: string, progress: PhaseProgress): Promise<void> {
  await writeFileAtomic(phaseProgressPath(configPath), JSON.stringify(progress, null, 2) + '\n');
}

/** Restart the Azure server. Without az: print the command and carry on. A failed restart stops the install (resumable). */
async function restartPostgres(ctx: Ctx, config: Config, outputs: Record<string, unknown>): Promise<void> {
  const args = azurePostgresRestartArgs(config, outputs);
  if (!args) return;
  const manual = `az ${args.join(' ')}`;
  const az = await findExecutable('az', ctx.env);
  if (!az) {
    // Not a prerequisite of the rest of install: say what to run and carry on.
    ctx.io.emit('install.postgres-restart-manual', { command: manual });
    return;
  }
  const spinner = await ctx.io.spinner('Restarting PostgreSQL so shared_preload_libraries (pg_cron, pg_hint_plan) take effect');
  const r = await runTool(az, args, { env: ctx.env, signal: ctx.signal, timeoutMs: 15 * 60_000 }).catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message }));
  if (r.exitCode === 0) {
    spinner.succeed('PostgreSQL restarted');
    return;
  }
  const reason = r.stderr.trim().split('\n')[0] || `exit ${r.exitCode}`;
  spinner.fail(`PostgreSQL restart failed (${reason})`);
  throw operationFailed(
    `PostgreSQL restart failed: ${reason}`,
    `Run \`${manual}\` (or fix the cause), then run \`braintrust install\` again: it continues with the Helm release.`,
  );
}

/**
 * Run the install phases (the plan's, from installPhases) through `deploy`, skipping those a
 * previous run finished (`saved`: what install read of .braintrust/ before planning). Returns the
 * last apply's result (or the first one that did not apply: dry-run, planned, not confirmed).
 */
export async function deployInPhases(ctx: Ctx, opts: DeployOptions, phases: InstallPhase[], saved: { progress?: PhaseProgress; outputs?: Record<string, unknown> }): Promise<DeployResult> {
  if (phases.length <= 1) {
    const r = await deploy(ctx, opts);
    // A later install that created (or replaced) Front Door's origin, e.g. a switch to public
    // ingress: its new Private Link connection needs the same approval as a first install's.
    const newOrigin = r.plan?.changes.some((c) => c.type === 'azurerm_cdn_frontdoor_origin' && (c.action === 'create' || c.action === 'replace'));
    if (r.status === 'applied' && newOrigin) await approveFrontDoorPrivateLink(ctx, opts.config, r.outputs ?? {}, { resumable: false });
    return r;
  }

  const ids = phases.map((p) => p.id);
  const done = new Set(saved.progress && saved.progress.phases.join() === ids.join() ? saved.progress.done : []);
  if (done.size > 0) ctx.io.emit('install.resuming', { done: [...done] });
  let last: DeployResult | undefined;
  let outputs = saved.outputs ?? {};
  // A config edit (install's rate-limit flags) is written with the first apply; a later phase's
  // failure must not restore the old file under infrastructure that already has the new value.
  let configChange = opts.configChange;
  let ran = false;
  for (const [i, phase] of phases.entries()) {
    // Printing the DNS records again on a resumed install costs nothing and is what the user needs.
    const redo = done.has(phase.id);
    if (redo && phase.kind !== 'dns-records') continue;
    if (!redo) ran = true;
    ctx.io.emit('install.phase', { index: i + 1, count: phases.length, title: phase.title });
    if (phase.kind === 'apply') {
      last = await deploy(ctx, {
        ...opts,
        configChange,
        omitApplication: phase.omitApplication,
        targetTypes: phase.targetTypes,
        historyExtra: { ...opts.historyExtra, phase: phase.id },
      });
      if (last.status !== 'applied') return last;
      configChange = undefined;
      outputs = last.outputs ?? outputs;
    } else if (phase.kind === 'dns-records') {
      printValidationRecords(ctx, opts.config, outputs);
    } else if (phase.kind === 'approve-private-link') {
      await approveFrontDoorPrivateLink(ctx, opts.config, outputs);
    } else {
      await restartPostgres(ctx, opts.config, outputs);
    }
    done.add(phase.id);
    await writePhaseProgress(opts.configPath, { phases: ids, done: ids.filter((id) => done.has(id)) });
  }
  await rm(phaseProgressPath(opts.configPath), { force: true });
  if (last) return last;
  // Only steps after the last apply were left (a resumed Private Link approval): nothing to
  // apply again; report the deployment's outputs.
  if (ran) return { status: 'applied', findings: [], stackDir: join(resolve(opts.outDir), 'stacks', opts.config.name), resources: {}, files: [], outputs };
  // Every phase was already done (an earlier run stopped while removing the file): one apply.
  return deploy(ctx, opts);
}
