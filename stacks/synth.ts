// Synthesize a deployment: load only the chosen cloud's stack module (deep provider imports
// inside it), build it into a CDKTF App and write <outDir>/stacks/<name>/cdk.tf.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../src/config/schema.js';
import { escapeConfigForTerraform } from '../src/config/terraform-escape.js';

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  locals?: Record<string, unknown>;
  provider?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SynthResult {
  outDir: string;
  /** Directory terraform runs in. */
  stackDir: string;
  stackFile: string;
  json: TerraformJson;
  /** Extra files written (docker-compose target). */
  files: string[];
}

export interface CloudStackModule {
  /** Build the cloud's data plane stack into `app` (pure: no env, fs or network reads). */
  buildStack(app: import('cdktf').App, config: Config): import('cdktf').TerraformStack;
}

async function loadCloud(cloud: Config['cloud']): Promise<CloudStackModule> {
  switch (cloud) {
    case 'aws': return import('./aws/index.js');
    case 'gcp': return import('./gcp/index.js');
    case 'azure': return import('./azure/index.js');
    default: throw new Error(`no Terraform stack for cloud ${cloud}`);
  }
}

export interface SynthOptions {
  /** destroy --delete-data: lift deletion protection from data stores. */
  allowDataDeletion?: boolean;
}

export async function synthDeployment(config: Config, outDir: string, opts: SynthOptions = {}): Promise<SynthResult> {
  if (config.cloud === 'docker') {
    const { writeComposeFiles } = await import('./docker/index.js');
    const files = await writeComposeFiles(config, outDir);
    return { outDir, stackDir: outDir, stackFile: files[0], json: {}, files };
  }
  const [{ App, Aspects }, mod] = await Promise.all([import('cdktf'), loadCloud(config.cloud)]);
  const app = new App({ outdir: outDir, skipValidation: false });
  // User strings are escaped for Terraform here, once, for every cloud (see terraform-escape.ts).
  const stack = mod.buildStack(app, escapeConfigForTerraform(config));
  if (opts.allowDataDeletion) {
    const { AllowDataDeletion } = await import('./common/allow-data-deletion.js');
    Aspects.of(stack).add(new AllowDataDeletion());
  }
  app.synth();
  const stackDir = join(outDir, 'stacks', config.name);
  const stackFile = join(stackDir, 'cdk.tf.json');
  const json = JSON.parse(await readFile(stackFile, 'utf8')) as TerraformJson;
  return { outDir, stackDir, stackFile, json, files: [stackFile] };
}

/** Resource counts by type, for summaries. */
export function resourcesByType(json: TerraformJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) counts[type] = Object.keys(byName).length;
  return counts;
}
