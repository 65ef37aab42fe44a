// .braintrust/ beside the config: outputs.json (terraform outputs, secrets dropped) and
// history.jsonl (one line per install/upgrade/destroy/change).
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir } from '../paths.js';
import { writeFileAtomic } from '../config/load.js';

export interface HistoryEntry {
  time: string;
  version: string;
  configSha256: string;
  action: string;
  result: 'success' | 'failure' | 'interrupted' | 'planned';
  durationMs: number;
  /** Optional context: allowUndersized, error summary, previous version, counts. */
  [extra: string]: unknown;
}

export function outputsPath(configPath: string): string {
  return join(stateDir(configPath), 'outputs.json');
}
export function historyPath(configPath: string): string {
  return join(stateDir(configPath), 'history.jsonl');
}

/** Keep only non-sensitive outputs, flattened to {name: value}. */
export function publicOutputs(raw: Record<string, { sensitive?: boolean; value?: unknown }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!v.sensitive) out[k] = v.value;
  return out;
}

export async function saveOutputs(configPath: string, outputs: Record<string, unknown>): Promise<string> {
  const p = outputsPath(configPath);
  await writeFileAtomic(p, JSON.stringify(outputs, null, 2) + '\n');
  return p;
}

export async function readOutputs(configPath: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(outputsPath(configPath), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function appendHistory(configPath: string, entry: HistoryEntry): Promise<void> {
  await mkdir(stateDir(configPath), { recursive: true });
  await appendFile(historyPath(configPath), JSON.stringify(entry) + '\n');
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
