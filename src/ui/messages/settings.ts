// Settings: what `telemetry`, `url`, `rate-limit`, `support-access` and `allowlist` show, and
// the warnings of their changes (the change itself is the deploy layer's messages).
import { message } from '../message-def.js';

export interface TelemetryStatusData {
  enabled: boolean;
  /** Where telemetry goes: the control plane (urls.appUrl). */
  destination: string;
  kinds: { kind: string; what: string; sent: boolean }[];
  env: Record<string, string>;
}

export interface UrlSettingsData {
  cloud: string;
  appUrl: string;
  /** urls.publicUrl; undefined = the default (follows the app URL). */
  publicUrl?: string;
  proxyControlPlane: boolean;
  /** The data plane API URL from the stack outputs (undefined before install). */
  dataPlaneUrl?: string;
  ingress: { mode: string | null; domain: string | null };
  /** The API's BRAINTRUST_APP_URL and BRAINTRUST_APP_PUBLIC_URL. */
  env: { appUrl: string; publicUrl: string };
}

export interface RateLimitData {
  maxRequests: number;
  windowMinutes: number;
}

export interface SupportGrantRow {
  principal?: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  active: boolean;
  remainingMinutes: number;
}

export interface SupportAccessStatusData {
  cloud: string;
  grants: SupportGrantRow[];
  /** The AWS support role's ARN from the stack outputs. */
  roleArn?: string;
}

export interface AllowlistData {
  cloud: string;
  entries: { url: string; from: string; required: boolean; why: string }[];
  /** The data plane API URL is in the stack outputs (after install). */
  apiUrlKnown: boolean;
}

export function describeRateLimit(r: RateLimitData): string {
  return r.maxRequests === 0
    ? 'rate limit disabled (0 requests)'
    : `rate limit ${r.maxRequests} requests per ${r.windowMinutes} minute${r.windowMinutes === 1 ? '' : 's'} per user token`;
}

/** What 0 means and what the server does without the variable (self-hosting docs, official AWS module). */
export const RATE_LIMIT_DEFAULTS_NOTE =
  '0 disables the limit (new configs start at 0, as the official AWS module does: a per-user cap throttles evals that call models through the data plane). Without OUTBOUND_RATE_LIMIT_MAX_REQUESTS the API server applies its own default of 100 requests per minute.';

/** The API server's own default without OUTBOUND_RATE_LIMIT_* (self-hosting docs). */
const RATE_LIMIT_SERVER_DEFAULT = { maxRequests: 100, windowMinutes: 1 };

function rateLimitEnv(r: RateLimitData): Record<string, string> {
  return { OUTBOUND_RATE_LIMIT_MAX_REQUESTS: String(r.maxRequests), OUTBOUND_RATE_LIMIT_WINDOW_MINUTES: String(r.windowMinutes) };
}

/** Who a support grant is for: its principal, or Braintrust support's default on the cloud. */
export function supportPrincipal(cloud: string, principal: string | undefined): string {
  if (principal) return principal;
  return cloud === 'gcp' ? 'group:support@braintrust.dev' : 'Braintrust support (AWS account 872608195481)';
}

function describeIngress(d: UrlSettingsData): string {
  const { mode, domain } = d.ingress;
  if (!mode) return d.cloud === 'docker' ? 'none (localhost)' : 'none (internal endpoint)';
  return `${mode}${domain ? `, domain ${domain}` : ''}`;
}

export const settingsMessages = {
  /** `telemetry status`: {"ok", "enabled", "destination", "kinds", "env"} with --json. */
  'telemetry.status': message<TelemetryStatusData>({
    level: 'result',
    json: (r) => ({ ok: true, ...r }),
    human: (r, w) => {
      w.line(r.enabled ? `Telemetry is on: sent to the Braintrust control plane at ${r.destination}` : 'Telemetry is off: nothing is sent to the control plane.');
      w.table(['kind', 'sent', 'what'], r.kinds.map((k) => [k.kind, k.sent ? 'yes' : 'no', k.what]));
      w.line('Environment:');
      for (const [k, v] of Object.entries(r.env)) w.line(`  ${k}=${JSON.stringify(v)}`);
      if (r.enabled) w.line('Braintrust uses this to watch health indicators and catch problems before they cause downtime.');
    },
  }),
  /** `telemetry enable` turns on logs, traces or memory profiles. */
  'telemetry.support-only-kinds': message({
    level: 'warn',
    human: () => 'Logs, traces and memory profiles go to the Braintrust control plane: enable them only when Braintrust support asks, and turn them off afterwards.',
  }),
  /** `telemetry disable` without --types: everything off. */
  'telemetry.disabling': message({
    level: 'warn',
    human: () => 'With telemetry off Braintrust cannot see health checks, indexing lag or usage, so it cannot spot issues before they cause downtime.',
  }),

  /** `url show`: the URL settings, the data plane URL and the API environment they make. */
  'url.settings': message<UrlSettingsData>({
    level: 'result',
    json: (d) => ({
      ok: true,
      appUrl: d.appUrl,
      publicUrl: d.publicUrl ?? null,
      proxyControlPlane: d.proxyControlPlane,
      dataPlaneUrl: d.dataPlaneUrl ?? null,
      ingress: d.ingress,
      env: { BRAINTRUST_APP_URL: d.env.appUrl, BRAINTRUST_APP_PUBLIC_URL: d.env.publicUrl },
    }),
    human: (d, w) => {
      w.table(['setting', 'value'], [
        ['control plane (urls.appUrl)', d.appUrl],
        ['public web app (urls.publicUrl)', d.publicUrl === undefined ? '(default)' : JSON.stringify(d.publicUrl)],
        ['data plane API URL', d.dataPlaneUrl ?? '(not deployed yet: from the stack outputs after install)'],
        ['ingress', describeIngress(d)],
      ]);
      w.line(d.proxyControlPlane
        ? 'Mode: SDKs are constrained to the data plane, which proxies the control plane endpoints.'
        : 'Mode: SDKs talk to the control plane directly (pass `url set --proxy-control-plane` to constrain them to the data plane).');
      w.line(`  BRAINTRUST_APP_URL=${d.env.appUrl}`);
      w.line(`  BRAINTRUST_APP_PUBLIC_URL=${JSON.stringify(d.env.publicUrl)}`);
    },
  }),
  /** `url set --proxy-control-plane` before install: the data plane URL is not known yet. */
  'url.data-plane-url-pending': message({
    level: 'info',
    human: () => 'BRAINTRUST_APP_URL will be the data plane URL the stack creates (not known until it is deployed).',
  }),

  /** `rate-limit show`: the limit, its environment and what 0 means. */
  'rate-limit.status': message<RateLimitData>({
    level: 'result',
    json: (r) => ({
      ok: true, enabled: r.maxRequests > 0, maxRequests: r.maxRequests, windowMinutes: r.windowMinutes,
      env: rateLimitEnv(r), note: RATE_LIMIT_DEFAULTS_NOTE, serverDefault: RATE_LIMIT_SERVER_DEFAULT,
    }),
    human: (r, w) => {
      w.line(`Outbound ${describeRateLimit(r)}.`);
      w.line('Applies to requests the API server makes to external domains (e.g. the control plane at BRAINTRUST_APP_URL).');
      w.line(RATE_LIMIT_DEFAULTS_NOTE);
      for (const [k, v] of Object.entries(rateLimitEnv(r))) w.line(`  ${k}=${v}`);
    },
  }),

  /** `support-access status`: the grants (active and expired) and the support role. */
  'support-access.status': message<SupportAccessStatusData>({
    level: 'result',
    json: ({ cloud, grants, roleArn }) => ({
      ok: true, cloud, grants, ...(roleArn ? { supportRoleArn: roleArn } : {}), expiredStillPresent: grants.filter((g) => !g.active).length,
    }),
    human: ({ cloud, grants, roleArn }, w) => {
      if (!grants.length) return 'No support access is granted.';
      w.table(
        ['who', 'reason', 'granted', 'until', 'state'],
        grants.map((g) => [supportPrincipal(cloud, g.principal), g.reason, g.grantedAt, g.expiresAt, g.active ? `active (${g.remainingMinutes} min left)` : 'expired']),
      );
      if (roleArn) w.line(`Support role: ${roleArn} (share this ARN with the Braintrust team)`);
    },
  }),
  /** Expired grants give no access but are still in the config. */
  'support-access.expired-grants': message<{ count: number }>({
    level: 'warn',
    json: false,
    human: ({ count }) => `${count} expired grant(s) still in the config: run \`braintrust support-access revoke\` to remove them.`,
  }),

  /** `allowlist`: the URLs a firewall must allow, who connects and why. */
  'allowlist.entries': message<AllowlistData>({
    level: 'result',
    json: ({ cloud, entries }) => ({ ok: true, cloud, entries }),
    human: ({ entries, apiUrlKnown }, w) => {
      w.table(['url', 'from', 'needed', 'why'], entries.map((e) => [e.url, e.from, e.required ? 'required' : 'optional', e.why]));
      w.line();
      w.line('Image layers from public.ecr.aws may be served through a CDN redirect; allow what your firewall vendor lists for ECR Public.');
      if (!apiUrlKnown) w.line('The data plane API URL is known after `braintrust install` (it is read from .braintrust/outputs.json).');
    },
  }),
};
