// The remote-access audit log: one JSON line per session in .braintrust/audit.jsonl next to
// the config. It records who, what, how and how long, never a secret: statements arrive here
// already redacted, and error messages are passed through redactText (redact.ts).
import { appendFile, mkdir } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Cloud } from '../config/schema.js';
import { findExecutable, runTool } from './tools.js';
import { childEnv, type ChildKind } from './child-env.js';

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
  return join(stateDir, 'audit.jsonl');
}

export function localUser(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return `${user}@${hostname()}`;
}

const IDENTITY_COMMANDS: Partial<Record<Cloud, { tool: string; args: string[] }>> = {
  aws: { tool: 'aws', args: ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'] },
  gcp: { tool: 'gcloud', args: ['config', 'get-value', 'account'] },
  azure: { tool: 'az', args: ['account', 'show', '--query', 'user.name', '-o', 'tsv'] },
};

/** Who the cloud CLI says we are; falls back to user@host (never fails, at most ~10 s). */
export async function cloudIdentity(cloud: Cloud | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const cmd = cloud ? IDENTITY_COMMANDS[cloud] : undefined;
  if (cmd) {
    const file = await findExecutable(cmd.tool, env);
    if (file) {
      const r = await runTool(file, cmd.args, { env: childEnv(cmd.tool as ChildKind, env), timeoutMs: 10_000 }).catch(() => undefined);
      const id = r?.exitCode === 0 ? r.stdout.trim().split('\n')[0] : '';
      if (id && id !== '(unset)') return id;
    }
  }
  return localUser();
}

export async function appendAudit(stateDir: string, entry: AuditEntry): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await appendFile(auditLogPath(stateDir), JSON.stringify(entry) + '\n', { mode: 0o600 });
}
