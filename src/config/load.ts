// Load, validate and save braintrust.yaml (or .json). Writes are atomic: temp file + rename.
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../state/files.js';
import { extname, resolve, basename } from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { configSchema, type Config, type ConfigInput } from './schema.js';
import { BraintrustError, configError } from '../ui/errors.js';
import { loadYaml } from './yaml.js';
import { quote } from './rules.js';
import { INPUT_LIMITS, inputProblems } from './input-limits.js';

export const DEFAULT_CONFIG_FILE = 'braintrust.yaml';

export interface LoadedConfig {
  path: string;
  config: Config;
  /** The file as written (defaults not applied), for edits that keep the user's layout minimal. */
  raw: ConfigInput;
  text: string;
  sha256: string;
}

function isJsonPath(path: string): boolean {
  return extname(path).toLowerCase() === '.json';
}

export async function parseConfigText(text: string, path: string): Promise<unknown> {
  if (text.length > INPUT_LIMITS.fileBytes) {
    throw configError(`${path} is ${text.length} characters: too big for a deployment config (at most ${INPUT_LIMITS.fileBytes})`, 'Check that --config names the right file.');
  }
  const YAML = await loadYaml();
  if (isJsonPath(path)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw configError(`${path} is not valid JSON: ${quote((e as Error).message).slice(1, -1)}`, 'Fix the JSON syntax, or use a .yaml file.');
    }
    // JSON.parse keeps the last of two equal keys silently; a JSON document is also YAML, whose
    // parser reports duplicates with their line.
    const dup = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (dup) {
      const line = dup.linePos?.[0].line ?? 0;
      const key = /^\s*"((?:[^"\\]|\\.){0,100})"/.exec(text.split('\n')[line - 1] ?? '')?.[1];
      throw configError(`${path} is not valid JSON for a config: duplicate key${key !== undefined ? ` "${key}"` : ''} at line ${line}`,
        'Each field may appear once (JSON.parse would silently keep the last one): remove the duplicate.');
    }
    return parsed;
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw configError(`${path} is not valid YAML: ${e.message.split('\n')[0]}`, 'Fix the YAML syntax at the line shown.');
  }
  try {
    // Aliases that expand to more than a config's worth of nodes ("billion laughs") are refused.
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (e) {
    const line = firstAliasLine(YAML, doc, text);
    throw configError(
      `${path} is not valid YAML: aliases expand too much${line ? ` (first alias at line ${line})` : ''}: ${(e as Error).message.slice(0, 200)}`,
      'Write the values out instead of nesting many *aliases.',
    );
  }
}

/** yaml's per-alias expansion cap: a real config uses a few aliases, never a tree of them. */
const MAX_ALIAS_COUNT = 50;

function firstAliasLine(YAML: typeof import('yaml'), doc: import('yaml').Document, text: string): number | undefined {
  let offset: number | undefined;
  YAML.visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return YAML.visit.BREAK;
    },
  });
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}

/** "one of" list for an allowed set of values. */
function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

/**
 * An enum given a non-string (or nothing) is an invalid_type issue whose `expected` is the
 * values joined as 'a' | 'b'; recover them so the line still reads `one of "a", "b"`.
 */
function enumValues(expected: string): string[] | undefined {
  const parts = expected.split(' | ');
  return parts.every((p) => /^'.*'$/.test(p)) ? parts.map((p) => p.slice(1, -1)) : undefined;
}

/**
 * Messages for zod's built-in checks (a check's own `message` still wins): the wording the
 * describeIssues lines carry, e.g. `Too small: expected number to be >=0`.
 */
export const issueMessages: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const adj = (small ? '>' : '<') + (issue.inclusive ? '=' : '');
      const unit = issue.type === 'string' ? ' characters' : issue.type === 'array' || issue.type === 'set' ? ' items' : '';
      return { message: `Too ${small ? 'small' : 'big'}: expected ${issue.type} to ${unit ? 'have' : 'be'} ${adj}${String(bound)}${unit}` };
    }
    case 'invalid_string':
      if (issue.validation === 'url') return { message: 'Invalid URL' };
      if (issue.validation === 'datetime') return { message: 'Invalid ISO datetime' };
      return { message: ctx.defaultError };
    default:
      return { message: ctx.defaultError };
  }
};

/** Turn zod issues into one line each: field path, value given, what is allowed. */
export function describeIssues(issues: z.ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    const given = valueAt(input, issue.path);
    const shown = given === undefined ? 'missing' : quote(given);
    let allowed = issue.message;
    if (issue.code === 'invalid_enum_value' || issue.code === 'invalid_union_discriminator') {
      allowed = oneOf(issue.options);
    } else if (issue.code === 'invalid_literal') {
      allowed = oneOf([issue.expected]);
    } else if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      return `${path}: unknown field${keys.length > 1 ? 's' : ''} ${keys.slice(0, 10).map((k) => quote(k, 60)).join(', ')}${keys.length > 10 ? ` and ${keys.length - 10} more` : ''} (remove or check the spelling; see templates/braintrust.schema.json)`;
    } else if (issue.code === 'invalid_type') {
      const values = enumValues(issue.expected);
      allowed = values ? oneOf(values) : `expected ${issue.expected === 'integer' ? 'int' : issue.expected}`;
    } else if (issue.code === 'not_finite') {
      allowed = 'expected number';
    } else if (issue.code === 'invalid_union' && given !== undefined && typeof given === 'object') {
      allowed = 'does not match any allowed shape (see templates/braintrust.schema.json)';
    }
    return `${path}: ${shown} is not allowed: ${allowed}`;
  });
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** The config's top-level field names (the schema's object under its refinements). */
function topLevelFields(): Set<string> {
  let s: z.ZodTypeAny = configSchema;
  while (s instanceof z.ZodEffects) s = s.innerType();
  return new Set(s instanceof z.ZodObject ? Object.keys(s.shape as object) : []);
}

/**
 * A top-level field reported unknown inside another (`rateLimit` under `brainstore`) is almost
 * always a YAML indentation slip: say so, since "unknown field" alone sends people to the docs.
 */
function indentationSlips(issues: z.ZodIssue[]): string[] {
  const top = topLevelFields();
  return issues.flatMap((issue) => issue.code === 'unrecognized_keys' && issue.path.length
    ? issue.keys.filter((k) => top.has(k)).map((k) => `${quote(k, 60)} is a top-level field but sits under ${issue.path.map(String).join('.')}: check its indentation (top-level fields start at the beginning of the line)`)
    : []);
}

export function validateConfig(input: unknown, where = 'config'): Config {
  const limits = inputProblems(input);
  if (limits.length) {
    throw configError(`${where} is invalid (${limits.length} problem${limits.length > 1 ? 's' : ''})`, `Edit ${where} and fix the field${limits.length > 1 ? 's' : ''} listed above.`, limits);
  }
  const parsed = configSchema.safeParse(input, { errorMap: issueMessages });
  if (!parsed.success) {
    const details = [...describeIssues(parsed.error.issues, input), ...indentationSlips(parsed.error.issues)];
    throw configError(
      `${where} is invalid (${details.length} problem${details.length > 1 ? 's' : ''})`,
      `Edit ${where} and fix the field${details.length > 1 ? 's' : ''} listed above.`,
      details,
    );
  }
  return parsed.data;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  const abs = resolve(path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BraintrustError(`No config file at ${abs}`, {
        code: 'CONFIG_NOT_FOUND',
        hint: 'Run `braintrust init` to create one, or pass --config <path>.',
      });
    }
    throw e;
  }
  const raw = (await parseConfigText(text, abs)) as ConfigInput;
  const config = validateConfig(raw, basename(abs));
  return { path: abs, config, raw, text, sha256: sha256(text) };
}

export async function configExists(path: string): Promise<boolean> {
  try {
    await stat(resolve(path));
    return true;
  } catch {
    return false;
  }
}

export async function serializeConfig(raw: ConfigInput, path: string): Promise<string> {
  if (isJsonPath(path)) return JSON.stringify(raw, null, 2) + '\n';
  const YAML = await loadYaml();
  const header = '# yaml-language-server: $schema=./node_modules/braintrust-self-host/templates/braintrust.schema.json\n';
  return header + YAML.stringify(raw, { lineWidth: 0 });
}

/** Validate then atomically write a config; the file on disk is never half-written or invalid. */
export async function saveConfig(path: string, raw: ConfigInput): Promise<LoadedConfig> {
  const config = validateConfig(raw, basename(path));
  const text = await serializeConfig(raw, path);
  await writeFileAtomic(path, text);
  return { path: resolve(path), config, raw, text, sha256: sha256(text) };
}
