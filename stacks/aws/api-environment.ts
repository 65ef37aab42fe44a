// The AWS API environment for both runtimes, from the one builder (stacks/common/api-env.ts):
// the wiring list (data stores, buckets, Brainstore, quarantine, the official defaults) is
// written once here and used by the Lambda functions (api.ts) and the ECS services
// (api-ecs.ts). Only what a runtime needs to start differs: the Lambda secrets wrapper, or the
// ECS container's port, its in-process AI proxy, CloudWatch metrics and the switches that leave
// the background work to the cron functions (official module modules/api-ecs/locals.tf).
import type { Config } from '../../src/config/schema.js';
import { apiEnvironment, officialApiDefaults } from '../common/api-env.js';
import { EXEC_WRAPPER_PATH, SECRET_ENV_VARIABLE } from './secrets-layer.js';

/** Queries the API sends to the fast-reader tier (official module default_fast_reader_query_sources). */
export const FAST_READER_QUERY_SOURCES = [
  'summaryPaginatedObjectViewer [realtime]',
  'summaryPaginatedObjectViewer',
  'a602c972-1843-4ee1-b6bc-d3c1075cd7e7',
  'traceQueryFn-id',
  'traceQueryFn-rootSpanId',
  'fullSpanQueryFn-root_span_id',
  'fullSpanQueryFn-id',
];

export function fastReaderEnv(url: string | undefined): Record<string, string> {
  return url ? { BRAINSTORE_FAST_READER_URL: url, BRAINSTORE_FAST_READER_QUERY_SOURCES: FAST_READER_QUERY_SOURCES.join(',') } : {};
}

export interface AwsApiWiring {
  /** The public URL of this data plane (used when urls.proxyControlPlane is on). */
  dataPlaneUrl: string;
  database: { host: string; port: number; secretArn: string };
  redis: { host: string; port: number; secretArn: string };
  buckets: { brainstore: string; codeBundle: string; responses: string };
  brainstore: { url: string; writerUrl: string; fastReaderUrl?: string };
  /** QUARANTINE_* (quarantine.ts, or disabledQuarantineEnv() when quarantine is off). */
  quarantine: Record<string, string>;
  /** CatchupETL's ARN: the API starts Brainstore backfills on demand (absent for the AI proxy). */
  catchupEtlArn?: string;
  /**
   * ECS only: the AI proxy quarantined functions call (official QUARANTINE_PROXY_URL = the
   * Lambda AI proxy's URL when the Lambda services exist, else empty).
   */
  quarantineProxyUrl?: string;
}

/** The container port of public.ecr.aws/braintrust/standalone-api. */
export const ECS_API_PORT = 8000;

export type AwsApiRuntimeEnv =
  | { runtime: 'lambda'; /** BRAINTRUST_SECRET_ENV for the secrets wrapper (secretEnvSpec()). */ secretEnv: string }
  | { runtime: 'ecs'; /** braintrust-api, braintrust-api-ingest or braintrust-api-background. */ service: string };

export function awsApiEnvironment(config: Config, w: AwsApiWiring, rt: AwsApiRuntimeEnv): Record<string, string> {
  const wiring: Record<string, string> = {
    ...officialApiDefaults(),
    ...w.quarantine,
    PG_HOST: w.database.host,
    PG_PORT: String(w.database.port),
    DATABASE_SECRETS_ARN: w.database.secretArn,
    REDIS_HOST: w.redis.host,
    REDIS_PORT: String(w.redis.port),
    REDIS_SECRET_ARN: w.redis.secretArn,
    RESPONSE_BUCKET: w.buckets.responses,
    CODE_BUNDLE_BUCKET: w.buckets.codeBundle,
    BRAINSTORE_URL: w.brainstore.url,
    BRAINSTORE_WRITER_URL: w.brainstore.writerUrl,
    BRAINSTORE_REALTIME_WAL_BUCKET: w.buckets.brainstore,
    BRAINSTORE_DEFAULT: 'force',
    BRAINSTORE_INSERT_ROW_REFS: 'true',
    ...fastReaderEnv(w.brainstore.fastReaderUrl),
    ...(w.catchupEtlArn ? { CATCHUP_ETL_ARN: w.catchupEtlArn } : {}),
  };
  if (rt.runtime === 'lambda') {
    return apiEnvironment(config, { dataPlaneUrl: w.dataPlaneUrl, ...wiring, AWS_LAMBDA_EXEC_WRAPPER: EXEC_WRAPPER_PATH, [SECRET_ENV_VARIABLE]: rt.secretEnv });
  }
  const local = `http://127.0.0.1:${ECS_API_PORT}`;
  return apiEnvironment(config, {
    dataPlaneUrl: w.dataPlaneUrl,
    ...wiring,
    INSERT_LOGS2: 'true',
    TS_API_HOST: '0.0.0.0',
    TS_API_PORT: String(ECS_API_PORT),
    // The AI proxy runs in the same process: no function URL, no invoke role.
    AI_PROXY_FN_URL: local,
    PROXY_URL: `${local}/v1/proxy`,
    TS_API_ASYNC_SCORING_PROXY_URL: local,
    // EventLoopUtilizationPercent / EventLoopDelayMeanMs in Braintrust/Api drive autoscaling.
    ENABLE_CLOUDWATCH_METRICS: 'true',
    CLOUDWATCH_METRICS_SERVICE_NAME: rt.service,
    CLOUDWATCH_METRICS_DEPLOYMENT_NAME: config.name,
    // The cron functions (crons.ts, kept in ECS mode as in the official module) run the
    // automations and background loops: the long-running tasks leave them alone.
    DISABLE_LOCAL_BACKGROUND_LOOPS: 'true',
    AUTOMATION_CRON_MAX_CONCURRENCY: '0',
    BRAINSTORE_DISABLE_ETL_LOOP: 'true',
    // The official module's explicit defaults for the ECS API.
    DISABLE_ASYNC_SCORING: 'false',
    DISABLE_ATTACHMENT_OPTIMIZATION: 'false',
    ENABLE_DEEP_SEARCH_LOGGING: 'false',
    ENABLE_RUNTIME_METRICS: 'false',
    QUARANTINE_PROXY_URL: w.quarantineProxyUrl ?? '',
  }, { containerized: true });
}
