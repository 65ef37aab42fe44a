// The one deployment pipeline every command uses (install, upgrade, telemetry, rate-limit,
// url, support-access): sizing -> synth -> terraform init -> plan -> confirm -> apply ->
// outputs + history. A config edit is written before apply and restored if apply fails.
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stateDir } from '../paths.js';
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { writeFileAtomic } from '../state/files.js';
import { checkSizing } from '../sizing/check.js';
import type { Finding } from '../sizing/check.js';
import { BraintrustError, operationFailed } from '../ui/errors.js';
import { findTerraform } from './binary.js';
import { TerraformRunner, type RunResult } from './runner.js';
import { formatDiagnostic, operationCount, type PlanSummary, type ApplyProgress } from './events.js';
import { appendHistory, historyEntry, interruptedEntry, readHistory, unfinishedRuns, type HistoryAction, type HistoryExtra, type HistoryResult, type RunFields } from '../state/history.js';
import { publicOutputs, saveOutputs } from '../state/outputs.js';
import { acquireLock, processAlive, type HeldLock } from '../state/lock.js';
import { ensurePrivateDir, tightenFile, tightenTree } from '../state/files.js';
import { localTfstatePath, outputsPath, planFileName } from '../state/paths.js';
import { licenseKeyEnv } from './secrets-env.js';
import { apiRuntimeWarnings } from '../config/api-runtime.js';
import { chartWarnings } from '../../stacks/common/chart-release.js';
import { elapsed } from './elapsed.js';
import { initDigest, initIsCurrent, initStampFile, pluginCacheEnv, recordInit } from './init-cache.js';

export interface ConfigChange {
  path: string;
  before: string;
  after: string;
}

export interface DeployOptions {
  action: HistoryAction;
  config: Config;
  configPath: string;
  configSha256: string;
  outDir: string;
  dryRun?: boolean;
  planOnly?: boolean;
  allowUndersized?: boolean;
  /** Written just before apply, restored if apply fails or is interrupted. */
  configChange?: ConfigChange;
  /** Destroy instead of apply. */
  destroy?: boolean;
  /** Synthesize with deletion protection lifted from data stores (destroy --delete-data). */
  allowDataDeletion?: boolean;
  /** --reinit: run terraform init even when nothing it depends on changed. */
  reinit?: boolean;
  /** Synthesize without the Helm release (phased first install, src/deploy/install-phases.ts). */
  omitApplication?: boolean;
  /**
   * Apply only the resources of these types and what they depend on (terraform -target):
   * install's first phase that creates the managed certificate (src/deploy/install-phases.ts).
   */
  targetTypes?: string[];
  /** Skip the sizing gate (destroy). */
  skipSizing?: boolean;
  /** Extra fields recorded in history. */
  historyExtra?: HistoryExtra;
  /** Hook to inspect the plan before confirmation (destroy uses it to protect data). */
  onPlan?: (plan: PlanSummary) => void;
}

export interface DeployResult {
  status: 'dry-run' | 'planned' | 'applied' | 'not-confirmed';
  findings: Finding[];
  stackDir: string;
  resources: Record<string, number>;
  /** Files written by the synth (the stack JSON, or docker-compose.yml and .env). */
  files: string[];
  plan?: PlanSummary;
  outputs?: Record<string, unknown>;
}

const COMMAND_OF_ACTION: Record<string, string> = {
  'support-access-grant': 'support-access grant',
  'support-access-revoke': 'support-access revoke',
  'destroy-unprotect': 'destroy --delete-data',
};

/** Sizing gate: production configs with failing findings stop unless --allow-undersized. */
export function gateSizing(ctx: Ctx, config: Config, allowUndersized: boolean): Finding[] {
  const findings = checkSizing(config);
  const failing = findings.filter((f) => f.status === 'fail');
  if (failing.length && config.tier === 'production' && !allowUndersized) {
    ctx.io.emit('sizing.findings', findings);
    throw new BraintrustError(`Sizing check failed: ${failing.length} finding(s) below the production requirements`, {
      code: 'SIZING_FAILED',
      details: failing.map((f) => `${f.component} ${f.check}: required ${f.required}, actual ${f.actual}. ${f.hint}`),
      hint: 'Fix the sizes in the config (see `braintrust sizing check`), or pass --allow-undersized (recorded in history).',
    });
  }
  if (failing.length) ctx.io.emit('sizing.failing', { count: failing.length, allowUndersized });
  return findings;
}

/**
 * Local state lives beside the config in .braintrust/terraform.tfstate, not in the output
 * directory: `--out` can change and build directories get deleted, and losing state means
 * terraform no longer knows the deployment exists. The path is relative to the stack directory
 * terraform runs in, so the synthesized JSON names no machine-specific path.
 */
export function withLocalStatePath(config: Config, opts: Pick<DeployOptions, 'configPath' | 'outDir'>): Config {
  if (config.state.backend !== 'local' || config.state.path) return config;
  const stackDir = resolve(opts.outDir, 'stacks', config.name);
  const path = relative(stackDir, join(stateDir(opts.configPath), 'terraform.tfstate'));
  return { ...config, state: { backend: 'local', path } };
}

/** The command a history action belongs to (history action names are not all commands). */
export function commandOfAction(action: string): string {
  return COMMAND_OF_ACTION[action] ?? action;
}

/**
 * Say what an earlier run left behind: a stale lock taken over, and "started" history entries
 * with no result (killed mid-apply). Those are closed with an "interrupted" entry so they are
 * reported once.
 */
export async function reportInterruptedRuns(ctx: Ctx, configPath: string, lock: HeldLock, opts: { close: boolean }): Promise<void> {
  if (lock.replaced) {
    const r = lock.replaced.info;
    ctx.io.emit('deploy.lock-taken-over', { command: r.command, pid: r.pid, startedAt: r.startedAt, ...(r.terraformPid ? { terraformPid: r.terraformPid } : {}) });
    lock.replaced = undefined;
  }
  const unfinished = unfinishedRuns(await readHistory(configPath));
  for (const h of unfinished) {
    const tfPid = typeof h.terraformPid === 'number' ? h.terraformPid : undefined;
    const running = processAlive(tfPid) && h.host === hostname();
    ctx.io.emit('deploy.run-interrupted', { action: h.action, time: h.time, runId: String(h.runId), running, ...(tfPid !== undefined ? { terraformPid: tfPid } : {}) });
    if (opts.close) {
      await appendHistory(configPath, interruptedEntry(h, ctx.clock().toISOString())).catch((e: Error) => ctx.io.emit('deploy.history-update-failed', { error: e.message }));
    }
  }
}

export async function deploy(ctx: Ctx, opts: DeployOptions): Promise<DeployResult> {
  const lock = await acquireLock(opts.configPath, commandOfAction(opts.action), { now: ctx.clock() });
  try {
    await reportInterruptedRuns(ctx, opts.configPath, lock, { close: !opts.dryRun });
    return await deployLocked(ctx, opts, lock);
  } finally {
    await lock.release();
  }
}

async function deployLocked(ctx: Ctx, opts: DeployOptions, lock: HeldLock): Promise<DeployResult> {
  const started = Date.now();
  const runId = lock.info.runId;
  const { config } = opts;
  const findings = opts.skipSizing ? [] : gateSizing(ctx, config, Boolean(opts.allowUndersized));
  for (const warning of [...apiRuntimeWarnings(config), ...chartWarnings(config)]) ctx.io.emit('deploy.config-warning', { warning });

  // Find terraform while synth runs (a real `terraform version` can take a second); a missing
  // binary is reported after the dry-run exit, where it matters.
  const binLookup = opts.dryRun || config.cloud === 'docker' ? undefined : findTerraform(ctx.env);
  binLookup?.catch(() => {});
  const { synthDeployment, resourcesByType } = await import('../../stacks/synth.js');
  const synthSpinner = await ctx.io.spinner(`Synthesizing the ${config.cloud} stack`);
  await ensurePrivateDir(resolve(opts.outDir));
  const synth = await synthDeployment(withLocalStatePath(config, opts), resolve(opts.outDir), { allowDataDeletion: opts.allowDataDeletion, omitApplication: opts.omitApplication });
  // The stack can carry settings worth keeping private; terraform's provider cache is left alone.
  await tightenTree(resolve(opts.outDir), { skip: (name) => name === '.terraform' });
  const resources = resourcesByType(synth.json);
  synthSpinner.succeed(`Synthesized ${Object.values(resources).reduce((a, b) => a + b, 0)} resources to ${synth.stackFile}`);
  if (synth.engine) ctx.io.emit('deploy.synth-engine', synth.engine);
  const base: DeployResult = { status: 'dry-run', findings, stackDir: synth.stackDir, resources, files: synth.files };
  // The one writer of history (.braintrust/history.jsonl) for every deploying command.
  const history = async (result: HistoryResult, extra: Partial<RunFields> = {}) =>
    appendHistory(opts.configPath, historyEntry(opts.action, {
      time: ctx.clock().toISOString(),
      version: config.version,
      configSha256: opts.configSha256,
      result,
      durationMs: Date.now() - started,
      runId,
      ...(opts.allowUndersized ? { allowUndersized: true } : {}),
      ...extra,
    }, opts.historyExtra));

  if (opts.dryRun) return base;
  if (config.cloud === 'docker') {
    // docker is not terraform-managed: the compose files just written are the deployment.
    if (opts.configChange) await writeFileAtomic(opts.configChange.path, opts.configChange.after);
    await history('success', { target: 'docker-compose' });
    return base;
  }

  if (config.state.backend === 'local' && ctx.env.CI && !opts.planOnly) {
    ctx.io.emit('deploy.local-state-in-ci');
  }
  const bin = await (binLookup ?? findTerraform(ctx.env));
  await ensurePrivateDir(stateDir(opts.configPath)); // local state and outputs live here
  ctx.io.emit('terraform.binary', { flavor: bin.flavor, version: bin.version, path: bin.path });
  const env: NodeJS.ProcessEnv = { ...ctx.env, ...licenseKeyEnv(config, ctx.env, { required: !opts.planOnly && !opts.destroy }), ...(await pluginCacheEnv(ctx.env)) };
  const runner = new TerraformRunner({
    bin, cwd: synth.stackDir, env, signal: ctx.signal,
    onLine: ctx.globals.verbose ? (line) => ctx.io.emit('terraform.log', { line }) : undefined,
    onProcess: (pid) => { lock.setTerraformPid(pid).catch(() => {}); },
  });
  const planFile = planFileName(runId);
  try {
    return await runTerraform();
  } finally {
    // No plan file outlives its run (it holds the license key and every setting).
    await rm(join(synth.stackDir, planFile), { force: true }).catch(() => {});
    const tfstate = localTfstatePath(opts.configPath);
    await tightenFile(tfstate);
    await tightenFile(`${tfstate}.backup`);
  }

  async function runTerraform(): Promise<DeployResult> {
    const fail = async (what: string, run: RunResult): Promise<never> => {
      const diags = run.diagnostics.filter((d) => d.severity === 'error');
      const details = diags.length ? diags.map(formatDiagnostic) : run.text.split('\n').slice(-20);
      await history('failure', { error: diags[0]?.summary ?? `${what} exited ${run.exitCode}` });
      const kept = what === 'apply' ? ' (what was already applied is kept; terraform carries on from there)' : '';
      // History action names are not all commands (support-access-grant, destroy-unprotect).
      const command = commandOfAction(opts.action);
      throw operationFailed(`terraform ${what} failed`, `Fix the problem above and re-run \`braintrust ${command}\`${kept}; the config was not changed.`, details, 'TERRAFORM_FAILED');
    };

    const stampFile = initStampFile(stateDir(opts.configPath));
    const terraformBlock = synth.json.terraform;
    if (!opts.reinit && (await initIsCurrent(stampFile, synth.stackDir, await initDigest(synth.stackDir, terraformBlock, bin)))) {
      ctx.io.emit('terraform.init-skipped', { flavor: bin.flavor });
    } else {
      const initSpinner = await ctx.io.spinner(`${bin.flavor} init`);
      const init = await runner.init();
      if (init.exitCode !== 0) {
        initSpinner.fail();
        await fail('init', init);
      }
      await recordInit(stampFile, synth.stackDir, terraformBlock, bin, ctx.clock());
      initSpinner.succeed(`${bin.flavor} init done`);
    }

    const planSpinner = await ctx.io.spinner(`${bin.flavor} plan${opts.destroy ? ' -destroy' : ''}`);
    const targets = (opts.targetTypes ?? []).flatMap((type) => Object.keys(synth.json.resource?.[type] ?? {}).map((n) => `${type}.${n}`));
    const { run: planRun, plan } = await runner.plan(planFile, { destroy: opts.destroy, ...(targets.length ? { targets } : {}) });
    if (planRun.exitCode !== 0) {
      planSpinner.fail();
      await fail('plan', planRun);
    }
    planSpinner.succeed(`Plan: ${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy`);
    printPlan(ctx, plan);
    opts.onPlan?.(plan);

    if (opts.planOnly) {
      await history('planned', { add: plan.add, change: plan.change, destroy: plan.destroy });
      return { ...base, status: 'planned', plan };
    }
    if (plan.add + plan.change + plan.destroy === 0) {
      ctx.io.emit('deploy.no-changes');
    } else if (!ctx.globals.yes) {
      if (!ctx.prompt.enabled) {
        ctx.io.emit('deploy.not-applied-non-interactive');
        return { ...base, status: 'not-confirmed', plan };
      }
      const ok = await ctx.prompt.confirm({ message: `Apply these changes to ${config.name} (${config.cloud} ${config.region ?? ''})?`, default: false, flag: '--yes' });
      if (!ok) {
        ctx.io.emit('deploy.not-applied-declined');
        return { ...base, status: 'not-confirmed', plan };
      }
    }

    // Before apply: a run killed from here on stays visible in history as "started".
    await history('started', { pid: process.pid, host: hostname() });
    if (opts.configChange) await writeFileAtomic(opts.configChange.path, opts.configChange.after);
    const restoreConfig = async () => {
      if (opts.configChange) await writeFileAtomic(opts.configChange.path, opts.configChange.before);
    };
    let applyRun: RunResult;
    try {
      applyRun = await applyWithProgress(ctx, runner, planFile, operationCount(plan));
    } catch (e) {
      await restoreConfig();
      await history('interrupted');
      throw e;
    }
    if (applyRun.exitCode !== 0) {
      await restoreConfig();
      await fail('apply', applyRun);
    }
    // The apply succeeded: from here a bookkeeping failure is a warning, never exit 1.
    const out = await runner.output();
    let outputs: Record<string, unknown> | undefined;
    let saved: string | undefined;
    if (!out.ok) {
      ctx.io.emit('deploy.outputs-read-failed', { error: out.error, path: outputsPath(opts.configPath) });
    } else {
      outputs = publicOutputs(out.outputs);
      try {
        saved = await saveOutputs(opts.configPath, outputs);
      } catch (e) {
        ctx.io.emit('deploy.outputs-write-failed', { error: (e as Error).message, path: outputsPath(opts.configPath) });
      }
    }
    await history('success', { add: plan.add, change: plan.change, destroy: plan.destroy })
      .catch((e: Error) => ctx.io.emit('deploy.history-write-failed', { error: e.message }));
    const outcome = operationCount(plan) === 0 ? 'up-to-date' : opts.destroy ? 'destroyed' : 'applied';
    ctx.io.emit('deploy.applied', { outcome, durationMs: Date.now() - started, ...(saved ? { outputsFile: saved } : {}) });
    return { ...base, status: 'applied', plan, ...(outputs ? { outputs } : {}) };
  }
}

function printPlan(ctx: Ctx, plan: PlanSummary): void {
  if (plan.replaced.length || plan.destroyed.length) ctx.io.emit('terraform.plan-risks', { replaced: plan.replaced, destroyed: plan.destroyed });
  for (const d of plan.diagnostics.filter((x) => x.severity === 'warning')) ctx.io.emit('terraform.diagnostic', d);
}

async function applyWithProgress(ctx: Ctx, runner: TerraformRunner, planFile: string, total: number): Promise<RunResult> {
  const started = Date.now();
  let done = 0;
  let current = '';
  let finished = false;
  // An empty plan is still applied (outputs may have changed) but is not shown as "0/0".
  const spinner = await ctx.io.spinner(total ? `Applying 0/${total} resources` : 'Applying (no resource changes)');
  const render = () => spinner.update(total
    ? `Applying ${done}/${total} resources · ${current || 'starting'} · ${elapsed(Date.now() - started)}`
    : `Applying (no resource changes) · ${elapsed(Date.now() - started)}`);
  const timer = ctx.io.interactive ? setInterval(render, 1000) : undefined;
  try {
    const run = await runner.apply(planFile, (p: ApplyProgress) => {
      if (p.kind === 'start') current = p.address;
      if (p.kind === 'complete') done += 1;
      // After counting, so the event for the last resource says done == total.
      ctx.io.emit('terraform.apply-progress', { progress: p, done, total });
      if (p.kind === 'errored') ctx.io.emit('terraform.apply-errored', { action: p.action, address: p.address });
      render();
    });
    finished = true;
    if (run.exitCode === 0) spinner.succeed(total ? `Applied ${done}/${total} resources` : 'Outputs up to date');
    else spinner.fail(`Apply failed after ${done}/${total} resources`);
    return run;
  } finally {
    if (timer) clearInterval(timer);
    // Interrupted (the runner threw): never leave the spinner running above the message.
    if (!finished) spinner.fail(`Apply stopped after ${done}/${total} resources`);
  }
}
