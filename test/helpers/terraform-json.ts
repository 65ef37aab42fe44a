// Assertions over synthesized Terraform JSON shared by the stack tests.
import assert from 'node:assert/strict';
import type { TerraformJson } from '../../stacks/synth.js';

const REF = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const ADDRESS = /\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|var\.[A-Za-z0-9_-]+|local\.[A-Za-z0-9_-]+|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;

function* strings(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yield* strings(x);
}

/** Every ${...} reference names a declared resource, data source, variable or local. */
export function unresolvedReferences(json: TerraformJson): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const n of Object.keys(byName)) declared.add(`${type}.${n}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const n of Object.keys(byName)) declared.add(`data.${type}.${n}`);
  for (const n of Object.keys(json.variable ?? {})) declared.add(`var.${n}`);
  for (const n of Object.keys((json.locals as Record<string, unknown>) ?? {})) declared.add(`local.${n}`);
  const missing = new Set<string>();
  for (const s of strings({ ...json, terraform: undefined })) {
    for (const m of s.matchAll(REF)) {
      const expr = m[1];
      for (const a of expr.matchAll(ADDRESS)) {
        const addr = a[1];
        // Built-in functions and iteration symbols are not addresses.
        if (/^(each|count|self|path|terraform)\./.test(addr)) continue;
        if (!declared.has(addr)) missing.add(addr);
      }
    }
  }
  return [...missing];
}

export function assertReferencesResolve(json: TerraformJson): void {
  assert.deepEqual(unresolvedReferences(json), [], 'every ${...} reference must point at something declared');
}

/** All resources of a type, as [name, body] pairs. */
export function resourcesOf(json: TerraformJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(json.resource?.[type] ?? {});
}

export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const all = resourcesOf(json, type);
  assert.equal(all.length, 1, `expected exactly one ${type}, found ${all.length}`);
  return all[0][1];
}
