// Config edits more than one command makes, written once: a function of the raw config.
import type { ConfigInput } from '../config/schema.js';

export interface RateLimitChange {
  maxRequests?: number;
  windowMinutes?: number;
}

/** The one edit path for the outbound rate limit (`install --outbound-rate-limit-*`, `rate-limit set|disable`). */
export function rateLimitEdit(change: RateLimitChange): (raw: ConfigInput) => void {
  return (raw) => {
    raw.rateLimit = {
      ...raw.rateLimit,
      ...(change.maxRequests !== undefined ? { maxRequests: change.maxRequests } : {}),
      ...(change.windowMinutes !== undefined ? { windowMinutes: change.windowMinutes } : {}),
    };
  };
}

