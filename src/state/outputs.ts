// .braintrust/outputs.json: terraform outputs with sensitive values dropped.
import { readFile } from 'node:fs/promises';
import { outputsPath } from './paths.js';
import { writePrivateFile } from './files.js';

/** Keep only non-sensitive outputs, flattened to {name: value}. */
export function publicOutputs(raw: Record<string, { sensitive?: boolean; value?: unknown }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!v.sensitive) out[k] = v.value;
  return out;
}

export async function saveOutputs(configPath: string, outputs: Record<string, unknown>): Promise<string> {
  const p = outputsPath(configPath);
  await writePrivateFile(p, JSON.stringify(outputs, null, 2) + '\n');
  return p;
}

export async function readOutputs(configPath: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(outputsPath(configPath), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
