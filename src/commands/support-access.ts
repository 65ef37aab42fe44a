// `braintrust support-access grant|revoke|status`: time-boxed access for Braintrust's support
// team, kept in config (remoteAccess.grants) and applied through the same pipeline as every
// other change: an IAM role whose trust expires on AWS, an IAM binding with an expiry condition
// on GCP, role assignments on Azure that `revoke` removes.
import type { Ctx, Handler } from '../context.js';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { readOutputs } from '../terraform/deployment-state.js';
import { parseDuration } from '../access/session.js';
import { usageError } from '../ui/errors.js';
import { MAX_GRANT_DAYS, principalProblem, quote } from '../config/rules.js';
import { changeSettings } from '../deploy/settings-change.js';
import { supportPrincipal } from '../ui/messages/settings.js';
import type { SupportAccessGrantOptions, SupportAccessRevokeOptions } from './support-access.spec.js';

type Grant = Config['remoteAccess']['grants'][number];

/** Longest grant: support access is for an incident, not standing access. */
export const MAX_GRANT_MS = MAX_GRANT_DAYS * 24 * 3_600_000;

export interface GrantStatus extends Grant {
  active: boolean;
  remainingMinutes: number;
}

export function grantStatuses(grants: Grant[], now: Date): GrantStatus[] {
  return grants.map((g) => {
    const remaining = Date.parse(g.expiresAt) - now.getTime();
    return { ...g, active: remaining > 0, remainingMinutes: Math.max(0, Math.round(remaining / 60_000)) };
  });
}

function who(config: Config, g: Pick<Grant, 'principal'>): string {
  return supportPrincipal(config.cloud, g.principal);
}

export const grant: Handler<SupportAccessGrantOptions> = async (ctx, opts) => {
  if (!opts.reason?.trim()) throw usageError('--reason is required', 'Say why access is needed, e.g. --reason "INC-123 indexing lag".');
  const ms = parseDuration(opts.duration, '--duration');
  if (ms > MAX_GRANT_MS) throw usageError(`--duration ${opts.duration} is longer than 7 days`, 'Grant at most 7d; grant again if the incident runs longer.');
  // Checked here too, so the error names the flag; the config validation enforces the same rule.
  const loaded = await loadConfig(ctx.globals.config);
  const problem = principalProblem(loaded.config.cloud, opts.principal);
  if (problem) {
    throw usageError(`--principal ${opts.principal === undefined ? '(not given)' : quote(opts.principal)} is not allowed on ${loaded.config.cloud}: ${problem}`,
      'Pass the principal Braintrust support gave you, e.g. --principal arn:aws:iam::123456789012:role/Support, user:help@example.com or an Entra object id.');
  }
  const now = ctx.clock();
  const entry: Grant = {
    ...(opts.principal ? { principal: opts.principal } : {}),
    reason: opts.reason.trim(),
    grantedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ms).toISOString(),
  };
  return changeSettings(ctx, opts, {
    action: 'support-access-grant',
    edit: (raw) => {
      // Expired grants give no access any more; drop them as the new one is added.
      const kept = (raw.remoteAccess?.grants ?? []).filter((g) => Date.parse(g.expiresAt) > now.getTime());
      raw.remoteAccess = { ...raw.remoteAccess, grants: [...kept, entry] };
    },
    summary: (after) => `support access for ${who(after, entry)} until ${entry.expiresAt} (${entry.reason})`,
    historyExtra: { expiresAt: entry.expiresAt },
  });
};

export const revoke: Handler<SupportAccessRevokeOptions> = async (ctx, opts) => {
  return changeSettings(ctx, opts, {
    action: 'support-access-revoke',
    edit: (raw) => {
      const grants = raw.remoteAccess?.grants ?? [];
      raw.remoteAccess = { ...raw.remoteAccess, grants: opts.principal ? grants.filter((g) => g.principal !== opts.principal) : [] };
    },
    summary: (after) => (after.remoteAccess.grants.length ? `${after.remoteAccess.grants.length} remaining grant(s)` : 'no support access'),
  });
};

export async function supportAccessStatus(ctx: Ctx): Promise<{ config: Config; grants: GrantStatus[]; roleArn?: string }> {
  const loaded = await loadConfig(ctx.globals.config);
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const roleArn = typeof outputs.support_role_arn === 'string' ? outputs.support_role_arn : undefined;
  return { config: loaded.config, grants: grantStatuses(loaded.config.remoteAccess.grants, ctx.clock()), roleArn };
}

export const status: Handler = async (ctx) => {
  const { config, grants, roleArn } = await supportAccessStatus(ctx);
  ctx.io.emit('support-access.status', { cloud: config.cloud, grants, ...(roleArn ? { roleArn } : {}) });
  const expired = grants.filter((g) => !g.active).length;
  if (expired) ctx.io.emit('support-access.expired-grants', { count: expired });
  return 0;
};
