// The one edit -> diff -> deploy flow behind telemetry, rate-limit and url (and each upgrade
// step): edit braintrust.yaml in memory, show the config diff and the API environment diff,
// then dry-run, write the config only (--no-apply), or run the deploy pipeline, which writes
// the config just before apply and restores it if apply fails.
import { relative } from 'node:path';
import type { Ctx } from '../context.js';
import { loadConfig, writeFileAtomic, type LoadedConfig } from '../config/load.js';
import type { Config, ConfigInput } from '../config/schema.js';
import { deploy, type ConfigChange } from '../terraform/pipeline.js';
import { appendHistory, readOutputs } from '../terraform/deployment-state.js';
import { apiEnvironment, brainstoreConfigEnv } from '../../stacks/common/api-env.js';
import { envDiff, formatEnvChange, unifiedDiff, valueChanges, type EnvChange, type ValueChange } from '../upgrade/diff.js';
import { checkOutDir, editConfig } from './config-edit.js';
import { apiRuntime } from '../config/api-runtime.js';
import { immutableChanges } from '../deploy/immutable.js';
import { stateDir } from '../paths.js';
import { usageError } from '../ui/errors.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from '../state/lock.js';

/** Flags every change command takes (see changeOptions in index.ts). */
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

export interface PreparedChange {
  before: LoadedConfig;
  after: LoadedConfig;
  change: ConfigChange;
  configDiff: string;
  settings: ValueChange[];
  env: EnvChange[];
}

export type ChangeStatus = 'unchanged' | 'dry-run' | 'config-updated' | 'compose-written' | 'applied' | 'planned' | 'not-confirmed';

export interface ChangeResult {
  status: ChangeStatus;
  stackDir?: string;
  plan?: { add: number; change: number; destroy: number };
}

/** The environment the API (and Brainstore's telemetry setting) get from config. */
/** What BRAINTRUST_APP_URL will be in proxy mode before the stack exists to say. */
export const DATA_PLANE_URL_PLACEHOLDER = '<data plane URL, known after install>';

export function configEnvironment(config: Config, outputs: Record<string, unknown> = {}): Record<string, string> {
  // Proxy mode points BRAINTRUST_APP_URL at the data plane's own URL (a stack reference): show
  // that it changes even when no outputs say the URL yet, rather than the control plane URL.
  const dataPlaneUrl = typeof outputs.api_url === 'string' ? outputs.api_url : config.urls.proxyControlPlane ? DATA_PLANE_URL_PLACEHOLDER : undefined;
  return {
    ...apiEnvironment(config, { dataPlaneUrl }, { containerized: config.cloud !== 'aws' || apiRuntime(config) === 'ecs' }),
    ...brainstoreConfigEnv(config),
  };
}

export async function prepareChange(
  loaded: LoadedConfig,
  edit: (raw: ConfigInput) => void,
  opts: { outputs?: Record<string, unknown>; cwd: string },
): Promise<PreparedChange> {
  const { change, loaded: after } = await editConfig(loaded, edit);
  const outputs = opts.outputs ?? {};
  const name = relative(opts.cwd, loaded.path) || loaded.path;
  return {
    before: loaded,
    after,
    change,
    configDiff: unifiedDiff(change.before, change.after, { before: `${name} (current)`, after: `${name} (new)` }),
    settings: valueChanges(loaded.config, after.config),
    env: envDiff(configEnvironment(loaded.config, outputs), configEnvironment(after.config, outputs)),
  };
}

/** Human view of a change; JSON runs carry the same data in their result document. */
export function showChange(ctx: Ctx, p: PreparedChange): void {
  if (ctx.globals.json) return;
  const c = ctx.out.c;
  if (!p.configDiff) return;
  ctx.out.print(c.bold('Config change:'));
  for (const line of p.configDiff.trimEnd().split('\n')) {
    ctx.out.print(line.startsWith('+') && !line.startsWith('+++') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line);
  }
  ctx.out.print(c.bold('API environment:'));
  if (!p.env.length) ctx.out.print('  (no environment change)');
  for (const e of p.env) ctx.out.print(`  ${formatEnvChange(e)}`);
}

export function changeJson(p: PreparedChange): Record<string, unknown> {
  return { config: p.after.path, configDiff: p.configDiff, changes: p.settings, env: p.env };
}

/** Dry run, config-only write, or the deploy pipeline for one prepared change. */
export async function applyChange(ctx: Ctx, p: PreparedChange, flags: ChangeFlags, meta: { action: string; historyExtra?: Record<string, unknown> }): Promise<ChangeResult> {
  const { after, change } = p;
  const common = {
    action: meta.action,
    config: after.config,
    configPath: after.path,
    configSha256: after.sha256,
    outDir: flags.out,
    allowUndersized: flags.allowUndersized,
    reinit: flags.reinit,
    historyExtra: meta.historyExtra,
  };
  if (flags.dryRun) {
    const r = await deploy(ctx, { ...common, dryRun: true });
    ctx.out.info(`Dry run: nothing applied and ${relative(ctx.cwd, after.path) || after.path} unchanged; the stack is in ${r.stackDir}.`);
    return { status: 'dry-run', stackDir: r.stackDir };
  }
  if (flags.apply === false) {
    await writeFileAtomic(change.path, change.after);
    ctx.out.success(`Updated ${change.path} (not applied: --no-apply). Apply it with \`braintrust install --yes\` or your CI pipeline.`);
    return { status: 'config-updated' };
  }
  if (after.config.cloud === 'docker') {
    // docker is not terraform-managed: the compose files are the deployment.
    await writeFileAtomic(change.path, change.after);
    const started = Date.now();
    const r = await deploy(ctx, common);
    await appendHistory(after.path, {
      time: ctx.clock().toISOString(), version: after.config.version, configSha256: after.sha256,
      action: meta.action, result: 'success', durationMs: Date.now() - started, target: 'docker-compose', ...meta.historyExtra,
    });
    ctx.out.success(`Wrote the compose files to ${r.stackDir}. Restart with: docker compose up -d (in that directory).`);
    return { status: 'compose-written', stackDir: r.stackDir };
  }
  const r = await deploy(ctx, { ...common, configChange: change });
  const plan = r.plan && { add: r.plan.add, change: r.plan.change, destroy: r.plan.destroy };
  const status: ChangeStatus = r.status === 'applied' ? 'applied' : r.status === 'planned' ? 'planned' : 'not-confirmed';
  return { status, stackDir: r.stackDir, ...(plan ? { plan } : {}) };
}

export interface SettingsChange {
  action: string;
  edit: (raw: ConfigInput) => void;
  /** What the setting becomes, from the new config, e.g. "rate limit 250 requests per 5 minutes". */
  summary: (after: Config) => string;
  historyExtra?: Record<string, unknown>;
}

/**
 * Once a deployment exists (outputs or local state), a change to a setting that replaces
 * resources is refused (exit 2) unless --force-replace, which names what is replaced and asks
 * again (--yes answers in CI).
 */
async function guardImmutable(ctx: Ctx, p: PreparedChange, flags: ChangeFlags, deployed: boolean): Promise<void> {
  const changes = immutableChanges(p.before.config, p.after.config);
  if (!deployed || changes.length === 0) return;
  const details = changes.map((c) => `${c.key}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)} replaces ${c.replaces}`);
  if (!flags.forceReplace) {
    throw usageError(
      `${changes.map((c) => c.key).join(', ')} cannot change once the deployment exists`,
      'Keep the current value. To replace those resources anyway (their data is lost), re-run with --force-replace.',
      details,
    );
  }
  for (const d of details) ctx.out.warn(`--force-replace: ${d}`);
  if (ctx.globals.yes || flags.dryRun || flags.apply === false) return;
  const ok = await ctx.prompt.confirm({ message: `Replace these resources (their data is lost)?`, default: false, flag: '--yes' });
  if (!ok) throw usageError('Not changed: replacement not confirmed', 'Keep the current value, or confirm the replacement.');
}

/** load -> edit -> show -> apply: the handler body of every settings command. */
export async function changeSettings(ctx: Ctx, flags: ChangeFlags, spec: SettingsChange): Promise<number> {
  checkOutDir(flags.out);
  // The lock covers read -> edit -> apply: two changes never build on the same old config.
  return withLock(ctx.globals.config, spec.action, () => changeSettingsLocked(ctx, flags, spec));
}

async function changeSettingsLocked(ctx: Ctx, flags: ChangeFlags, spec: SettingsChange): Promise<number> {
  const loaded = await loadConfig(ctx.globals.config);
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const p = await prepareChange(loaded, spec.edit, { outputs, cwd: ctx.cwd });
  if (!p.configDiff) {
    ctx.out.result({ ok: true, action: spec.action, status: 'unchanged', ...changeJson(p) });
    ctx.out.info(`No change: ${relative(ctx.cwd, loaded.path) || loaded.path} already has ${spec.summary(p.after.config)}. (To apply the config as it is, run \`braintrust install\`.)`);
    return 0;
  }
  ctx.out.info(`Changing to ${spec.summary(p.after.config)}`);
  await guardImmutable(ctx, p, flags, Object.keys(outputs).length > 0 || existsSync(join(stateDir(loaded.path), 'terraform.tfstate')));
  showChange(ctx, p);
  const r = await applyChange(ctx, p, flags, { action: spec.action, historyExtra: { change: spec.action, settings: p.settings, ...spec.historyExtra } });
  ctx.out.result({ ok: true, action: spec.action, status: r.status, ...changeJson(p), ...(r.stackDir ? { stackDir: r.stackDir } : {}), ...(r.plan ? { plan: r.plan } : {}) });
  if (r.status === 'not-confirmed') ctx.out.info(`${loaded.path} was not changed.`);
  return 0;
}
