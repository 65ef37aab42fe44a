// Log lines as the user sees them: merged in time order across services and instances, cut to
// the --since window, filtered by --grep, and scrubbed by the support bundle's redaction.
import { redactForSupport } from '../access/redact.js';
import { parseDuration } from '../access/session.js';
import { usageError } from '../ui/errors.js';
import type { LogLine } from './types.js';

/** --since: a duration back from now (1h, 30m, 2d) or an ISO time; epoch ms. */
export function parseSince(text: string, now: Date): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const t = Date.parse(text);
    if (!Number.isNaN(t)) return t;
    throw usageError(`--since ${JSON.stringify(text)} is not a valid time`, 'Use a duration like 1h or 30m, or an ISO time like 2026-01-31T12:00:00Z.');
  }
  return now.getTime() - parseDuration(text, '--since');
}

/** Merge lines from many sources: stable by time, ties by service then instance. */
export function mergeLines(lines: LogLine[]): LogLine[] {
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.time - b.l.time || a.l.service.localeCompare(b.l.service) || a.l.instance.localeCompare(b.l.instance) || a.i - b.i)
    .map(({ l }) => l);
}

export interface LineFilter {
  since: number;
  grep?: string;
  /** Secret values known from the environment, scrubbed literally. */
  secrets: readonly (string | undefined)[];
}

/** The line as it may be shown (redacted), or undefined when it is outside the window or grep. */
export function prepareLine(line: LogLine, f: LineFilter): LogLine | undefined {
  if (line.time < f.since) return undefined;
  // grep matches what the user would see: after redaction, so a secret cannot be probed for.
  // Case-sensitive like grep, and like CloudWatch's filter patterns, which narrow it server-side.
  const message = redactForSupport(line.message, f.secrets);
  if (f.grep && !message.includes(f.grep)) return undefined;
  return { ...line, message };
}

/** RFC 3339 timestamps with any fraction (kubectl and docker print nanoseconds) to epoch ms. */
export function parseTimestamp(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return Number.NaN;
  const frac = m[2] ? m[2].slice(0, 4).padEnd(4, '0') : '';
  return Date.parse(`${m[1]}${frac}${m[3]}`);
}
