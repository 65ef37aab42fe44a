// The config's dotted keys (`rateLimit.maxRequests`), read off the zod schema itself, so
// `braintrust config get|set|unset|list|explain` knows every field the validator knows, with
// its description, type and default, and nothing is listed twice.
import { z } from 'zod';
import { configSchema } from './schema.js';
import { loadYaml } from './yaml.js';

export interface KeyInfo {
  key: string;
  description?: string;
  /** "integer >= 0", "one of: aws, gcp", "true or false", "text", "list", "map" … */
  type: string;
  /** The default applied when the key is absent (undefined: none). */
  defaultValue?: unknown;
  required: boolean;
  /** Set as one YAML/JSON value (lists, maps, unions), not by scalar parsing. */
  structured: boolean;
}

interface Peeled {
  schema: z.ZodTypeAny;
  description?: string;
  defaultValue?: unknown;
  optional: boolean;
}

/** Strip optional/default/effects wrappers, keeping the outermost description and the default. */
function peel(schema: z.ZodTypeAny): Peeled {
  let s = schema;
  let description = s.description;
  let defaultValue: unknown;
  let optional = false;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) { optional = true; s = s.unwrap(); }
    else if (s instanceof z.ZodDefault) { optional = true; defaultValue ??= s._def.defaultValue(); s = s.removeDefault(); }
    else if (s instanceof z.ZodEffects) s = s.innerType();
    else if (s instanceof z.ZodBranded) s = s.unwrap();
    else break;
    description ??= s.description;
  }
  return { schema: s, description, defaultValue, optional };
}

function objectShape(s: z.ZodTypeAny): Record<string, z.ZodTypeAny> | undefined {
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodTypeAny>) : undefined;
}

function numberType(s: z.ZodNumber): string {
  const int = s._def.checks.some((c) => c.kind === 'int');
  const min = s._def.checks.find((c) => c.kind === 'min') as { value: number; inclusive: boolean } | undefined;
  const max = s._def.checks.find((c) => c.kind === 'max') as { value: number; inclusive: boolean } | undefined;
  const parts = [int ? 'integer' : 'number'];
  if (min) parts.push(`${min.inclusive ? '>=' : '>'} ${min.value}`);
  if (max && max.value < Number.MAX_SAFE_INTEGER) parts.push(`${max.inclusive ? '<=' : '<'} ${max.value}`);
  return parts.join(' ');
}

function describeType(s: z.ZodTypeAny): { type: string; structured: boolean } {
  if (s instanceof z.ZodNumber) return { type: numberType(s), structured: false };
  if (s instanceof z.ZodBoolean) return { type: 'true or false', structured: false };
  if (s instanceof z.ZodEnum) return { type: `one of: ${(s.options as string[]).join(', ')}`, structured: false };
  if (s instanceof z.ZodLiteral) return { type: JSON.stringify(s.value), structured: false };
  if (s instanceof z.ZodString) return { type: 'text', structured: false };
  if (s instanceof z.ZodArray) return { type: 'list (YAML/JSON, e.g. [a, b])', structured: true };
  if (s instanceof z.ZodRecord) return { type: 'map (YAML/JSON, e.g. {key: value})', structured: true };
  if (s instanceof z.ZodUnion || s instanceof z.ZodDiscriminatedUnion) return { type: 'object (YAML/JSON)', structured: true };
  return { type: 'object (YAML/JSON)', structured: true };
}

/** The schema that validates the value at a dotted key, or undefined for an unknown key. */
function lookup(key: string): { peeled: Peeled; schema: z.ZodTypeAny } | undefined {
  let current: Peeled = peel(configSchema);
  let schema: z.ZodTypeAny = configSchema;
  for (const part of key.split('.')) {
    const shape = objectShape(current.schema);
    if (!shape || !Object.hasOwn(shape, part) || part === '$schema') return undefined;
    schema = shape[part];
    current = peel(schema);
  }
  return { peeled: current, schema };
}

/** Problems with a value for one key on its own ("expected number"), before whole-config rules. */
export function valueProblems(key: string, value: unknown, errorMap?: z.ZodErrorMap): string[] {
  const found = lookup(key);
  if (!found) return [`unknown key ${key}`];
  const r = found.schema.safeParse(value, errorMap ? { errorMap } : undefined);
  return r.success ? [] : r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

function info(key: string, p: Peeled): KeyInfo {
  const { type, structured } = describeType(p.schema);
  return { key, description: p.description, type, defaultValue: p.defaultValue, required: !p.optional, structured };
}

export function keyInfo(key: string): KeyInfo | undefined {
  const found = lookup(key);
  return found ? info(key, found.peeled) : undefined;
}

/** Every settable key: object fields recursed into, everything else a leaf. */
export function allKeys(): KeyInfo[] {
  const out: KeyInfo[] = [];
  const walk = (prefix: string, s: z.ZodTypeAny): void => {
    const shape = objectShape(s);
    if (!shape) return;
    for (const [name, child] of Object.entries(shape)) {
      if (name === '$schema') continue;
      const key = prefix ? `${prefix}.${name}` : name;
      const p = peel(child);
      if (objectShape(p.schema)) walk(key, p.schema);
      else out.push(info(key, p));
    }
  };
  walk('', peel(configSchema).schema);
  return out;
}

/** Known keys nearest to a typo, for "did you mean". */
export function nearestKeys(key: string, max = 3): string[] {
  const keys = allKeys().map((k) => k.key);
  const scored = keys.map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }));
  const last = key.split('.').pop()!.toLowerCase();
  for (const s of scored) if (s.k.toLowerCase().endsWith(`.${last}`) || s.k.toLowerCase() === last) s.d = Math.min(s.d, 1);
  return scored.filter((s) => s.d <= Math.max(2, Math.floor(key.length / 3))).sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1)).slice(0, max).map((s) => s.k);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The value at a dotted key of a (raw or validated) config object. */
export function getAt(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Set (or, with undefined, delete) the value at a dotted key, creating parent objects. */
export function setAt(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (value === undefined) return;
      cur[part] = {};
    }
    cur = cur[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/**
 * A command-line value as the type the key takes: numbers as strict decimals, booleans as
 * true/false (on/off, yes/no), lists and maps as YAML/JSON. Validation itself is the schema's.
 */
export async function parseValue(k: KeyInfo, text: string): Promise<unknown> {
  const { schema } = lookup(k.key)!.peeled;
  if (schema instanceof z.ZodNumber) {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text.trim())) return text; // the schema reports "expected number"
    return Number(text.trim());
  }
  if (schema instanceof z.ZodBoolean) {
    const t = text.trim().toLowerCase();
    if (['true', 'on', 'yes'].includes(t)) return true;
    if (['false', 'off', 'no'].includes(t)) return false;
    return text;
  }
  if (k.structured) {
    const YAML = await loadYaml();
    return YAML.parse(text, { uniqueKeys: true, maxAliasCount: 100 }) as unknown;
  }
  return text;
}
