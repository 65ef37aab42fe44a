// What an upgrade changes in the synthesized deployment: image tags, Lambda code keys, Helm
// values, compose image references: every setting whose value names the old or the new
// release. Pure: two synthesized trees in, the changed references out.
import YAML from 'yaml';
import { parseVersion } from './version.js';

export interface ArtifactChange {
  /** Where, e.g. aws_lambda_function.api_handler.s3_key or helm_release.braintrust.values[0].api.image.tag */
  address: string;
  before: string | null;
  after: string | null;
}

/** A synthesized deployment as one tree: the Terraform JSON, or docker's files by name. */
export type SynthTree = Record<string, unknown>;

function versionPattern(versions: string[]): RegExp {
  const alts = versions
    .map((v) => parseVersion(v))
    .filter((t): t is [number, number, number] => t !== undefined)
    .map((t) => t.join('\\.'));
  return new RegExp(`(?<![\\d.])v?(?:${alts.join('|')})(?![\\d])`);
}

/** Multi-line strings that are YAML documents (Helm values), and JSON documents (ECS container definitions), are walked like objects. */
function embeddedYaml(s: string): unknown {
  if (!s.includes('\n') && !/^\s*[[{]/.test(s)) return undefined;
  try {
    const doc = YAML.parse(s) as unknown;
    return typeof doc === 'object' && doc !== null ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Terraform meta-arguments: their messages mention the release but deploy nothing. */
const SKIP_KEYS = new Set(['lifecycle', 'description']);

function collect(node: unknown, path: string, re: RegExp, out: Map<string, string>): void {
  if (typeof node === 'string') {
    const doc = embeddedYaml(node);
    if (doc !== undefined) return collect(doc, path, re, out);
    // Scripts (user data): only the lines naming the release, e.g. IMAGE=...:v2.12.0.
    const lines = node.includes('\n') ? node.split('\n').map((l) => l.trim()).filter((l) => re.test(l)) : re.test(node) ? [node] : [];
    if (lines.length) out.set(path, lines.join(' | '));
  } else if (Array.isArray(node)) {
    node.forEach((x, i) => collect(x, `${path}[${i}]`, re, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) if (!SKIP_KEYS.has(k)) collect(v, path ? `${path}.${k}` : k, re, out);
  }
}

/** Settings naming either release, keyed by address (the Terraform `resource.` prefix dropped). */
export function versionReferences(tree: SynthTree, versions: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const re = versionPattern(versions);
  collect(tree.resource ?? tree, '', re, out);
  if (tree.resource) {
    for (const [k, v] of Object.entries(tree)) if (k !== 'resource') collect(v, k, re, out);
  }
  return out;
}

export function artifactChanges(before: SynthTree, after: SynthTree, versions: string[]): ArtifactChange[] {
  const a = versionReferences(before, versions);
  const b = versionReferences(after, versions);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => ({ address: k, before: a.get(k) ?? null, after: b.get(k) ?? null }));
}

/** docker's synthesized files as a tree: YAML parsed, .env as KEY=VALUE pairs. */
export function composeTree(files: Record<string, string>): SynthTree {
  const tree: SynthTree = {};
  for (const [name, text] of Object.entries(files)) {
    if (/\.ya?ml$/.test(name)) tree[name] = YAML.parse(text) as unknown;
    else if (name.endsWith('.env') || name === '.env') {
      const env: Record<string, string> = {};
      for (const line of text.split('\n')) {
        const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        if (m) env[m[1]] = m[2];
      }
      tree[name] = env;
    } else tree[name] = text;
  }
  return tree;
}
