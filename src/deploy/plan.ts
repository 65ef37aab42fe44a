// planDeployment is pure (configs before and after an edit, outputs, what the caller knows of
// the deployment in; a DeploymentPlan value out): no files, no processes, no terminal. Every
// command that changes a deployment (install, the settings commands, config set/unset, upgrade,
// support-access, destroy) builds one and hands it to apply.ts; `--dry-run --json` and
// `--plan-only --json` print it (schemaVersion says which shape).
import type { Cloud, Config, Tier } from '../config/schema.js';
import type { HistoryAction } from '../state/history.js';
import { apiRuntime } from '../config/api-runtime.js';
import { apiEnvironment, brainstoreConfigEnv } from '../../stacks/common/api-env.js';
import { checkSizing, type Finding } from '../sizing/check.js';
import { envDiff, unifiedDiff, valueChanges, type EnvChange, type ValueChange } from '../upgrade/diff.js';
import { immutableChanges, type ImmutableChange } from './immutable.js';
import { installPhases, type InstallPhase } from './install-phases.js';

/** Bumped when a field of DeploymentPlan changes meaning or goes away (adding one does not). */
export const PLAN_SCHEMA_VERSION = 1 as const;

/** What the run will do with the plan. */
export type PlanMode =
  /** synthesize only: no terraform, no credentials (--dry-run) */
  | 'dry-run'
  /** terraform init + plan, no apply (--plan-only) */
  | 'plan-only'
  /** write braintrust.yaml only (--no-apply) */
  | 'config-only'
  /** docker: write the compose files */
  | 'compose'
  /** terraform init, plan, confirm, apply */
  | 'apply'
  /** destroy: terraform plan -destroy, confirm, apply */
  | 'destroy'
  /** the edit changes nothing */
  | 'unchanged';

export interface DeploymentPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** The history action: install, telemetry, rate-limit, url, config, upgrade, support-access-grant, destroy … */
  action: HistoryAction;
  mode: PlanMode;
  name: string;
  cloud: Cloud;
  tier: Tier;
  /** The release the config holds after the edit. */
  version: string;
  /** The config file (absolute path). */
  config: string;
  /** Unified diff of the config file ('' when unchanged). */
  configDiff: string;
  /** Every setting that changes, by dotted path. */
  changes: ValueChange[];
  /** API/Brainstore environment variables that change. */
  env: EnvChange[];
  /** Settings that replace resources once deployed (refused without --force-replace when `deployed`). */
  immutable: ImmutableChange[];
  /** Whether a deployment exists (outputs or local state). */
  deployed: boolean;
  /** Sizing findings of the config after the edit ([] when nothing is synthesized: destroy, config-only, unchanged). */
  findings: Finding[];
  /** What runs, in order (each apply phase goes through synth, terraform, outputs and history). */
  phases: InstallPhase[];
}

/** One side of the plan: the config as text (for the diff) and as validated data. */
export interface ConfigSnapshot {
  path: string;
  text: string;
  config: Config;
}

export interface PlanInput {
  action: HistoryAction;
  before: ConfigSnapshot;
  /** The config after the edit; the same as `before` when nothing is edited (install, destroy). */
  after?: ConfigSnapshot;
  /** Terraform outputs of the deployment ({} before the first install). */
  outputs?: Record<string, unknown>;
  deployed?: boolean;
  /** No successful install in history (Azure installs in phases then). */
  firstInstall?: boolean;
  /** The phase ids of an unfinished phased install (.braintrust/install-phases.json): it resumes with them. */
  resumePhases?: string[];
  dryRun?: boolean;
  planOnly?: boolean;
  /** --no-apply: write the config only. */
  configOnly?: boolean;
  destroy?: boolean;
  /** destroy --delete-data: lift deletion protection from the data stores first. */
  deleteData?: boolean;
  /** How the config file is named in the diff header (default: its path). */
  displayName?: string;
}

/** What BRAINTRUST_APP_URL will be in proxy mode before the stack exists to say. */
export const DATA_PLANE_URL_PLACEHOLDER = '<data plane URL, known after install>';

/** The environment the API (and Brainstore's telemetry setting) get from config. */
export function configEnvironment(config: Config, outputs: Record<string, unknown> = {}): Record<string, string> {
  // Proxy mode points BRAINTRUST_APP_URL at the data plane's own URL (a stack reference): show
  // that it changes even when no outputs say the URL yet, rather than the control plane URL.
  const dataPlaneUrl = typeof outputs.api_url === 'string' ? outputs.api_url : config.urls.proxyControlPlane ? DATA_PLANE_URL_PLACEHOLDER : undefined;
  return {
    ...apiEnvironment(config, { dataPlaneUrl }, { containerized: config.cloud !== 'aws' || apiRuntime(config) === 'ecs' }),
    ...brainstoreConfigEnv(config),
  };
}

function modeOf(input: PlanInput, cloud: Cloud, changed: boolean): PlanMode {
  if (input.destroy) return 'destroy';
  if (input.dryRun) return 'dry-run';
  if (input.configOnly) return changed ? 'config-only' : 'unchanged';
  if (input.planOnly) return 'plan-only';
  return cloud === 'docker' ? 'compose' : 'apply';
}

function phasesOf(mode: PlanMode, input: PlanInput, config: Config): InstallPhase[] {
  if (mode === 'unchanged' || mode === 'config-only') return [];
  if (mode === 'destroy') {
    const destroy: InstallPhase = { id: 'destroy', kind: 'apply', title: 'terraform destroy' };
    return input.deleteData ? [{ id: 'destroy-unprotect', kind: 'apply', title: 'lift deletion protection from the data stores' }, destroy] : [destroy];
  }
  if (input.action !== 'install') return [{ id: 'deploy', kind: 'apply', title: 'deploy' }];
  return installPhases(config, { firstInstall: Boolean(input.firstInstall), dryRun: input.dryRun, planOnly: input.planOnly, outputs: input.outputs, resumePhases: input.resumePhases });
}

export function planDeployment(input: PlanInput): DeploymentPlan {
  const { before } = input;
  const after = input.after ?? before;
  const outputs = input.outputs ?? {};
  const name = input.displayName ?? before.path;
  const configDiff = after.text === before.text ? '' : unifiedDiff(before.text, after.text, { before: `${name} (current)`, after: `${name} (new)` });
  // An edit that changes nothing is 'unchanged' for the settings commands; install and destroy
  // run whether or not they edit.
  const editOnly = input.after !== undefined && input.action !== 'install';
  let mode = modeOf(input, after.config.cloud, configDiff !== '');
  if (editOnly && !configDiff) mode = 'unchanged';
  const c = after.config;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    action: input.action,
    mode,
    name: c.name,
    cloud: c.cloud,
    tier: c.tier,
    version: c.version,
    config: after.path,
    configDiff,
    changes: valueChanges(before.config, after.config),
    env: envDiff(configEnvironment(before.config, outputs), configEnvironment(after.config, outputs)),
    immutable: immutableChanges(before.config, after.config),
    deployed: Boolean(input.deployed),
    // Sizing is checked for what will be synthesized (a config-only write or no change runs nothing).
    findings: input.destroy || mode === 'config-only' || mode === 'unchanged' ? [] : checkSizing(c),
    phases: phasesOf(mode, input, c),
  };
}
