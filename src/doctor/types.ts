// What a doctor check is and what it reports. Each check lives in its own file under checks/
// and returns an outcome; the runner adds id, group, title and timing, and turns throws,
// skips and timeouts into results.
import type { Config } from '../config/schema.js';
import type { Deployment } from '../access/installed-deployment.js';
import type { ViaChoice } from '../access/tunnel.js';
import type { HistoryEntry } from '../terraform/deployment-state.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export const CHECK_GROUPS = ['local', 'cloud', 'policy', 'live'] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  /** The fix; set for every warn and fail. */
  hint?: string;
}

export interface CheckResult {
  id: string;
  group: CheckGroup;
  title: string;
  status: CheckStatus;
  detail: string;
  hint: string;
  durationMs: number;
}

/** Endpoint overrides for the live checks (`--via direct`, `--postgres-url` ...). */
export interface LiveOptions {
  via: ViaChoice;
  postgresUrl?: string;
  redisUrl?: string;
  bucketEndpoint?: string;
  /** Release manifest for the version-age check (default: the shipped copy). */
  manifest?: string;
  /** Version-age check: skip the live release list. */
  offline?: boolean;
}

/** Everything a check may read. Built once per run (context.ts); checks never write to it except `secrets`. */
export interface DoctorContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  configPath: string;
  /** The validated config; undefined when missing or invalid (configError says why). */
  config?: Config;
  configError?: Error;
  /** config + outputs in the shape the access layer (tunnels, clients) takes. */
  deployment: Deployment;
  /** False when .braintrust/outputs.json does not exist (nothing installed yet). */
  hasOutputs: boolean;
  /** outputs.json exists but cannot be read or parsed. */
  outputsError?: Error;
  history: HistoryEntry[];
  live: LiveOptions;
  /** Per-check budget; checks with an inner deadline (Brainstore) size it from this. */
  timeoutMs: number;
  /** Secret values met during the run (passwords), scrubbed from every message. */
  secrets: (string | undefined)[];
}

export interface DoctorCheck {
  id: string;
  group: CheckGroup;
  title: string;
  /** The fix shown when the check throws without a hint of its own. */
  fix: string;
  run(dc: DoctorContext, signal: AbortSignal): Promise<CheckOutcome>;
}

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const warn = (detail: string, hint: string): CheckOutcome => ({ status: 'warn', detail, hint });
export const fail = (detail: string, hint: string): CheckOutcome => ({ status: 'fail', detail, hint });
export const skip = (detail: string, hint?: string): CheckOutcome => ({ status: 'skip', detail, hint });

/** Thrown by a precondition helper: the runner reports the check as skipped with this reason. */
export class CheckSkipped extends Error {
  constructor(readonly detail: string, readonly hint?: string) {
    super(detail);
    this.name = 'CheckSkipped';
  }
}

/** The config, or skip: checks that judge the config cannot run without a valid one. */
export function needConfig(dc: DoctorContext): Config {
  if (dc.config) return dc.config;
  throw new CheckSkipped('no valid config (see the config check)');
}

/** A deployment output, or skip naming why (not installed yet, or this output missing). */
export function needOutput(dc: DoctorContext, key: string): string {
  const v = dc.deployment.outputs[key];
  if (v) return v;
  if (!dc.hasOutputs) throw new CheckSkipped('no deployment outputs yet (.braintrust/outputs.json)', 'Run `braintrust install`; it writes the outputs this check reads.');
  throw new CheckSkipped(`output ${key} is not in .braintrust/outputs.json`);
}
