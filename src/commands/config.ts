// `braintrust config get KEY | set KEY VALUE | unset KEY | list | explain KEY`: every field of
// braintrust.yaml by its dotted key (src/config/keys.ts reads them off the schema). set/unset run
// the same edit -> diff -> deploy flow as telemetry, rate-limit and url.
import type { Handler } from '../context.js';
import { issueMessages, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { allKeys, getAt, keyInfo, nearestKeys, parseValue, setAt, valueProblems, type KeyInfo } from '../config/keys.js';
import { usageError } from '../ui/errors.js';
import { changeSettings, configEnvironment } from '../deploy/settings-change.js';
import type { ConfigSetOptions } from './config.spec.js';
import { showValue, type ConfigValueSource } from '../ui/messages/config.js';
import { settingsHelmValues } from '../../stacks/common/settings-values.js';

/** The docs page for a key's top-level group (admin/self-hosting/…). */
const DOCS: Record<string, string> = {
  orgName: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/security',
  account: 'https://www.braintrust.dev/docs/admin/self-hosting/deploy',
  api: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/scaling',
  postgres: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/scaling',
  redis: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/scaling',
  brainstore: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/scaling',
  telemetry: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/telemetry',
  security: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/security',
  networking: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/networking',
  scaling: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/scaling',
  kubernetes: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/security',
  rateLimit: 'https://www.braintrust.dev/docs/admin/self-hosting/advanced',
  urls: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/networking',
  network: 'https://www.braintrust.dev/docs/admin/self-hosting/configure/networking',
  version: 'https://www.braintrust.dev/docs/admin/self-hosting/upgrade/routine',
};

function requireKey(key: string | undefined, verb: string): KeyInfo {
  if (!key) throw usageError(`config ${verb}: which key?`, 'Name a dotted key such as rateLimit.maxRequests; `braintrust config list` shows them all.');
  const k = keyInfo(key);
  if (k) return k;
  const near = nearestKeys(key);
  throw usageError(
    `config ${verb}: unknown key ${JSON.stringify(key.slice(0, 200))}`,
    near.length ? `Did you mean ${near.join(', ')}? (\`braintrust config list\` shows every key)` : 'Run `braintrust config list` for every key.',
  );
}

/** Where a key's value comes from. */
function sourceOf(raw: unknown, value: unknown, key: string): ConfigValueSource {
  return getAt(raw, key) !== undefined ? 'config' : value === undefined ? 'unset' : 'default';
}

export const get: Handler = async (ctx, _opts, args) => {
  const k = requireKey(args[0], 'get');
  const loaded = await loadConfig(ctx.globals.config);
  const value = getAt(loaded.config, k.key);
  ctx.io.emit('config.value', { key: k.key, value, source: sourceOf(loaded.raw, value, k.key) });
  return 0;
};

export const list: Handler = async (ctx) => {
  const loaded = await loadConfig(ctx.globals.config);
  const keys = allKeys().map((k) => {
    const value = getAt(loaded.config, k.key);
    return { key: k.key, value, source: sourceOf(loaded.raw, value, k.key) };
  });
  ctx.io.emit('config.keys', { config: loaded.path, keys });
  return 0;
};

/** API/Brainstore environment variables this key drives on the config's target, found by trying another value. */
function envNamesFor(config: Config, k: KeyInfo): string[] {
  const current = getAt(config, k.key);
  let other: unknown;
  if (typeof current === 'boolean') other = !current;
  else if (typeof current === 'number') other = current + 1;
  else if (typeof current === 'string') other = `${current}-x`;
  else other = probeValue(k, current);
  if (other === undefined) return [];
  const alt = structuredClone(config) as unknown as Record<string, unknown>;
  setAt(alt, k.key, other);
  const [a, b] = [configEnvironment(config), configEnvironment(alt as unknown as Config)];
  const env = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((n) => a[n] !== b[n]).sort();
  if (config.cloud !== 'gcp' && config.cloud !== 'azure') return env;
  // On the Helm targets, also the chart values the setting moves (scaling:, kubernetes:).
  const [va, vb] = [flatValues(settingsHelmValues(config)), flatValues(settingsHelmValues(alt as unknown as Config))];
  const values = [...new Set([...Object.keys(va), ...Object.keys(vb)])].filter((p) => va[p] !== vb[p]).map(chartKey);
  return [...env, ...[...new Set(values)].sort().map((p) => `Helm ${p}`)];
}

/** The chart value a leaf path belongs to: `api.securityContext` for `api.securityContext.capabilities.drop`. */
function chartKey(path: string): string {
  const parts = path.split('.');
  const depth = parts[0] === 'brainstore' && ['reader', 'writer', 'fastreader'].includes(parts[1]) ? 3 : parts[0] === 'api' || parts[0] === 'brainstore' ? 2 : 1;
  return parts.slice(0, depth).join('.');
}

/** Dotted paths of a values tree to their JSON leaves (lists as one leaf). */
function flatValues(v: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatValues(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = JSON.stringify(v);
  return out;
}

/** Sample items a list setting may hold (org UUIDs, IPs, CIDRs, origins, telemetry types). */
const LIST_PROBES = ['00000000-0000-4000-8000-000000000001', '10.0.0.2', '10.0.0.0/8', 'https://example.com', 'memprof'];

/** Values tried on an unset optional field: a boolean, day/second counts, a size, text. */
const UNSET_PROBES: unknown[] = [true, 30, 'x', '1Gi'];

/** A valid other value for an unset optional field (an enum's first option) or a list (one sample item). */
function probeValue(k: KeyInfo, current: unknown): unknown {
  const candidates: unknown[] = Array.isArray(current) || (current === undefined && k.type.startsWith('list'))
    ? LIST_PROBES.map((item) => [item])
    : current === undefined
      ? [...(k.type.startsWith('one of: ') ? k.type.slice('one of: '.length).split(', ') : []), ...UNSET_PROBES]
      : [];
  return candidates.find((c) => JSON.stringify(c) !== JSON.stringify(current) && valueProblems(k.key, c).length === 0);
}

export const explain: Handler = async (ctx, _opts, args) => {
  const k = requireKey(args[0], 'explain');
  let loaded;
  try {
    loaded = await loadConfig(ctx.globals.config);
  } catch {
    loaded = undefined; // explain works without a config; it then says nothing of this target
  }
  const env = loaded ? envNamesFor(loaded.config, k) : [];
  const docs = DOCS[k.key.split('.')[0]];
  const value = loaded ? getAt(loaded.config, k.key) : undefined;
  ctx.io.emit('config.explain', {
    key: k.key,
    ...(k.description !== undefined ? { description: k.description } : {}),
    type: k.type,
    required: k.required,
    ...(k.defaultValue !== undefined ? { defaultValue: k.defaultValue } : {}),
    ...(loaded ? { target: { path: loaded.path, value, cloud: loaded.config.cloud, environment: env } } : {}),
    ...(docs ? { docs } : {}),
  });
  return 0;
};

export const set: Handler<ConfigSetOptions> = async (ctx, opts, args) => {
  const k = requireKey(args[0], 'set');
  if (args[1] === undefined) throw usageError(`config set ${k.key}: which value?`, `Pass the value after the key (${k.type}); \`braintrust config unset ${k.key}\` restores the default.`);
  const value = await parseValue(k, args[1]);
  const problems = valueProblems(k.key, value, issueMessages);
  if (problems.length) {
    throw usageError(`config set ${k.key}: ${JSON.stringify(args[1].slice(0, 200))} is not allowed (${problems.join('; ')})`, `Pass ${k.type}; \`braintrust config explain ${k.key}\` says more.`);
  }
  return changeSettings(ctx, opts, {
    action: 'config-set',
    summary: (c) => `${k.key} = ${showValue(getAt(c, k.key))}`,
    edit: (raw) => setAt(raw as Record<string, unknown>, k.key, value),
    historyExtra: { key: k.key },
  });
};

export const unset: Handler<ConfigSetOptions> = async (ctx, opts, args) => {
  const k = requireKey(args[0], 'unset');
  if (k.required) throw usageError(`config unset ${k.key}: the key is required`, `Change it with \`braintrust config set ${k.key} VALUE\` (${k.type}).`);
  return changeSettings(ctx, opts, {
    action: 'config-unset',
    summary: (c) => `${k.key} = ${showValue(getAt(c, k.key))}${k.defaultValue !== undefined ? ' (the default)' : ''}`,
    edit: (raw) => setAt(raw as Record<string, unknown>, k.key, undefined),
    historyExtra: { key: k.key },
  });
};

export const run = list;
