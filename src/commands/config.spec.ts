// `braintrust config get|set|unset|list|explain`: metadata only (handlers in config.ts).
import { defineCommand, type GroupSpec, type OptionValues } from './registry.js';
import { changeOptions } from './common-options.js';

export const configGroup: GroupSpec = { name: 'config', description: 'Read, change and explain any braintrust.yaml setting by its dotted key' };

export const configGetCommand = defineCommand({
  name: 'config get',
  description: 'Print a setting (with its default applied), e.g. `config get rateLimit.maxRequests`',
  args: [{ name: 'key', description: 'dotted key, e.g. telemetry.enabled', required: true }],
  load: async () => ({ run: (await import('./config.js')).get }),
});

const configSetOptions = changeOptions;

export const configSetCommand = defineCommand({
  name: 'config set',
  description: 'Change a setting, validated by the schema, then diff and apply like every day-2 change',
  args: [{ name: 'key', description: 'dotted key', required: true }, { name: 'value', description: 'new value (lists and maps as YAML/JSON)', required: true }],
  options: configSetOptions,
  load: async () => ({ run: (await import('./config.js')).set }),
});
export type ConfigSetOptions = OptionValues<typeof configSetOptions>;

const configUnsetOptions = changeOptions;

export const configUnsetCommand = defineCommand({
  name: 'config unset',
  description: 'Remove a setting from braintrust.yaml (its default applies), then diff and apply',
  args: [{ name: 'key', description: 'dotted key', required: true }],
  options: configUnsetOptions,
  load: async () => ({ run: (await import('./config.js')).unset }),
});

export const configListCommand = defineCommand({
  name: 'config list',
  description: 'Every setting with its value and whether it comes from the config or a default',
  load: async () => ({ run: (await import('./config.js')).list }),
});

export const configExplainCommand = defineCommand({
  name: 'config explain',
  description: 'What a setting does, its type, default, what it sets on this target, and its docs page',
  args: [{ name: 'key', description: 'dotted key', required: true }],
  load: async () => ({ run: (await import('./config.js')).explain }),
});
