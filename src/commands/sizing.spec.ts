// `braintrust sizing check`: metadata only (the handler is sizing.ts, loaded when the command runs).
import { choice, defineCommand, type GroupSpec, type OptionValues } from './registry.js';

export const sizingGroup: GroupSpec = { name: 'sizing', description: 'Check hardware sizing against the product requirement tables' };

const sizingCheckOptions = { tier: choice('--tier <tier>', 'check against this tier instead of the config\'s', ['testing', 'production']) };

export const sizingCheckCommand = defineCommand({
  name: 'sizing check',
  description: 'Check the config against every row of the hardware requirement tables',
  options: sizingCheckOptions,
  load: () => import('./sizing.js'),
});
export type SizingCheckOptions = OptionValues<typeof sizingCheckOptions>;
