// The support bundle's contents: every file built in memory from the deployment dir and the
// doctor run, each passed through redactForSupport, then written as one .tar.gz. Nothing here
// prints; the command does.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { packageRoot } from '../paths.js';
import { findTerraform } from '../terraform/binary.js';
import { redactForSupport } from '../access/redact.js';
import type { DoctorRun } from './run.js';
import { loadYaml } from '../config/yaml.js';

/** Environment variables support asks about (values of secret-named ones are redacted). */
const ENV_NAMES = /^(BRAINTRUST_|AWS_|GOOGLE_|CLOUDSDK_|AZURE_|ARM_|TF_|KUBECONFIG$|CI$|GITHUB_ACTIONS$|NO_COLOR$|PGSSLMODE$)/;

/**
 * Names whose values support may see (regions, profiles, switches, endpoints the CLI reads).
 * Every other variable matching ENV_NAMES is listed as "set": a value under an innocent name
 * (TF_CLI_ARGS with -var, a note) can still hold a secret.
 */
const ENV_VALUES = new Set([
  'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_SDK_LOAD_CONFIG', 'CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_COMPUTE_REGION',
  'GOOGLE_CLOUD_PROJECT', 'AZURE_SUBSCRIPTION_ID', 'ARM_SUBSCRIPTION_ID', 'TF_LOG', 'TF_IN_AUTOMATION', 'KUBECONFIG',
  'CI', 'GITHUB_ACTIONS', 'NO_COLOR', 'PGSSLMODE', 'BRAINTRUST_CONFIG', 'BRAINTRUST_FORWARD_IMAGE',
]);

export function bundleEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env)
    .filter(([k, v]) => ENV_NAMES.test(k) && v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, ENV_VALUES.has(k) ? String(v) : 'set']));
}

/**
 * An audit line's error as its code only: server errors echo statements (literals included),
 * and lines written before the audit kept codes only may still hold such text.
 */
function auditErrorCode(entry: unknown): unknown {
  if (!entry || typeof entry !== 'object' || typeof (entry as { error?: unknown }).error !== 'string') return entry;
  const text = (entry as { error: string }).error;
  const code = /SQLSTATE ([0-9A-Z]{5})/.exec(text)?.[1];
  const redis = /^Redis error:? ([A-Z][A-Z_-]*)/.exec(text)?.[1];
  const error = code ? `PostgreSQL error (SQLSTATE ${code})` : redis ? `Redis error ${redis}` : /^(Query failed|PostgreSQL)/.test(text) ? 'PostgreSQL error' : text;
  return { ...(entry as object), error };
}

export type BundleFiles = Record<string, string>;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** JSON lines, each redacted as data (a line that is not JSON is redacted as text). */
function redactJsonLines(text: string, known: readonly string[], keepLast?: number, map: (entry: unknown) => unknown = (e) => e): string {
  let lines = text.split('\n').filter((l) => l.trim());
  if (keepLast !== undefined) lines = keepLast === 0 ? [] : lines.slice(-keepLast);
  return lines.map((l) => {
    try {
      return JSON.stringify(redactForSupport(map(JSON.parse(l) as unknown), known));
    } catch {
      return redactForSupport(l, known);
    }
  }).join('\n') + (lines.length ? '\n' : '');
}

async function redactConfig(text: string, path: string, known: readonly string[]): Promise<string> {
  try {
    if (extname(path).toLowerCase() === '.json') return JSON.stringify(redactForSupport(JSON.parse(text) as unknown, known), null, 2) + '\n';
    const YAML = await loadYaml();
    return YAML.stringify(redactForSupport(YAML.parse(text) as unknown, known), { lineWidth: 0 });
  } catch {
    return redactForSupport(text, known);
  }
}

async function versions(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const pkg = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const terraform = await findTerraform(env).then(
    (b) => ({ flavor: b.flavor, version: b.version, path: b.path }),
    (e: Error) => ({ error: e.message }),
  );
  return { cli: pkg.version, node: process.version, platform: process.platform, arch: process.arch, terraform };
}

/** Every file of the bundle, redacted, keyed by its path inside the archive. */
export async function collectBundleFiles(doctor: DoctorRun, opts: { env: NodeJS.ProcessEnv; now: Date; auditLines: number }): Promise<BundleFiles> {
  const dc = doctor.context;
  const known = dc.secrets.filter((s): s is string => Boolean(s));
  const stateDir = dc.deployment.stateDir;
  const files: BundleFiles = {};
  const notes: string[] = [];

  files['doctor.json'] = JSON.stringify(redactForSupport({ ...doctor.report, durationMs: doctor.durationMs }, known), null, 2) + '\n';
  files['versions.json'] = JSON.stringify(redactForSupport(await versions(opts.env), known), null, 2) + '\n';
  files['environment.json'] = JSON.stringify(redactForSupport(bundleEnvironment(opts.env), known), null, 2) + '\n';

  const configText = await readText(dc.configPath);
  if (configText === undefined) notes.push(`no config file at ${dc.configPath}`);
  else files[`config${extname(dc.configPath) || '.yaml'}`] = await redactConfig(configText, dc.configPath, known);

  const outputs = await readText(join(stateDir, 'outputs.json'));
  if (outputs === undefined) notes.push('no .braintrust/outputs.json (not installed yet)');
  else files['outputs.json'] = await redactConfig(outputs, 'outputs.json', known);

  for (const [name, keep] of [['history.jsonl', undefined], ['audit.jsonl', opts.auditLines]] as const) {
    const text = await readText(join(stateDir, name));
    if (text === undefined) notes.push(`no .braintrust/${name}`);
    else files[name] = redactJsonLines(text, known, keep, name === 'audit.jsonl' ? auditErrorCode : undefined);
  }

  files['README.txt'] = [
    `Braintrust support bundle, ${opts.now.toISOString()}`,
    `deployment: ${dc.config?.name ?? '(no valid config)'} (${basename(dc.configPath)})`,
    '',
    'Every file was redacted before it was written: passwords, tokens, keys, connection-string',
    'credentials and values under secret-named keys are replaced by ***. environment.json shows',
    'values only for a short allowlist (regions, profiles, switches) and "set" for the rest;',
    'audit errors keep their SQLSTATE / Redis error code, not the server text.',
    `audit.jsonl holds at most the last ${opts.auditLines} lines of .braintrust/audit.jsonl.`,
    ...(notes.length ? ['', 'Missing:', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
  return files;
}

/** Write files under `root/` into a gzipped tarball at `outPath` (mode 0600); returns its size. */
export async function writeBundle(files: BundleFiles, root: string, outPath: string): Promise<number> {
  const staging = await mkdtemp(join(tmpdir(), 'bt-bundle-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = join(staging, root, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, { mode: 0o600 });
    }
    const { create } = await import('tar');
    await mkdir(dirname(outPath), { recursive: true });
    await create({ gzip: true, file: outPath, cwd: staging, portable: true }, [root]);
    await chmod(outPath, 0o600);
    return (await stat(outPath)).size;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
