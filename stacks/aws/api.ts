// The API on Lambda (official module modules/services): APIHandler behind the ingress,
// AIProxy behind its own streaming function URL (CloudFront routes the proxy, eval and function
// paths there: API Gateway neither streams nor waits past ~29 s), and MigrateDatabaseFunction,
// invoked on every apply that changes it, so an upgrade migrates the schema before the new API
// version takes traffic. Environment from awsApiEnvironment() (api-environment.ts, shared with
// the ECS services); secrets reach the functions as ARNs only (see secrets-layer.ts). Under
// api.runtime ecs without a Lambda standby (handlers: false) only the APIHandler role,
// quarantine, the crons and the migration stay here, as in the official module's ECS mode.
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias/index.js';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { LambdaProvisionedConcurrencyConfig } from '@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import type { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { Config } from '../../src/config/schema.js';
import { officialApiDefaults, telemetryValue } from '../common/api-env.js';
import { awsApiEnvironment, type AwsApiWiring } from './api-environment.js';
export { FAST_READER_QUERY_SOURCES } from './api-environment.js';
import { addCrons, type Crons } from './crons.js';
import { Quarantine, disabledQuarantineEnv } from './quarantine.js';
import { resourceName } from '../common/naming.js';
import { lambdaCode } from './lambda-code.js';
import { addAiProxy } from './ai-proxy.js';
import { AI_PROXY, LIVE_ALIAS } from './ai-proxy.js';
export { AI_PROXY, LIVE_ALIAS, AI_PROXY_CORS, aiProxyUrlParameterName } from './ai-proxy.js';
import { policyDocument, readSecretsStatements, serviceTrustPolicy, type PolicyStatement } from './policy.js';
import { EXEC_WRAPPER_PATH, SECRET_ENV_VARIABLE, secretEnvSpec } from './secrets-layer.js';
import { SERVICE_SECRET_KEYS } from './secrets.js';
import type { BucketRef } from './storage.js';
import { imageTag, logRetentionDays } from './versions.js';

export const API_HANDLER = 'APIHandler';
export const MIGRATE_DATABASE = 'MigrateDatabaseFunction';
export const QUARANTINE_WARMUP = 'QuarantineWarmupFunction';

/** ElastiCache lookups, only of this deployment's cache (official module ElasticacheAccess). */
function describeOwnCache(config: Config): PolicyStatement {
  return {
    Sid: 'DescribeOwnCache',
    Effect: 'Allow',
    Action: 'elasticache:DescribeCacheClusters',
    Resource: '*',
    Condition: { StringEquals: { 'aws:ResourceTag/BraintrustDeploymentName': config.name } },
  };
}

export function functionName(config: Config, fn: string): string {
  return resourceName(config, fn);
}

/** DuckDB native module for the API (official module lambda-apihandler.tf). */
export function duckdbLayerArn(region: string): string {
  return `arn:aws:lambda:${region}:041475135427:layer:duckdb-nodejs-arm64:14`;
}

export interface DataStoreRef {
  host: string;
  port: number;
  secretArn: string;
  /** The secret's value, read at cold start. */
  secretValue: ITerraformDependable;
}

export interface ApiProps {
  config: Config;
  subnetIds: string[];
  securityGroupId: string;
  kmsKeyArn: string;
  database: DataStoreRef;
  redis: DataStoreRef;
  serviceSecretArn: string;
  serviceSecretValue: ITerraformDependable;
  buckets: { brainstore: BucketRef; codeBundle: BucketRef; responses: BucketRef };
  brainstore: { url: string; writerUrl: string; fastReaderUrl?: string };
  secretsLayerArn: string;
  /** The public URL of this data plane (CloudFront); used when urls.proxyControlPlane is on. */
  dataPlaneUrl: string;
  /**
   * The same API without CloudFront (the API Gateway stage), for the AI proxy when
   * urls.proxyControlPlane is on: CloudFront routes to the AI proxy's URL, so the AI proxy
   * naming CloudFront would be a cycle.
   */
  apiGatewayUrl: string;
  /** API Gateway execution ARN allowed to invoke the handler. */
  restApiExecutionArn: string;
  accountId: string;
  /** false: no APIHandler or AI proxy (api.runtime ecs without a Lambda standby; api-ecs.ts). */
  handlers?: boolean;
  /**
   * The ECS services run under the APIHandler role, as in the official module
   * (services-common enable_ecs): it trusts ecs-tasks.amazonaws.com and may publish the
   * autoscaling metrics.
   */
  ecsTasks?: boolean;
}

export class Api extends Construct {
  readonly apiHandlerName: string;
  readonly migrateFunctionName: string;
  readonly environment: Record<string, string>;
  readonly aiProxyEnvironment: Record<string, string>;
  /** https://<id>.lambda-url.<region>.on.aws/ of the AI proxy's live alias. */
  readonly aiProxyUrl: string;
  readonly aiProxyName: string;
  /** The SSM parameter with aiProxyUrl (aiProxyUrlParameterName()); absent without handlers. */
  readonly aiProxyUrlParameter?: SsmParameter;
  /** The schema migration run on each release; the API (Lambda or ECS) starts after it. */
  readonly migration: LambdaInvocation;
  /** APIHandlerRole: the Lambda API's role, and the ECS tasks' role when ecsTasks is set. */
  readonly apiRole: IamRole;
  /** The wiring of the API environment (awsApiEnvironment()), for the ECS services too. */
  readonly wiring: AwsApiWiring;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    const region = config.region ?? '';
    const production = config.tier === 'production';
    const vpcConfig = { subnetIds: props.subnetIds, securityGroupIds: [props.securityGroupId] };

    const secretEnv = secretEnvSpec({
      PG_URL: { secretArn: props.database.secretArn, key: 'url' },
      REDIS_URL: { secretArn: props.redis.secretArn, key: 'url' },
      // One key for both, shared with Brainstore (official module function_tools_secret).
      FUNCTION_SECRET_KEY: { secretArn: props.serviceSecretArn, key: SERVICE_SECRET_KEYS.functionSecret },
      SERVICE_TOKEN_SECRET_KEY: { secretArn: props.serviceSecretArn, key: SERVICE_SECRET_KEYS.functionSecret },
      CRON_OVERRIDE_SECRET_KEY: { secretArn: props.serviceSecretArn, key: SERVICE_SECRET_KEYS.cronOverride },
    });
    // --- MigrateDatabaseFunction: python, x86_64, as published by Braintrust.
    const migrateName = functionName(config, MIGRATE_DATABASE);
    const migrateRole = this.role('migrate_role', resourceName(config, 'migrate-database'), [
      ...readSecretsStatements([props.database.secretArn], props.kmsKeyArn),
    ]);
    const migrateLogs = this.logGroup('migrate_logs', migrateName, props);
    const migrate = new LambdaFunction(this, 'migrate_database', {
      functionName: migrateName,
      ...lambdaCode(this, MIGRATE_DATABASE, config),
      role: migrateRole.arn,
      handler: 'lambda_function.lambda_handler',
      runtime: 'python3.13',
      memorySize: 1024,
      timeout: 900,
      publish: true,
      kmsKeyArn: props.kmsKeyArn,
      layers: [props.secretsLayerArn],
      environment: {
        variables: {
          BRAINTRUST_LEGACY_IDS: 'true',
          BRAINTRUST_RUN_DRAFT_MIGRATIONS: 'false',
          INSERT_LOGS2: 'true',
          AWS_LAMBDA_EXEC_WRAPPER: EXEC_WRAPPER_PATH,
          [SECRET_ENV_VARIABLE]: secretEnvSpec({ PG_URL: { secretArn: props.database.secretArn, key: 'url' } }),
        },
      },
      vpcConfig,
      loggingConfig: { logFormat: 'Text', logGroup: migrateLogs.name },
      dependsOn: [migrateLogs, props.database.secretValue],
    });
    new LambdaAlias(this, 'migrate_live', { name: LIVE_ALIAS, functionName: migrate.functionName, functionVersion: migrate.version });
    // Runs the schema migration whenever a new function version is published (new release).
    const migration = new LambdaInvocation(this, 'run_migrations', {
      functionName: migrate.functionName,
      qualifier: migrate.version,
      input: JSON.stringify({}),
      triggers: { function_version: migrate.version, release: imageTag(config) },
    });
    this.migration = migration;
    this.migrateFunctionName = migrate.functionName;

    // --- APIHandler: node, arm64, behind API Gateway + CloudFront.
    const handlerName = functionName(config, API_HANDLER);
    const bucketObjects = (b: BucketRef) => `${b.arn}/*`;
    const trusted = props.ecsTasks ? ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] : ['lambda.amazonaws.com'];
    const handlerRole = this.role('api_role', resourceName(config, 'api-handler'), [
      {
        Sid: 'Buckets',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:GetBucketLocation'],
        Resource: [props.buckets.brainstore.arn, props.buckets.codeBundle.arn, props.buckets.responses.arn],
      },
      {
        Sid: 'Objects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        Resource: [bucketObjects(props.buckets.brainstore), bucketObjects(props.buckets.codeBundle), bucketObjects(props.buckets.responses)],
      },
      { Sid: 'EncryptObjects', Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Encrypt'], Resource: props.kmsKeyArn },
      ...readSecretsStatements([props.database.secretArn, props.redis.secretArn, props.serviceSecretArn], props.kmsKeyArn),
      describeOwnCache(config),
      // S3 export: the API assumes a role the customer names, with Braintrust's external id
      // prefix (official module AssumeRoleInCustomerAccountForS3Export).
      { Sid: 'AssumeRoleForS3Export', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringLike: { 'sts:ExternalId': 'bt:*' } } },
    ], trusted);
    this.apiRole = handlerRole;
    if (props.ecsTasks) {
      // The ECS tasks publish the event-loop metrics their autoscaling reads (official
      // api_handler_cloudwatch_metrics).
      new IamRolePolicy(this, 'api_role_ecs_metrics', {
        name: 'cloudwatch-autoscaling-metrics',
        role: handlerRole.id,
        policy: policyDocument([{
          Sid: 'CloudWatchAutoscalingMetrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': 'Braintrust/Api' } },
        }]),
      });
    }

    // User-defined functions run in the quarantine VPC (quarantine.ts), on unless turned off.
    const quarantine = config.quarantine.enabled
      ? new Quarantine(this, 'quarantine', { config, apiRole: handlerRole, accountId: props.accountId })
      : undefined;
    // The wiring list of the API environment, the same for every runtime (api-environment.ts).
    const wiring: AwsApiWiring = {
      dataPlaneUrl: props.dataPlaneUrl,
      database: { host: props.database.host, port: props.database.port, secretArn: props.database.secretArn },
      redis: { host: props.redis.host, port: props.redis.port, secretArn: props.redis.secretArn },
      buckets: { brainstore: props.buckets.brainstore.name, codeBundle: props.buckets.codeBundle.name, responses: props.buckets.responses.name },
      brainstore: props.brainstore,
      quarantine: quarantine ? quarantine.environment : disabledQuarantineEnv(),
    };
    const handlers = props.handlers !== false;

    // The AI proxy (the module's api_common_env_vars): the same API without CloudFront as its
    // data plane URL (see ApiProps.apiGatewayUrl), no CatchupETL.
    const aiProxy = handlers
      ? addAiProxy(this, {
          props,
          role: handlerRole,
          environment: awsApiEnvironment(config, { ...wiring, dataPlaneUrl: props.apiGatewayUrl }, { runtime: 'lambda', secretEnv }),
          code: lambdaCode(this, AI_PROXY, config),
          layers: [duckdbLayerArn(region), props.secretsLayerArn],
          vpcConfig,
          logGroup: this.logGroup('ai_proxy_logs', functionName(config, AI_PROXY), props),
          dependsOn: [migration, props.redis.secretValue, props.serviceSecretValue],
        })
      : undefined;
    this.aiProxyEnvironment = aiProxy?.environment ?? {};
    this.aiProxyUrlParameter = aiProxy?.urlParameter;

    // --- Scheduled functions (crons.ts): AutomationCron under the APIHandler's role, the others
    // under a role that reads only the data stores' and service secrets.
    const cronRole = this.role('cron_role', resourceName(config, 'scheduled'), [
      ...readSecretsStatements([props.database.secretArn, props.redis.secretArn, props.serviceSecretArn], props.kmsKeyArn),
      describeOwnCache(config),
    ]);
    const secretRef = (name: string, secretArn: string, key: string) => ({ [name]: { secretArn, key } });
    const dataStores = {
      ...secretRef('PG_URL', props.database.secretArn, 'url'),
      ...secretRef('REDIS_URL', props.redis.secretArn, 'url'),
    };
    const cronBase = {
      ORG_NAME: config.orgName,
      BRAINTRUST_LEGACY_IDS: 'true',
      REDIS_HOST: props.redis.host,
      REDIS_PORT: String(props.redis.port),
      AWS_LAMBDA_EXEC_WRAPPER: EXEC_WRAPPER_PATH,
    };
    const brainstoreRefs = {
      BRAINSTORE_ENABLED: 'true',
      BRAINSTORE_URL: props.brainstore.url,
      BRAINSTORE_WRITER_URL: props.brainstore.writerUrl,
      BRAINSTORE_REALTIME_WAL_BUCKET: props.buckets.brainstore.name,
    };
    const defaults = officialApiDefaults(config);
    const crons: Crons = addCrons(this, {
      config,
      kmsKeyArn: props.kmsKeyArn,
      vpcConfig,
      duckdbLayerArn: duckdbLayerArn(region),
      secretsLayerArn: props.secretsLayerArn,
      apiRole: handlerRole,
      cronRole,
      environment: {
        automation: {
          ...cronBase,
          ...brainstoreRefs,
          BRAINSTORE_BACKFILL_ENABLE_NONHISTORICAL: 'force',
          [SECRET_ENV_VARIABLE]: secretEnvSpec({
            ...dataStores,
            ...secretRef('FUNCTION_SECRET_KEY', props.serviceSecretArn, SERVICE_SECRET_KEYS.functionSecret),
            ...secretRef('CRON_OVERRIDE_SECRET_KEY', props.serviceSecretArn, SERVICE_SECRET_KEYS.cronOverride),
          }),
        },
        billing: {
          ...cronBase,
          CONTROL_PLANE_TELEMETRY: telemetryValue(config),
          TELEMETRY_DISABLE_AGGREGATION: defaults.TELEMETRY_DISABLE_AGGREGATION,
          TELEMETRY_LOG_LEVEL: defaults.TELEMETRY_LOG_LEVEL,
          [SECRET_ENV_VARIABLE]: secretEnvSpec({
            ...dataStores,
            ...secretRef('SERVICE_TOKEN_SECRET_KEY', props.serviceSecretArn, SERVICE_SECRET_KEYS.functionSecret),
          }),
        },
        catchup: { ...cronBase, ...brainstoreRefs, [SECRET_ENV_VARIABLE]: secretEnvSpec(dataStores) },
      },
      logGroup: (id, fnName) => this.logGroup(id, fnName, props),
      dependsOn: [migration, props.database.secretValue, props.redis.secretValue, props.serviceSecretValue],
    });
    // The API starts Brainstore backfills on demand (official module CatchupETLInvoke).
    new IamRolePolicy(this, 'api_role_invoke_catchup', {
      name: 'invoke-catchup-etl',
      role: handlerRole.id,
      policy: policyDocument([{ Sid: 'CatchupETLInvoke', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: crons.catchupEtl.arn }]),
    });

    this.wiring = { ...wiring, catchupEtlArn: crons.catchupEtl.arn, ...(aiProxy ? { quarantineProxyUrl: aiProxy.url.functionUrl } : {}) };

    if (!aiProxy) {
      this.apiHandlerName = this.aiProxyName = this.aiProxyUrl = '';
      this.environment = {};
      return;
    }
    this.environment = {
      ...awsApiEnvironment(config, this.wiring, { runtime: 'lambda', secretEnv }),
      // APIHandler only (the module's api_handler_specific_env_vars).
      AI_PROXY_FN_ARN: aiProxy.fn.arn,
      AI_PROXY_FN_URL: aiProxy.url.functionUrl,
      AI_PROXY_INVOKE_ROLE: aiProxy.invokeRole.arn,
      INSERT_LOGS2: 'true',
    };
    const handlerLogs = this.logGroup('api_logs', handlerName, props);
    const handler = new LambdaFunction(this, 'api_handler', {
      functionName: handlerName,
      ...lambdaCode(this, API_HANDLER, config),
      role: handlerRole.arn,
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      memorySize: 10240,
      timeout: 600,
      publish: true,
      kmsKeyArn: props.kmsKeyArn,
      layers: [duckdbLayerArn(region), props.secretsLayerArn],
      ephemeralStorage: { size: 4096 },
      environment: { variables: this.environment },
      vpcConfig,
      loggingConfig: { logFormat: 'Text', logGroup: handlerLogs.name },
      // Migrations first: the new API must never run against the old schema.
      dependsOn: [handlerLogs, migration, props.redis.secretValue, props.serviceSecretValue],
    });
    const live = new LambdaAlias(this, 'api_live', { name: LIVE_ALIAS, functionName: handler.functionName, functionVersion: handler.version });
    if (production) {
      new LambdaProvisionedConcurrencyConfig(this, 'api_warm', {
        functionName: handler.functionName,
        qualifier: live.name,
        provisionedConcurrentExecutions: 1,
      });
    }
    new LambdaPermission(this, 'api_gateway_invoke', {
      statementId: 'AllowAPIGatewayInvoke',
      action: 'lambda:InvokeFunction',
      functionName: handler.functionName,
      qualifier: live.name,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${props.restApiExecutionArn}/*/*`,
    });

    if (quarantine) this.quarantineWarmup(props, handlerRole, handler, quarantine.environment, vpcConfig, migration);

    this.apiHandlerName = handler.functionName;
    this.aiProxyName = aiProxy.fn.functionName;
    this.aiProxyUrl = aiProxy.url.functionUrl;
  }

  /**
   * QuarantineWarmupFunction (official module lambda-quarantine-warmup.tf): prepares the
   * quarantine VPC's function environment, run once per new APIHandler version.
   */
  private quarantineWarmup(
    props: ApiProps,
    role: IamRole,
    handler: LambdaFunction,
    quarantineEnv: Record<string, string>,
    vpcConfig: { subnetIds: string[]; securityGroupIds: string[] },
    migration: LambdaInvocation,
  ): void {
    const { config } = props;
    const name = functionName(config, QUARANTINE_WARMUP);
    const logs = this.logGroup('quarantine_warmup_logs', name, props);
    const warmup = new LambdaFunction(this, 'quarantine_warmup', {
      functionName: name,
      ...lambdaCode(this, QUARANTINE_WARMUP, config),
      role: role.arn,
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      memorySize: 2048,
      timeout: 900,
      kmsKeyArn: props.kmsKeyArn,
      layers: [duckdbLayerArn(config.region ?? ''), props.secretsLayerArn],
      ephemeralStorage: { size: 4096 },
      environment: {
        variables: {
          ORG_NAME: config.orgName,
          BRAINTRUST_DEPLOYMENT_NAME: config.name,
          BRAINTRUST_LEGACY_IDS: 'true',
          REDIS_HOST: props.redis.host,
          REDIS_PORT: String(props.redis.port),
          ...quarantineEnv,
          AWS_LAMBDA_EXEC_WRAPPER: EXEC_WRAPPER_PATH,
          [SECRET_ENV_VARIABLE]: secretEnvSpec({
            PG_URL: { secretArn: props.database.secretArn, key: 'url' },
            REDIS_URL: { secretArn: props.redis.secretArn, key: 'url' },
          }),
        },
      },
      vpcConfig,
      loggingConfig: { logFormat: 'Text', logGroup: logs.name },
      dependsOn: [logs, migration, props.database.secretValue, props.redis.secretValue],
    });
    new LambdaInvocation(this, 'run_quarantine_warmup', {
      functionName: warmup.functionName,
      input: JSON.stringify({}),
      triggers: { function_version: handler.version },
    });
  }

  private role(id: string, name: string, statements: PolicyStatement[], services = ['lambda.amazonaws.com']): IamRole {
    const assumeRolePolicy = services.length === 1
      ? serviceTrustPolicy(services[0])
      : policyDocument(services.map((service) => ({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' })));
    const role = new IamRole(this, id, { name, assumeRolePolicy });
    new IamRolePolicyAttachment(this, `${id}_vpc`, {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    });
    new IamRolePolicy(this, `${id}_policy`, { name: 'braintrust', role: role.id, policy: policyDocument(statements) });
    return role;
  }

  private logGroup(id: string, fnName: string, props: ApiProps): CloudwatchLogGroup {
    return new CloudwatchLogGroup(this, id, {
      name: `/braintrust/${props.config.name}/${fnName}`,
      retentionInDays: logRetentionDays(props.config),
      kmsKeyId: props.kmsKeyArn,
    });
  }
}
