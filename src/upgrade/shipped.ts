// The newest release in the shipped snapshot, read synchronously and without zod so that
// config defaults (init's `version`, the shipped example) follow the generated manifest.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { templatesDir } from '../paths.js';
import { compareVersions, normalizeVersion, parseVersion } from './version.js';

export function newestShippedRelease(file = resolve(templatesDir, 'release-manifest.json')): string {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { releases?: { version?: unknown }[] };
  const versions = (doc.releases ?? []).map((r) => r.version).filter((v): v is string => typeof v === 'string' && parseVersion(v) !== undefined);
  if (!versions.length) throw new Error(`${file} lists no release: reinstall braintrust-self-host`);
  return normalizeVersion(versions.sort(compareVersions)[versions.length - 1]);
}
