// How day-2 operations read on a terminal and in JSON: pure formatting (no npm import), shared
// by the ops layer and the message catalog (src/ui/messages/ops.ts).
import type { LogLine, LogWarning, StatusWarning } from './types.js';

/** `2026-01-31T12:00:00.123Z brainstore-reader/i-0abc  message`. */
export function formatLine(line: LogLine): string {
  return `${new Date(line.time).toISOString()} ${line.service}/${line.instance}  ${line.message}`;
}

export function jsonLine(line: LogLine): Record<string, string> {
  return { time: new Date(line.time).toISOString(), service: line.service, instance: line.instance, message: line.message };
}

/** A log source's warning as one sentence (logs prints it; doctor's logs check lists it). */
export function describeLogWarning(w: LogWarning): string {
  switch (w.kind) {
    case 'group-missing': return `log group ${w.group} does not exist (not installed with this version of the CLI yet? re-run braintrust install)`;
    case 'truncated': return `${w.group}: more than ${w.max} lines in the window; showing the first ${w.max} (narrow --since or add --grep)`;
    case 'no-pods': return `no pods found for ${w.workloads.join(', ')} in namespace ${w.namespace}`;
    case 'source-failed': return w.source ? `${w.source}: ${w.error}` : w.error;
  }
}

/** A status warning as one sentence, with the fix. */
export function describeStatusWarning(w: StatusWarning): string {
  switch (w.kind) {
    case 'cache-disk': return `${w.service} ${w.instance}: cache disk ${w.percent}% full (over ${w.limit}%): add nodes or use larger local disks`;
    case 'version': return `${w.service} runs ${w.running.join(', ')} but the config says ${w.want}: finish the rollout or run braintrust install/upgrade`;
    case 'last-apply': return `the last successful apply deployed ${w.deployed} but the config says ${w.want}: apply it with braintrust install (or braintrust upgrade)`;
  }
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
