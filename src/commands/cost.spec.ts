// `braintrust cost`: metadata only (the handler is cost.ts).
import { choice, defineCommand, type OptionValues } from './registry.js';

const costOptions = { tier: choice('--tier <tier>', 'estimate the shipped defaults of this tier instead of the config\'s sizes', ['testing', 'production']) };

export const costCommand = defineCommand({
  name: 'cost',
  description: 'Monthly on-demand estimate per component from the shipped price tables (no network)',
  options: costOptions,
  load: () => import('./cost.js'),
});
export type CostOptions = OptionValues<typeof costOptions>;
