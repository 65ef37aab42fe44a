// The docker target: no Terraform, the compose files are the deployment. Writes
// <outDir>/docker-compose.yml (templates/docker-compose.yml filled from Config) and
// <outDir>/.env (API environment + local credentials, mode 0600). The only stack module that
// touches the filesystem: generated passwords must survive re-synths, or postgres and MinIO
// (initialised with the first ones) would lock the services out.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, stringify } from 'yaml';
import type { Config } from '../../src/config/schema.js';
import { writeFileAtomic } from '../../src/state/files.js';
import { composeDocument, envFileText, LOCAL_SECRETS, parseEnvFile, type LocalSecrets } from './compose.js';

export { composeDocument, composeApiEnvironment, envFileText } from './compose.js';

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** templates/docker-compose.yml, from the source tree or the installed package (dist/stacks/docker). */
async function readTemplate(): Promise<string | undefined> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const text = await readIfExists(join(dir, 'templates', 'docker-compose.yml'));
    if (text !== undefined) return text;
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * The template's comments and any extra keys, with Config's services, volumes and name. Written
 * as YAML 1.1, which quotes every string a YAML 1.1 reader would take for a boolean (yes, on,
 * off, y, n...), so an environment value stays a string whatever parser reads the file.
 */
export function renderCompose(config: Config, template?: string): string {
  const generated = composeDocument(config);
  if (!template) return stringify(generated, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
  const doc = parseDocument(template, { version: '1.1' });
  for (const [key, value] of Object.entries(generated)) doc.set(key, doc.createNode(value, { aliasDuplicateObjects: false }));
  return doc.toString({ lineWidth: 0 });
}

function generateSecrets(existing: Record<string, string>): LocalSecrets {
  const secrets = {} as LocalSecrets;
  // Hex: safe unquoted in URLs, .env and shell.
  for (const key of LOCAL_SECRETS) secrets[key] = existing[key] || randomBytes(24).toString('hex');
  return secrets;
}

export async function writeComposeFiles(config: Config, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const composePath = join(outDir, 'docker-compose.yml');
  const envPath = join(outDir, '.env');
  const existing = parseEnvFile((await readIfExists(envPath)) ?? '');
  await writeFileAtomic(composePath, renderCompose(config, await readTemplate()), { mode: 0o644 });
  await writeFileAtomic(envPath, envFileText(config, generateSecrets(existing)), { mode: 0o600 });
  return [composePath, envPath];
}
