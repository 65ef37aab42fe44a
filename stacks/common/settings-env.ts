// The API environment of the `security:`, `telemetry:` and `networking:` settings, merged by apiEnvironment()
// (stacks/common/api-env.ts) on every target: AWS Lambda/ECS, the Helm values (GCP, Azure) and
// docker compose. A variable appears only when its setting is set, as the official module does
// for the URL-security variables (modules/services/lambda-apihandler.tf, v6.6.0); the AWS
// runtimes also keep the module's defaults for the rest (officialApiDefaults).
import type { Config } from '../../src/config/schema.js';

/** The API variables of `security:`, the telemetry switches and networking.codeFunctionTimeoutSeconds, only those that are set. */
export function settingsApiEnv(config: Config): Record<string, string> {
  const s = config.security;
  const t = config.telemetry;
  const env: Record<string, string> = {};
  const list = (name: string, values: readonly string[]) => {
    if (values.length) env[name] = values.join(',');
  };
  list('ALLOWED_ORG_IDS', s.allowedOrgIds);
  if (s.primaryOrgName) env.PRIMARY_ORG_NAME = s.primaryOrgName;
  if (s.unsafeUrlRequestMode) env.BRAINTRUST_UNSAFE_URL_REQUEST_MODE = s.unsafeUrlRequestMode;
  list('BRAINTRUST_URL_SECURITY_DNS_SERVERS', s.urlSecurityDnsServers);
  list('BRAINTRUST_URL_SECURITY_ALLOW_CIDRS', s.urlSecurityAllowCidrs);
  list('BTQL_AUDIT_LOGS_STRICT_ORG_IDS', s.btqlAuditLogs.strictOrgIds);
  list('BTQL_AUDIT_LOGS_BEST_EFFORT_ORG_IDS', s.btqlAuditLogs.bestEffortOrgIds);
  list('WHITELISTED_ORIGINS', s.whitelistedOrigins);
  if (t.disableSysadmin) env.DISABLE_SYSADMIN_TELEMETRY = 'true';
  const timeout = config.networking.codeFunctionTimeoutSeconds;
  if (timeout !== undefined) env.CODE_FUNCTION_EXECUTION_TIMEOUT_S = String(timeout);
  Object.assign(env, billingTelemetryEnv(config, false));
  return env;
}

/**
 * TELEMETRY_DISABLE_AGGREGATION / TELEMETRY_LOG_LEVEL: with `withDefaults` always (the AWS
 * module's "false" / ""), otherwise only when set.
 */
export function billingTelemetryEnv(config: Config, withDefaults: boolean): Record<string, string> {
  const t = config.telemetry;
  const env: Record<string, string> = {};
  if (t.disableAggregation || withDefaults) env.TELEMETRY_DISABLE_AGGREGATION = String(t.disableAggregation);
  if (t.logLevel || withDefaults) env.TELEMETRY_LOG_LEVEL = t.logLevel ?? '';
  return env;
}
