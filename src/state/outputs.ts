// .braintrust/outputs.json: terraform outputs with sensitive values dropped. One rule for every
// reader: a missing file means "not installed yet" (undefined); a file that is not a JSON
// object is an OUTPUTS_CORRUPT error naming the file and the fix, never silently {}.
import { readFile } from 'node:fs/promises';
import { outputsPath } from './paths.js';
import { writePrivateFile } from './files.js';
import { BraintrustError } from '../ui/errors.js';

function corrupt(where: string, why: string): BraintrustError {
  return new BraintrustError(`${where} ${why}`, {
    code: 'OUTPUTS_CORRUPT',
    hint: `Delete ${where} and re-run \`braintrust install\` (its apply writes the outputs again).`,
  });
}

/** The outputs file's content as an object, or OUTPUTS_CORRUPT. */
export function parseOutputsFile(text: string, where: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw corrupt(where, `is not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw corrupt(where, 'must be a JSON object of deployment outputs');
  return raw as Record<string, unknown>;
}

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

/** undefined when there is no outputs file yet; OUTPUTS_CORRUPT when it is not a JSON object. */
export async function readOutputs(configPath: string): Promise<Record<string, unknown> | undefined> {
  const path = outputsPath(configPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseOutputsFile(text, path);
}
