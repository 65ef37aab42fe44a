// `braintrust rate-limit show|set|disable`: metadata only (handlers in rate-limit.ts).
import { defineCommand, text, type GroupSpec, type OptionValues } from './registry.js';
import { changeOptions } from './common-options.js';

export const rateLimitGroup: GroupSpec = { name: 'rate-limit', description: 'Show or change the API outbound rate limit (OUTBOUND_RATE_LIMIT_*)' };

export const rateLimitShowCommand = defineCommand({
  name: 'rate-limit show',
  description: 'The outbound rate limit and its environment variables',
  load: async () => ({ run: (await import('./rate-limit.js')).show }),
});

const rateLimitSetOptions = {
  maxRequests: text('--max-requests <n>', 'requests per window per user token (integer >= 0; 0 disables)'),
  windowMinutes: text('--window-minutes <m>', 'window length in minutes (integer >= 1)'),
  ...changeOptions,
};

export const rateLimitSetCommand = defineCommand({
  name: 'rate-limit set',
  description: 'Set OUTBOUND_RATE_LIMIT_MAX_REQUESTS / _WINDOW_MINUTES',
  options: rateLimitSetOptions,
  load: async () => ({ run: (await import('./rate-limit.js')).set }),
});
export type RateLimitSetOptions = OptionValues<typeof rateLimitSetOptions>;

const rateLimitDisableOptions = changeOptions;

export const rateLimitDisableCommand = defineCommand({
  name: 'rate-limit disable',
  description: 'Turn the outbound rate limit off (max requests 0)',
  options: rateLimitDisableOptions,
  load: async () => ({ run: (await import('./rate-limit.js')).disable }),
});
export type RateLimitDisableOptions = OptionValues<typeof rateLimitDisableOptions>;
