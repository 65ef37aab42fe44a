// Synthesize a deployment: load only the chosen cloud's stack module (deep provider imports
// inside it), build it into a CDKTF App and write <outDir>/stacks/<name>/cdk.tf.json.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

/** How the stack code was loaded (shown with --verbose). */
export type SynthEngineInfo = { kind: 'bundle'; file: string; codeCache: 'accepted' | 'rejected' | 'none' } | { kind: 'modules' };

export interface SynthResult {
  outDir: string;
  /** Directory terraform runs in. */
  stackDir: string;
  stackFile: string;
  json: TerraformJson;
  /** Extra files written (docker-compose target). */
  files: string[];
  /** Absent for docker (no Terraform). */
  engine?: SynthEngineInfo;
}

export interface CloudStackModule {
  /** Build the cloud's data plane stack into `app` (pure: no env, fs or network reads). */
  buildStack(app: import('cdktf').App, config: Config): import('cdktf').TerraformStack;
}

/** What synth needs from cdktf and the chosen cloud's stack: one bundle, or the modules. */
interface SynthEngine extends CloudStackModule {
  App: typeof import('cdktf').App;
  Aspects: typeof import('cdktf').Aspects;
  AllowDataDeletion: typeof import('./common/allow-data-deletion.js').AllowDataDeletion;
  omitReleases: typeof import('./common/release.js').omitReleases;
}

type Cloud = Exclude<Config['cloud'], 'docker'>;

async function loadModules(cloud: Cloud): Promise<SynthEngine> {
  const stack = (): Promise<CloudStackModule> => {
    switch (cloud) {
      case 'aws': return import('./aws/index.js');
      case 'gcp': return import('./gcp/index.js');
      case 'azure': return import('./azure/index.js');
    }
  };
  const [{ App, Aspects }, { buildStack }, { AllowDataDeletion }, { omitReleases }] = await Promise.all([
    import('cdktf'), stack(), import('./common/allow-data-deletion.js'), import('./common/release.js'),
  ]);
  return { App, Aspects, buildStack, AllowDataDeletion, omitReleases };
}

async function loadEngine(cloud: Cloud, engine: SynthOptions['engine']): Promise<{ engine: SynthEngine; info: SynthEngineInfo }> {
  if (engine !== 'modules') {
    const { loadBundle } = await import('./bundle.js');
    const bundle = loadBundle<SynthEngine>(cloud);
    if (bundle) return { engine: bundle.exports, info: { kind: 'bundle', file: bundle.file, codeCache: bundle.codeCache } };
  }
  return { engine: await loadModules(cloud), info: { kind: 'modules' } };
}

export interface SynthOptions {
  /** destroy --delete-data: lift deletion protection from data stores. */
  allowDataDeletion?: boolean;
  /** `bundle` (default; falls back to modules when the build made none) or `modules` (deep imports). */
  engine?: 'bundle' | 'modules';
  /** Phased first install: synthesize without the Helm release (infrastructure only). */
  omitApplication?: boolean;
}

export async function synthDeployment(config: Config, outDir: string, opts: SynthOptions = {}): Promise<SynthResult> {
  if (config.cloud === 'docker') {
    const { writeComposeFiles } = await import('./docker/index.js');
    const files = await writeComposeFiles(config, outDir);
    return { outDir, stackDir: outDir, stackFile: files[0], json: {}, files };
  }
  const { engine, info } = await loadEngine(config.cloud, opts.engine);
  const { App, Aspects, buildStack, AllowDataDeletion, omitReleases } = engine;
  const app = new App({ outdir: outDir, skipValidation: false });
  // User strings are escaped for Terraform here, once, for every cloud (see terraform-escape.ts).
  const stack = buildStack(app, escapeConfigForTerraform(config));
  if (opts.allowDataDeletion) Aspects.of(stack).add(new AllowDataDeletion());
  if (opts.omitApplication) omitReleases(stack);
  app.synth();
  const stackDir = join(outDir, 'stacks', config.name);
  const stackFile = join(stackDir, 'cdk.tf.json');
  const json = JSON.parse(await readFile(stackFile, 'utf8')) as TerraformJson;
  const extra = await writeExtraFiles(stackDir, (stack as { extraFiles?: Record<string, string> }).extraFiles);
  return { outDir, stackDir, stackFile, json, files: [stackFile, ...extra], engine: info };
}

/**
 * Files a stack asks for beside cdk.tf.json (GCP: the local ingress chart helm_release points
 * at). Stacks stay pure: they return text, synth writes it (dirs 0700, files 0600).
 */
async function writeExtraFiles(stackDir: string, files: Record<string, string> | undefined): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files ?? {})) {
    if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`internal: extra file ${rel} is outside the stack directory`);
    const path = join(stackDir, rel);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, text, { mode: 0o600 });
    await chmod(path, 0o600);
    written.push(path);
  }
  return written;
}

/** Resource counts by type, for summaries. */
export function resourcesByType(json: TerraformJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) counts[type] = Object.keys(byName).length;
  return counts;
}
