// .braintrust/history.jsonl: one line per install/upgrade/destroy/change. An apply writes a
// "started" line first (with its run id) and a result line with the same run id after, so a
// run killed mid-apply stays visible: a "started" without a result.
//
// Every line is a HistoryEntry: the run fields every action shares, plus the details of its
// action (typed per action below). The deploy pipeline is the only writer; readers get typed
// entries and skip lines that are not one (a torn write, or a line from a newer CLI).
import { readFile } from 'node:fs/promises';
import { historyPath } from './paths.js';
import { appendPrivateLine } from './files.js';

export const HISTORY_RESULTS = ['success', 'failure', 'interrupted', 'planned', 'started'] as const;
export type HistoryResult = (typeof HISTORY_RESULTS)[number];

/** A config value a settings change touched (the plan's `changes`). */
export interface SettingChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** What a settings command (telemetry, rate-limit, url, config set/unset, support-access) records. */
export interface SettingsDetails {
  settings?: SettingChange[];
}

/** The database backup taken or confirmed before an upgrade (src/upgrade/backup.ts). */
export type BackupDetails =
  | { kind: 'skipped' }
  | { kind: 'confirmed' }
  | { kind: 'snapshot'; tool: string; id: string }
  | { kind: 'not-needed'; reason: string };

/** The details each action records beside the run fields. */
export interface HistoryDetails {
  install: { skipPreflight?: true; /** The phase of a phased first install (src/deploy/install-phases.ts). */ phase?: string };
  upgrade: {
    fromVersion?: string; toVersion?: string; /** "2/3" of a multi-step upgrade. */ step?: string;
    rollback?: true; backup?: BackupDetails; /** Where the release list came from. */ manifest?: string;
    skipPreflight?: true;
  };
  'api-runtime': {
    phase?: 'phase-1' | 'phase-2' | 'rollback';
    apiRuntime?: { from: string; to: string };
    /** The health checks that gated phase 2. */
    health?: string[];
    skipPreflight?: true;
  };
  destroy: Record<never, never>;
  'destroy-unprotect': Record<never, never>;
  telemetry: SettingsDetails;
  'rate-limit': SettingsDetails;
  url: SettingsDetails;
  'config-set': SettingsDetails & { key?: string };
  'config-unset': SettingsDetails & { key?: string };
  'support-access-grant': SettingsDetails & { expiresAt?: string };
  'support-access-revoke': SettingsDetails;
}

export type HistoryAction = keyof HistoryDetails;
export const HISTORY_ACTIONS = [
  'install', 'upgrade', 'api-runtime', 'destroy', 'destroy-unprotect', 'telemetry', 'rate-limit', 'url',
  'config-set', 'config-unset', 'support-access-grant', 'support-access-revoke',
] as const satisfies readonly HistoryAction[];

/** What every line has, whatever the action. */
export interface RunFields {
  time: string;
  version: string;
  configSha256: string;
  result: HistoryResult;
  durationMs: number;
  /** Shared by a run's "started" line and its result line. */
  runId?: string;
  /** On "started": who runs it (an interrupted run is reported with them). */
  pid?: number;
  host?: string;
  terraformPid?: number;
  allowUndersized?: true;
  /** On "failure": the first diagnostic's summary, or the exit status. */
  error?: string;
  /** On "planned" and "success": the plan's counts. */
  add?: number;
  change?: number;
  destroy?: number;
  /** docker: the compose files are the deployment. */
  target?: 'docker-compose';
  /** On an "interrupted" line a later run wrote for a run that died mid-apply. */
  detectedBy?: 'next run';
}

/** One history line: the run fields and the details of its action (narrow on `action`). */
export type HistoryEntry = { [A in HistoryAction]: RunFields & { action: A } & HistoryDetails[A] }[HistoryAction];

/** The fields a deploy of `action` may add to its history lines. */
export type HistoryExtra<A extends HistoryAction = HistoryAction> = HistoryDetails[A];

/** A line of `action`: its run fields and details (the one way the pipeline builds one). */
export function historyEntry<A extends HistoryAction>(action: A, run: RunFields, details?: HistoryExtra<A>): HistoryEntry {
  // Readable key order (time, version, config, action, result first); no detail overrides a run field.
  const { time, version, configSha256, result, durationMs, ...rest } = run;
  return { time, version, configSha256, action, result, durationMs, ...details, ...rest } as HistoryEntry;
}

export async function appendHistory(configPath: string, entry: HistoryEntry): Promise<void> {
  await appendPrivateLine(historyPath(configPath), JSON.stringify(entry));
}

const isAction = (v: unknown): v is HistoryAction => (HISTORY_ACTIONS as readonly unknown[]).includes(v);
const isResult = (v: unknown): v is HistoryResult => (HISTORY_RESULTS as readonly unknown[]).includes(v);

/** A parsed line as a HistoryEntry, or undefined when it is not one. */
export function toHistoryEntry(v: unknown): HistoryEntry | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const e = v as Record<string, unknown>;
  if (!isAction(e.action) || !isResult(e.result)) return undefined;
  if (typeof e.time !== 'string' || typeof e.version !== 'string') return undefined;
  if (e.runId !== undefined && typeof e.runId !== 'string') return undefined;
  return v as HistoryEntry;
}

export async function readHistory(configPath: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(historyPath(configPath), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        const entry = toHistoryEntry(JSON.parse(l));
        return entry ? [entry] : [];
      } catch {
        return [];
      }
    });
}

/** The line a later run writes for a run that died mid-apply (`h` is its "started" line). */
export function interruptedEntry(h: HistoryEntry, time: string): HistoryEntry {
  return {
    time, version: h.version, configSha256: h.configSha256, action: h.action,
    result: 'interrupted', durationMs: 0, runId: h.runId, detectedBy: 'next run',
  } as HistoryEntry;
}

/** "started" entries no later line (same runId) closes: runs that died mid-apply. */
export function unfinishedRuns(history: HistoryEntry[]): HistoryEntry[] {
  const closed = new Set(history.filter((h) => h.result !== 'started' && h.runId !== undefined).map((h) => h.runId));
  return history.filter((h) => h.result === 'started' && h.runId !== undefined && !closed.has(h.runId));
}
