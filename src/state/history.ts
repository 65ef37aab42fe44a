// .braintrust/history.jsonl: one line per install/upgrade/destroy/change. An apply writes a
// "started" line first (with its run id) and a result line with the same run id after, so a
// run killed mid-apply stays visible: a "started" without a result.
import { readFile } from 'node:fs/promises';
import { historyPath } from './paths.js';
import { appendPrivateLine } from './files.js';

export interface HistoryEntry {
  time: string;
  version: string;
  configSha256: string;
  action: string;
  result: 'success' | 'failure' | 'interrupted' | 'planned' | 'started';
  durationMs: number;
  /** Optional context: runId, pid, host, allowUndersized, error summary, previous version, counts. */
  [extra: string]: unknown;
}

export async function appendHistory(configPath: string, entry: HistoryEntry): Promise<void> {
  await appendPrivateLine(historyPath(configPath), JSON.stringify(entry));
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
        return [JSON.parse(l) as HistoryEntry];
      } catch {
        return [];
      }
    });
}

/** "started" entries no later line (same runId) closes: runs that died mid-apply. */
export function unfinishedRuns(history: HistoryEntry[]): HistoryEntry[] {
  const closed = new Set(history.filter((h) => h.result !== 'started' && typeof h.runId === 'string').map((h) => h.runId as string));
  return history.filter((h) => h.result === 'started' && typeof h.runId === 'string' && !closed.has(h.runId as string));
}
