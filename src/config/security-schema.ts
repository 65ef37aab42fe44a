// `security:` in braintrust.yaml: who may use the data plane and how the API treats
// user-supplied URLs and BTQL audit logging. Each field is an API environment variable of the
// official module (variables.tf v6.6.0, modules/services/lambda-apihandler.tf) and chart
// (templates/api-configmap.yaml 6.11.0); stacks/common/settings-env.ts maps them, on every target.
import { isIP } from 'node:net';
import { z } from 'zod';

/** A Braintrust org id, as the official module's allowed_org_ids regex accepts it. */
export const ORG_UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export const UNSAFE_URL_REQUEST_MODES = ['off', 'proxy', 'warn', 'reject'] as const;

const orgId = z.string().regex(ORG_UUID, { message: 'a Braintrust org UUID like 00000000-0000-4000-8000-000000000001 (org ids, not names)' });

/** A list without repeats (the module refuses duplicate org UUIDs). */
function uniqueList<T extends z.ZodTypeAny>(item: T) {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Set<unknown>();
    list.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `${String(v)} is listed twice` });
      seen.add(v);
    });
  });
}

const ipAddress = z.string().refine((s) => isIP(s) !== 0, { message: 'an IP address like 10.0.0.2' });

/** An IPv4 or IPv6 CIDR; `example` completes the error message ("a CIDR like <example>"). */
export function cidrString(example: string) {
  return z.string().refine((s) => {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
    if (!m) return false;
    const v = isIP(m[1]);
    return v !== 0 && Number(m[2]) <= (v === 4 ? 32 : 128);
  }, { message: `a CIDR like ${example}` });
}

const cidr = cidrString('10.20.0.0/16');

const origin = z.string().regex(/^https?:\/\/[^\s,/]+$/, { message: 'an origin like https://app.example.com (scheme and host, no path, no commas)' });

export const btqlAuditLogsSchema = z.strictObject({
  strictOrgIds: uniqueList(orgId)
    .default([])
    .describe('BTQL_AUDIT_LOGS_STRICT_ORG_IDS (comma-separated): org UUIDs whose BTQL query.read is audit-logged before results return (data plane >= v2.6.0); exclusive with bestEffortOrgIds'),
  bestEffortOrgIds: uniqueList(orgId)
    .default([])
    .describe('BTQL_AUDIT_LOGS_BEST_EFFORT_ORG_IDS (comma-separated): org UUIDs whose BTQL query.read is audit-logged asynchronously; exclusive with strictOrgIds'),
});

export const securitySchema = z.strictObject({
  allowedOrgIds: uniqueList(orgId)
    .default([])
    .describe('ALLOWED_ORG_IDS (comma-separated): Braintrust org UUIDs allowed to use the data plane, preferred over orgName (names are being phased out); include your org\'s id'),
  primaryOrgName: z
    .string()
    .min(1)
    .optional()
    .describe('PRIMARY_ORG_NAME: the org that manages self-hosted service tokens (data retention); required when orgName is "*"'),
  unsafeUrlRequestMode: z
    .enum(UNSAFE_URL_REQUEST_MODES)
    .optional()
    .describe('BRAINTRUST_UNSAFE_URL_REQUEST_MODE: user-supplied URLs failing URL-security checks (private/reserved IPs) are allowed (off), proxied (proxy), allowed with a warning (warn, the application default) or blocked (reject)'),
  urlSecurityDnsServers: z
    .array(ipAddress)
    .default([])
    .describe('BRAINTRUST_URL_SECURITY_DNS_SERVERS (comma-separated): resolver IPs used to check user-supplied URLs before the host resolver; empty: host resolver'),
  urlSecurityAllowCidrs: z
    .array(cidr)
    .default([])
    .describe('BRAINTRUST_URL_SECURITY_ALLOW_CIDRS (comma-separated): private/reserved CIDRs URL checks may allow; metadata, link-local, multicast, unspecified and reserved ranges stay blocked'),
  btqlAuditLogs: btqlAuditLogsSchema.default({}),
  whitelistedOrigins: z
    .array(origin)
    .default([])
    .describe('WHITELISTED_ORIGINS (comma-separated): extra CORS origins the API accepts'),
});

export type SecurityConfig = z.output<typeof securitySchema>;

/**
 * Cross-field rules of the official module and chart, as issues on the whole config:
 * orgName "" or "*" needs security.primaryOrgName; strict and best-effort BTQL audit lists
 * are exclusive.
 */
export function securityIssues(c: { orgName: string; security: SecurityConfig }): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const org = c.orgName.trim();
  if ((org === '' || org === '*') && !c.security.primaryOrgName?.trim()) {
    issues.push({
      path: ['security', 'primaryOrgName'],
      message: `required when orgName is ${JSON.stringify(c.orgName)}: self-hosted service-token management needs a primary organization; set security.primaryOrgName to your org's name (or set orgName to it)`,
    });
  }
  const audit = c.security.btqlAuditLogs;
  if (audit.strictOrgIds.length && audit.bestEffortOrgIds.length) {
    issues.push({
      path: ['security', 'btqlAuditLogs', 'bestEffortOrgIds'],
      message: 'security.btqlAuditLogs.strictOrgIds and security.btqlAuditLogs.bestEffortOrgIds are exclusive: set one of them, not both',
    });
  }
  return issues;
}
