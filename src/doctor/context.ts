// Build the DoctorContext once per run: the config (a broken one is recorded, not thrown, so
// the local checks still report), the deployment outputs, the history and the known secrets.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { parseOutputs, stateDirOf, type Outputs } from '../access/installed-deployment.js';
import { readHistory } from '../terraform/deployment-state.js';
import { knownSecrets } from '../access/secret-keys.js';
import type { DoctorContext, LiveOptions } from './types.js';

export async function loadDoctorContext(ctx: Ctx, live: LiveOptions, timeoutMs: number): Promise<DoctorContext> {
  const configPath = resolve(ctx.cwd, ctx.globals.config);
  const stateDir = stateDirOf(configPath);
  let config: Config | undefined;
  let configError: Error | undefined;
  try {
    config = (await loadConfig(configPath)).config;
  } catch (e) {
    configError = e as Error;
  }
  const outputsFile = join(stateDir, 'outputs.json');
  let outputs: Outputs = {};
  let hasOutputs = false;
  let outputsError: Error | undefined;
  try {
    const text = await readFile(outputsFile, 'utf8');
    hasOutputs = true;
    outputs = parseOutputs(text, outputsFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') outputsError = e as Error;
  }
  const licenseEnv = config?.secrets.brainstoreLicenseKey;
  return {
    cwd: ctx.cwd,
    env: ctx.env,
    now: ctx.clock(),
    configPath,
    config,
    configError,
    deployment: { configPath, stateDir, config, cloud: config?.cloud, outputs },
    hasOutputs,
    outputsError,
    history: await readHistory(configPath),
    live,
    timeoutMs,
    secrets: knownSecrets(ctx.env, [licenseEnv && 'env' in licenseEnv ? licenseEnv.env : undefined]),
  };
}
