// How day-2 operations read on a terminal and in JSON: pure formatting (no npm import), shared
// by the ops layer and the message catalog (src/ui/messages/ops.ts).
import type { LogLine } from './types.js';

/** `2026-01-31T12:00:00.123Z brainstore-reader/i-0abc  message`. */
export function formatLine(line: LogLine): string {
  return `${new Date(line.time).toISOString()} ${line.service}/${line.instance}  ${line.message}`;
}

export function jsonLine(line: LogLine): Record<string, string> {
  return { time: new Date(line.time).toISOString(), service: line.service, instance: line.instance, message: line.message };
}

/** How long ago `since` was, in the largest two units: 3d4h, 2h5m, 7m, 12s; `-` when unknown. */
export function age(since: string | undefined, now: Date): string {
  if (!since) return '-';
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
  if (Number.isNaN(s)) return '-';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d ? `${d}d${h}h` : h ? `${h}h${m}m` : m ? `${m}m` : `${s}s`;
}

/** A percentage to one decimal, `-` when the source has none. */
export function percent(v: number | undefined): string {
  return v === undefined ? '-' : `${Math.round(v * 10) / 10}%`;
}
