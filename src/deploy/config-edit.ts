// Config edits for the deploy flows (install, settings changes, upgrade): load the config (or
// the shipped example for an offline dry run), apply an edit to the raw config, and describe the
// result.
import { resolve } from 'node:path';
import type { Ctx } from '../context.js';
import { configExists, loadConfig, serializeConfig, validateConfig, sha256, type LoadedConfig } from '../config/load.js';
import type { ConfigInput } from '../config/schema.js';
import { exampleConfigPath } from '../paths.js';
import type { ConfigChange } from '../terraform/pipeline.js';
import { usageError } from '../ui/errors.js';

export interface LoadForDeploy {
  loaded: LoadedConfig;
  usedExample: boolean;
}

/** The user's config; for a dry run with no config file, the shipped AWS production example. */
export async function loadForDeploy(ctx: Ctx, opts: { dryRun?: boolean }): Promise<LoadForDeploy> {
  const path = ctx.globals.config;
  if (opts.dryRun && !(await configExists(path))) {
    const loaded = await loadConfig(exampleConfigPath);
    ctx.io.emit('install.using-example', { path, example: exampleConfigPath });
    // State (history) for an example run goes beside the would-be config, not into the package.
    return { loaded: { ...loaded, path: resolve(path) }, usedExample: true };
  }
  return { loaded: await loadConfig(path), usedExample: false };
}

/** Apply `edit` to a copy of the raw config; validate; return the new text and config. */
export async function editConfig(
  loaded: LoadedConfig,
  edit: (raw: ConfigInput) => void,
): Promise<{ change: ConfigChange; loaded: LoadedConfig }> {
  const raw = structuredClone(loaded.raw);
  edit(raw);
  const config = validateConfig(raw, loaded.path);
  const after = await serializeConfig(raw, loaded.path);
  return {
    change: { path: loaded.path, before: loaded.text, after },
    loaded: { ...loaded, raw, config, text: after, sha256: sha256(after) },
  };
}

/** --out must name a directory (an empty value would synthesize into the working directory). */
export function checkOutDir(out: string | undefined): void {
  if (out !== undefined && !String(out).trim()) {
    throw usageError('--out \'\' is empty', 'Pass a directory for the synthesized stacks, e.g. --out braintrust.out (the default).');
  }
}
