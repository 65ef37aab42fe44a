// `braintrust rate-limit show|set|disable`: the API server's outbound rate limit against
// external domains such as BRAINTRUST_APP_URL (self-hosting advanced, "Configuring
// Rate-Limits"): OUTBOUND_RATE_LIMIT_MAX_REQUESTS per OUTBOUND_RATE_LIMIT_WINDOW_MINUTES,
// per user auth token; 0 requests disables it.
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { usageError } from '../ui/errors.js';
import { parseIntFlag } from './flag-checks.js';
import { changeSettings } from '../deploy/settings-change.js';
import { rateLimitEdit } from '../deploy/edits.js';
import { describeRateLimit } from '../ui/messages/settings.js';
import type { RateLimitDisableOptions, RateLimitSetOptions } from './rate-limit.spec.js';

export const show: Handler = async (ctx) => {
  const { config } = await loadConfig(ctx.globals.config);
  const { maxRequests, windowMinutes } = config.rateLimit;
  ctx.io.emit('rate-limit.status', { maxRequests, windowMinutes });
  return 0;
};

export const set: Handler<RateLimitSetOptions> = async (ctx, opts) => {
  const maxRequests = parseIntFlag('--max-requests', opts.maxRequests, 0, undefined, '0 disables rate limiting');
  const windowMinutes = parseIntFlag('--window-minutes', opts.windowMinutes, 1);
  if (maxRequests === undefined && windowMinutes === undefined) {
    throw usageError('Nothing to set', 'Pass --max-requests N (integer >= 0; 0 disables) and/or --window-minutes M (integer >= 1).');
  }
  return changeSettings(ctx, opts, {
    action: 'rate-limit',
    summary: (c) => describeRateLimit(c.rateLimit),
    edit: rateLimitEdit({ maxRequests, windowMinutes }),
  });
};

export const disable: Handler<RateLimitDisableOptions> = async (ctx, opts) =>
  changeSettings(ctx, opts, {
    action: 'rate-limit',
    summary: (c) => describeRateLimit(c.rateLimit),
    edit: rateLimitEdit({ maxRequests: 0 }),
  });

export const run = show;
