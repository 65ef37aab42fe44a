// `braintrust preflight`: metadata only (the handler is preflight.ts).
import { defineCommand, text, type OptionValues } from './registry.js';

const preflightOptions = { timeout: text('--timeout <seconds>', 'time limit per check', '60') };

export const preflightCommand = defineCommand({
  name: 'preflight',
  description: 'Before install: identity, instance types per zone, quotas, permissions and the state backend (exit 1 on a failure, 3 without the cloud CLI)',
  options: preflightOptions,
  load: () => import('./preflight.js'),
});
export type PreflightCommandOptions = OptionValues<typeof preflightOptions>;
