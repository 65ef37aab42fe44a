// braintrust.yaml: `config get | list | explain` and what `init` wrote.
import { message } from '../message-def.js';
import type { CostEstimate } from '../../cost/estimate.js';
import { renderCost } from './cost.js';

/** Where a key's value comes from: the config file, the schema's default, or nowhere. */
export type ConfigValueSource = 'config' | 'default' | 'unset';

export interface ConfigValueData {
  key: string;
  /** undefined when the key is not set and has no default. */
  value: unknown;
  source: ConfigValueSource;
}

export interface ConfigKeysData {
  /** The config file's path. */
  config: string;
  keys: ConfigValueData[];
}

export interface ConfigExplainData {
  key: string;
  description?: string;
  type: string;
  required: boolean;
  defaultValue?: unknown;
  /** What the loaded config says (absent when there is no valid config). */
  target?: { path: string; value: unknown; cloud: string; environment: string[] };
  docs?: string;
}

export interface InitWrittenData {
  path: string;
  cloud: string;
  tier: string;
  /** The config as written (with --json: the document's `config`). */
  config: unknown;
  /** The monthly estimate of the config (none for docker). */
  cost?: CostEstimate;
  /** `--config PATH` for the next commands when the file is not the default braintrust.yaml. */
  configFlag: string;
}

/** A value as one line of text: strings bare, anything else as JSON. */
export function showValue(v: unknown): string {
  if (v === undefined) return '(not set)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export const configMessages = {
  /** `config get KEY`: the value alone (scripts read it), {"ok", "key", "value", "source"} with --json. */
  'config.value': message<ConfigValueData>({
    level: 'result',
    json: ({ key, value, source }) => ({ ok: true, key, value: value ?? null, source }),
    human: ({ value }) => showValue(value),
  }),
  /** `config list`: every key, its value and where the value comes from. */
  'config.keys': message<ConfigKeysData>({
    level: 'result',
    json: ({ config, keys }) => ({ ok: true, config, keys: keys.map((k) => ({ key: k.key, value: k.value ?? null, source: k.source })) }),
    human: ({ keys }, w) => w.table(['key', 'value', 'source'], keys.map((r) => [r.key, showValue(r.value ?? undefined).slice(0, 80), r.source])),
  }),
  /** `config explain KEY`: what a key is, its type and default, and what it sets on this target. */
  'config.explain': message<ConfigExplainData>({
    level: 'result',
    json: (d) => ({
      ok: true, key: d.key, description: d.description ?? null, type: d.type, required: d.required, default: d.defaultValue ?? null,
      ...(d.target ? { value: d.target.value ?? null, cloud: d.target.cloud, environment: d.target.environment } : {}), docs: d.docs ?? null,
    }),
    human: (d, w) => {
      w.line(w.c.bold(d.key));
      if (d.description) w.line(`  ${d.description}`);
      w.line(`  type: ${d.type}${d.required ? ' (required)' : ''}`);
      if (d.defaultValue !== undefined) w.line(`  default: ${showValue(d.defaultValue)}`);
      if (d.target) {
        const { path, value, cloud, environment } = d.target;
        w.line(`  value in ${path}: ${showValue(value)}`);
        w.line(`  on ${cloud}: ${environment.length ? `sets ${environment.join(', ')}` : 'no API environment variable or Helm value (stack resources or sizing: see the description)'}`);
      }
      if (d.docs) w.line(`  docs: ${d.docs}`);
    },
  }),

  /** `init` wrote the config. */
  'init.saved': message<{ path: string; cloud: string; tier: string }>({
    level: 'success',
    human: ({ path, cloud, tier }) => `Wrote ${path} (${cloud}, ${tier})`,
  }),
  /** `init`'s result: {"ok", "path", "config"} with --json; the estimate and the next commands otherwise. */
  'init.written': message<InitWrittenData>({
    level: 'result',
    json: ({ path, config }) => ({ ok: true, path, config }),
    human: ({ cost, configFlag }, w) => {
      if (cost) renderCost(w, cost, { brief: true });
      w.line(`Next: braintrust sizing check${configFlag}, then braintrust install --dry-run${configFlag}`);
    },
  }),
};
