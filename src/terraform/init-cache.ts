// Warm terraform runs (issue 21): one provider plugin cache shared by every deployment of the
// user (TF_PLUGIN_CACHE_DIR, unless already set), and `terraform init` skipped when nothing it
// depends on changed since the last successful init in that directory: the terraform block of
// cdk.tf.json (required providers and backend), the dependency lock file, and the binary.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../state/files.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TerraformBinary } from './binary.js';

/** `$XDG_CACHE_HOME/braintrust-self-host/terraform-plugins` (else ~/.cache/…), created 0700. */
export async function pluginCacheEnv(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  if (env.TF_PLUGIN_CACHE_DIR) return { TF_PLUGIN_CACHE_DIR: env.TF_PLUGIN_CACHE_DIR };
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  const dir = join(base, 'braintrust-self-host', 'terraform-plugins');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return { TF_PLUGIN_CACHE_DIR: dir };
}

/** `.braintrust/terraform-init.json`: the last successful init's digest per stack directory. */
export function initStampFile(stateDirectory: string): string {
  return join(stateDirectory, 'terraform-init.json');
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

async function readStamps(stampFile: string): Promise<Record<string, { digest: string; at: string }>> {
  try {
    const parsed = JSON.parse((await readOrEmpty(stampFile)) || '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, { digest: string; at: string }>) : {};
  } catch {
    return {}; // a corrupt stamp only costs one init
  }
}

/** What an init depends on, as one digest. */
export async function initDigest(stackDir: string, terraformBlock: unknown, bin: TerraformBinary): Promise<string> {
  const lock = await readOrEmpty(join(stackDir, '.terraform.lock.hcl'));
  return createHash('sha256')
    .update(JSON.stringify({ terraform: terraformBlock ?? null, lock, bin: { path: bin.path, flavor: bin.flavor, version: bin.version } }))
    .digest('hex');
}

/** True when the last successful init in stackDir had the same digest and its .terraform is still there. */
export async function initIsCurrent(stampFile: string, stackDir: string, digest: string): Promise<boolean> {
  const recorded = (await readStamps(stampFile))[stackDir];
  if (recorded?.digest !== digest) return false;
  try {
    return (await stat(join(stackDir, '.terraform'))).isDirectory();
  } catch {
    return false;
  }
}

/** After a successful init: record the digest (recomputed: init may have written the lock file). */
export async function recordInit(stampFile: string, stackDir: string, terraformBlock: unknown, bin: TerraformBinary, now: Date): Promise<void> {
  const stamps = await readStamps(stampFile);
  stamps[stackDir] = { digest: await initDigest(stackDir, terraformBlock, bin), at: now.toISOString() };
  await writeFileAtomic(stampFile, JSON.stringify(stamps, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
}
