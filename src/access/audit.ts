// Who runs a remote-access session (the local user, the cloud principal), for the audit log
// (src/state/audit.ts, re-exported here for the access layer).
import { hostname, userInfo } from 'node:os';
import type { Cloud } from '../config/schema.js';
import { findExecutable, runTool } from './tools.js';
import { childEnv, type ChildKind } from './child-env.js';

export { appendAudit, auditLogPath, type AuditEntry } from '../state/audit.js';

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
