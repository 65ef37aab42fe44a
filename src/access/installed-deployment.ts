// What remote access knows about a deployment: its config and the outputs the last apply wrote
// to .braintrust/outputs.json next to the config file (a flat JSON object {name: value}).
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import type { Cloud, Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { parseOutputsFile } from '../state/outputs.js';
import { BraintrustError, configError } from '../ui/errors.js';

export type Outputs = Record<string, string>;

export interface Deployment {
  /** Absolute path of the config file (it may not exist in direct mode). */
  configPath: string;
  /** .braintrust/ next to the config: outputs, audit log. */
  stateDir: string;
  config?: Config;
  cloud?: Cloud;
  outputs: Outputs;
}

export function configPathOf(ctx: Ctx): string {
  return resolve(ctx.cwd, ctx.globals.config);
}

export function stateDirOf(configPath: string): string {
  return join(dirname(configPath), '.braintrust');
}

/** Terraform-style {name: {value}} entries are unwrapped too, so either shape works. */
export function parseOutputs(text: string, where: string): Outputs {
  const raw = parseOutputsFile(text, where);
  const out: Outputs = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
    if (value === null || value === undefined) continue;
    out[k] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * Load config and outputs. `required: false` (direct mode) tolerates a missing config file and
 * missing outputs: the endpoint then comes from flags.
 */
export async function loadDeployment(ctx: Ctx, opts: { required: boolean }): Promise<Deployment> {
  const configPath = configPathOf(ctx);
  const stateDir = stateDirOf(configPath);
  let config: Config | undefined;
  if (opts.required || (await exists(configPath))) config = (await loadConfig(configPath)).config;
  const outputsPath = join(stateDir, 'outputs.json');
  let outputs: Outputs = {};
  try {
    outputs = parseOutputs(await readFile(outputsPath, 'utf8'), outputsPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (opts.required) {
      // The command line is fine; the deployment it needs is not there yet: a missing
      // prerequisite (exit 3), like a missing cloud CLI, not a usage error.
      throw new BraintrustError(`No deployment outputs at ${outputsPath}: ${config?.name ?? 'this deployment'} is not installed yet, or its outputs are elsewhere`, {
        code: 'OUTPUTS_NOT_FOUND',
        hint: 'Run `braintrust install` first (it writes the outputs); in CI, restore the .braintrust/ directory the apply job kept beside the config. Or connect with --via direct --host H --port P.',
      });
    }
  }
  return { configPath, stateDir, config, cloud: config?.cloud, outputs };
}

/** An output the command cannot do without: a config error naming the key and the fix. */
export function requireOutput(d: Deployment, key: string, purpose: string): string {
  const v = d.outputs[key];
  if (v !== undefined && v !== '') return v;
  throw configError(
    `Deployment output "${key}" is missing from ${join(d.stateDir, 'outputs.json')} (needed ${purpose})`,
    'Re-run `braintrust install` so the outputs are written, or pass the endpoint with --via direct --host H --port P.',
  );
}

export function regionOf(d: Deployment): string | undefined {
  return d.outputs.region || d.config?.region;
}
