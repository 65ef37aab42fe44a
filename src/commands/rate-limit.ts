// `braintrust rate-limit show|set|disable`: the API server's outbound rate limit against
// external domains such as BRAINTRUST_APP_URL (self-hosting advanced, "Configuring
// Rate-Limits"): OUTBOUND_RATE_LIMIT_MAX_REQUESTS per OUTBOUND_RATE_LIMIT_WINDOW_MINUTES,
// per user auth token; 0 requests disables it.
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { usageError } from '../ui/errors.js';
import { parseIntFlag } from './flag-checks.js';
import { changeSettings } from '../deploy/settings-change.js';
import { rateLimitEdit } from '../deploy/edits.js';
import type { RateLimitDisableOptions, RateLimitSetOptions } from './rate-limit.spec.js';

export function describeRateLimit(r: Config['rateLimit']): string {
  return r.maxRequests === 0
    ? 'rate limit disabled (0 requests)'
    : `rate limit ${r.maxRequests} requests per ${r.windowMinutes} minute${r.windowMinutes === 1 ? '' : 's'} per user token`;
}

/** What 0 means and what the server does without the variable (self-hosting docs, official AWS module). */
export const RATE_LIMIT_DEFAULTS_NOTE =
  '0 disables the limit (new configs start at 0, as the official AWS module does: a per-user cap throttles evals that call models through the data plane). Without OUTBOUND_RATE_LIMIT_MAX_REQUESTS the API server applies its own default of 100 requests per minute.';

export const show: Handler = async (ctx) => {
  const { config } = await loadConfig(ctx.globals.config);
  const r = config.rateLimit;
  const env = {
    OUTBOUND_RATE_LIMIT_MAX_REQUESTS: String(r.maxRequests),
    OUTBOUND_RATE_LIMIT_WINDOW_MINUTES: String(r.windowMinutes),
  };
  ctx.out.result({ ok: true, enabled: r.maxRequests > 0, maxRequests: r.maxRequests, windowMinutes: r.windowMinutes, env, note: RATE_LIMIT_DEFAULTS_NOTE, serverDefault: { maxRequests: 100, windowMinutes: 1 } });
  ctx.out.print(`Outbound ${describeRateLimit(r)}.`);
  ctx.out.print('Applies to requests the API server makes to external domains (e.g. the control plane at BRAINTRUST_APP_URL).');
  ctx.out.print(RATE_LIMIT_DEFAULTS_NOTE);
  for (const [k, v] of Object.entries(env)) ctx.out.print(`  ${k}=${v}`);
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
