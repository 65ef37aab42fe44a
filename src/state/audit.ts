// The remote-access audit log: one JSON line per session in .braintrust/audit.jsonl next to
// the config, 0600 in the 0700 state directory like every other file there. It records who,
// what, how and how long, never a secret: statements arrive here already redacted, and error
// messages are passed through redactText (access/redact.ts).
import type { Cloud } from '../config/schema.js';
import { auditLogPathIn } from './paths.js';
import { appendPrivateLine } from './files.js';

export interface AuditEntry {
  /**
   * start: written before anything connects (a killed session leaves it); end: written after,
   * with the same id, the duration and the outcome.
   */
  event?: 'start' | 'end';
  /** Ties a session's start and end records. */
  id?: string;
  time: string;
  /** Cloud principal (e.g. the aws sts caller ARN) when available, else user@host. */
  identity: string;
  localUser: string;
  deployment?: string;
  cloud?: Cloud;
  /** postgres, redis, bucket:<name>. */
  target: string;
  via: string;
  access: 'read' | 'write';
  session: 'interactive' | 'one-shot';
  /** One-shots only, literals redacted. */
  statement?: string;
  /**
   * Interactive read-only postgres: the ephemeral login role psql runs as (never its password);
   * null in the end record when it could not be created and the session fell back.
   */
  role?: string | null;
  durationMs?: number;
  outcome?: 'ok' | 'error' | 'time-limit' | 'interrupted' | 'refused';
  error?: string;
}

export function auditLogPath(stateDir: string): string {
  return auditLogPathIn(stateDir);
}

export async function appendAudit(stateDir: string, entry: AuditEntry): Promise<void> {
  await appendPrivateLine(auditLogPath(stateDir), JSON.stringify(entry));
}
