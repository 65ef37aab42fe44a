// Checks on flag values shared by several commands, run by cli.ts before any handler: a bad
// value is a usage error (exit 2) naming the flag, the value and what is allowed, never a crash
// later (a 25-day --max-duration overflows Node's timers; --port 0x3fef is not a port).
import { quote } from '../config/rules.js';
import { usageError } from '../ui/errors.js';

/** Remote-access sessions: at least a second, at most a week (Node timers overflow at ~24.8 days). */
export const MAX_DURATION_BOUNDS = { minMs: 1000, maxMs: 7 * 24 * 3_600_000 } as const;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The duration syntax `connect` takes (90, 90s, 30m, 1h30m, 1.5h), in ms; NaN when it is not one. */
export function durationMs(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== t) return NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}

// (Not access/session's parser: importing it would load execa for every command.)
export function checkMaxDuration(text: string): number {
  const ms = durationMs(text);
  if (!Number.isFinite(ms) || ms < MAX_DURATION_BOUNDS.minMs || ms > MAX_DURATION_BOUNDS.maxMs) {
    throw usageError(`--max-duration ${quote(text)} is not allowed: sessions last from 1s to 7d`, 'Pass e.g. --max-duration 30m, 1h or 8h.');
  }
  return ms;
}

/** Strict decimal 1-65535: no hex, sign, exponent or fraction. */
export function checkPort(text: string, flag = '--port'): number {
  const n = Number(text);
  if (!/^[1-9][0-9]{0,4}$/.test(text) || n > 65535) {
    throw usageError(`${flag} ${quote(text)} is not allowed: a port is a decimal number from 1 to 65535`, `Pass e.g. ${flag} 5432.`);
  }
  return n;
}

function checkUrlScheme(flag: string, text: string, schemes: string[]): void {
  let scheme: string | undefined;
  try {
    scheme = new URL(text).protocol.replace(/:$/, '');
  } catch {
    scheme = undefined;
  }
  if (!scheme || !schemes.includes(scheme)) {
    throw usageError(`${flag} ${quote(text)} is not allowed: expected a ${schemes.map((s) => `${s}://`).join(' or ')} URL`,
      `Pass e.g. ${flag} ${schemes[0]}://host:port (the password comes from the environment, not the URL).`);
  }
}

/** Every option value a command was given, by commander's camelCase name. */
export function checkCommonFlags(opts: Record<string, unknown>): void {
  const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
  const maxDuration = str('maxDuration');
  if (maxDuration !== undefined) checkMaxDuration(maxDuration);
  const port = str('port');
  if (port !== undefined) checkPort(port);
  const pg = str('postgresUrl');
  if (pg !== undefined) checkUrlScheme('--postgres-url', pg, ['postgres', 'postgresql']);
  const redis = str('redisUrl');
  if (redis !== undefined) checkUrlScheme('--redis-url', redis, ['redis', 'rediss']);
  const out = opts.out;
  if (typeof out === 'string' && !out.trim()) {
    throw usageError("--out '' is empty", 'Pass a path for the output, or leave --out out for the default.');
  }
  if (opts.dryRun === true && opts.planOnly === true) {
    throw usageError('--dry-run and --plan-only cannot be combined', 'Pass --dry-run to synthesize only (no terraform), or --plan-only to run terraform init and plan.');
  }
}

export function parseIntFlag(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER, note = ''): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(String(value).trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(
      `${flag} ${JSON.stringify(value)} is not allowed`,
      `Pass an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}${note ? ` (${note})` : ''}.`,
    );
  }
  return n;
}
