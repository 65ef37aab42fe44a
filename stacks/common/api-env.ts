// The API environment, built from Config in one function for every target: the AWS Lambda
// environment, the Helm values on GCP/Azure and the docker-compose .env all come from here.
// Variable names are the ones the data plane reads (official module
// modules/services/lambda-apihandler.tf, Helm chart templates/api-configmap.yaml, and the
// self-hosting docs "Configuring Rate-Limits" / "Customizing the webapp URL").
import { DEFAULT_TELEMETRY_TYPES, TELEMETRY_TYPES, type Config } from '../../src/config/schema.js';
import { billingTelemetryEnv, settingsApiEnv } from './settings-env.js';

/** Telemetry kinds the data plane understands (CONTROL_PLANE_TELEMETRY). */
export function telemetryValue(config: Config): string {
  const t = config.telemetry;
  if (!t.enabled) return '';
  // telemetry.types (default status,metrics,usage) plus the older logs/traces switches.
  const kinds = new Set<string>(t.types ?? DEFAULT_TELEMETRY_TYPES);
  if (t.logs) kinds.add('logs');
  if (t.traces) kinds.add('traces');
  return TELEMETRY_TYPES.filter((k) => kinds.has(k)).join(',');
}

export interface ApiEnvRefs {
  /** The data plane's own URL (a Terraform reference or literal); used when proxyControlPlane is on. */
  dataPlaneUrl?: string;
  /** Cloud-specific wiring: database, redis, buckets, brainstore URLs... */
  [name: string]: string | undefined;
}

export interface ApiEnvOptions {
  /** Kubernetes and compose run the API under cgroup memory limits: NODE_MEMORY_PERCENT applies. */
  containerized: boolean;
}

/** BRAINTRUST_APP_URL / BRAINTRUST_APP_PUBLIC_URL as the advanced self-hosting docs describe. */
export function appUrls(config: Config, dataPlaneUrl?: string): { appUrl: string; publicUrl: string } {
  const u = config.urls;
  if (u.proxyControlPlane) {
    // SDKs talk only to the data plane: it proxies the control plane endpoints.
    return { appUrl: dataPlaneUrl ?? u.appUrl, publicUrl: u.publicUrl ?? '' };
  }
  return { appUrl: u.appUrl, publicUrl: u.publicUrl ?? u.appUrl };
}

/** The environment settings that come from config (no secrets: those are injected by reference). */
export function apiEnvironment(config: Config, refs: ApiEnvRefs = {}, opts: ApiEnvOptions = { containerized: false }): Record<string, string> {
  const { dataPlaneUrl, ...wiring } = refs;
  const urls = appUrls(config, dataPlaneUrl);
  const env: Record<string, string> = {
    ORG_NAME: config.orgName,
    BRAINTRUST_DEPLOYMENT_NAME: config.name,
    BRAINTRUST_APP_URL: urls.appUrl,
    BRAINTRUST_APP_PUBLIC_URL: urls.publicUrl,
    OUTBOUND_RATE_LIMIT_MAX_REQUESTS: String(config.rateLimit.maxRequests),
    OUTBOUND_RATE_LIMIT_WINDOW_MINUTES: String(config.rateLimit.windowMinutes),
    CONTROL_PLANE_TELEMETRY: telemetryValue(config),
    BRAINSTORE_ENABLED: 'true',
    // Emit v3 span ids from the SDKs until the v4 migration is complete (official module and chart).
    BRAINTRUST_LEGACY_IDS: 'true',
    ...dataPathApiEnv(config),
  };
  if (opts.containerized) env.NODE_MEMORY_PERCENT = String(config.api.nodeMemoryPercent);
  for (const [k, v] of Object.entries(wiring)) if (v !== undefined) env[k] = v;
  // security: and telemetry: settings win over the wiring's defaults (officialApiDefaults).
  Object.assign(env, settingsApiEnv(config));
  // The user's escape hatch comes last: support may ask to override anything above.
  return { ...env, ...(config.api.extraEnv ?? {}) };
}

/**
 * Settings the official AWS module gives the API with their defaults there: no primary org or
 * org allowlist beyond ORG_NAME, no extra CORS origins, billing telemetry aggregated at the
 * default log level. Used by the AWS runtimes (Lambda, ECS); apiEnvironment() puts the
 * config's own values (security:, telemetry:) over these.
 */
export function officialApiDefaults(config?: Config): Record<string, string> {
  return {
    PRIMARY_ORG_NAME: '',
    ALLOWED_ORG_IDS: '',
    WHITELISTED_ORIGINS: '',
    TELEMETRY_DISABLE_AGGREGATION: 'false',
    TELEMETRY_LOG_LEVEL: '',
    // With a config: its security:/telemetry: values in place of the defaults.
    ...(config ? { ...settingsApiEnv(config), ...billingTelemetryEnv(config, true) } : {}),
  };
}

/**
 * The one-way data path settings, only when the config has them (`init` writes them for new
 * installs; an existing deployment keeps running without them until it opts in):
 * SKIP_PG_FOR_BRAINSTORE_OBJECTS, BRAINSTORE_WAL_FOOTER_VERSION, and the efficient WAL format
 * that either implies (official module lambda-apihandler.tf, chart api-configmap.yaml).
 */
export function dataPathApiEnv(config: Config): Record<string, string> {
  const { skipPgForObjects, walFooterVersion } = config.brainstore;
  const env: Record<string, string> = {};
  if (walFooterVersion) env.BRAINSTORE_WAL_FOOTER_VERSION = walFooterVersion;
  if (skipPgForObjects) env.SKIP_PG_FOR_BRAINSTORE_OBJECTS = skipPgForObjects;
  if (walFooterVersion || skipPgForObjects) env.BRAINSTORE_WAL_USE_EFFICIENT_FORMAT = 'true';
  return env;
}

/**
 * Brainstore's environment from config, on every cloud: telemetry, the objects whose async
 * scoring and log automations run from Brainstore (the official user data sets both to the
 * skip-PG value), and brainstore.extraEnv last.
 */
export function brainstoreConfigEnv(config: Config): Record<string, string> {
  const skip = config.brainstore.skipPgForObjects;
  return {
    ...brainstoreTelemetryEnv(config),
    ...(skip ? { BRAINSTORE_ASYNC_SCORING_OBJECTS: skip, BRAINSTORE_LOG_AUTOMATIONS_OBJECTS: skip } : {}),
    ...(config.brainstore.extraEnv ?? {}),
  };
}

/** Brainstore reads the telemetry setting under its own name. */
export function brainstoreTelemetryEnv(config: Config): Record<string, string> {
  return { BRAINSTORE_CONTROL_PLANE_TELEMETRY: telemetryValue(config) };
}
