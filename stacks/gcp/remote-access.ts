// Time-boxed access for Braintrust support (`braintrust support-access`): each grant in
// config.remoteAccess.grants becomes project IAM bindings that expire by IAM condition, so
// access ends on time even if nobody re-applies.
import { Construct } from 'constructs';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member/index.js';
import type { Config } from '../../src/config/schema.js';

export const DEFAULT_SUPPORT_PRINCIPAL = 'group:support@braintrust.dev';

// What support needs (self-hosting overview, "Remote access"): containers (exec, logs,
// restarts), host metrics and logs. Postgres, Redis and buckets are reached through the cluster.
export const SUPPORT_ROLES = ['roles/container.developer', 'roles/logging.viewer', 'roles/monitoring.viewer'];

/** IAM member syntax: a bare email is a user. */
export function iamMember(principal: string | undefined): string {
  const p = principal ?? DEFAULT_SUPPORT_PRINCIPAL;
  return p.includes(':') ? p : `user:${p}`;
}

export function expiryCondition(expiresAt: string): string {
  return `request.time < timestamp("${new Date(expiresAt).toISOString()}")`;
}

export class GcpRemoteAccess extends Construct {
  constructor(scope: Construct, id: string, config: Config, projectId: string) {
    super(scope, id);
    config.remoteAccess.grants.forEach((grant, i) => {
      for (const role of SUPPORT_ROLES) {
        new ProjectIamMember(this, `grant-${i}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, {
          project: projectId,
          role,
          member: iamMember(grant.principal),
          condition: {
            title: `braintrust-support-${i}`,
            description: grant.reason.slice(0, 256),
            expression: expiryCondition(grant.expiresAt),
          },
        });
      }
    });
  }
}
