// The API on Lambda (official module modules/services): APIHandler behind the ingress,
// AIProxy behind its own streaming function URL (CloudFront routes the proxy, eval and function
// paths there: API Gateway neither streams nor waits past ~29 s), and MigrateDatabaseFunction,
// invoked on every apply that changes it, so an upgrade migrates the schema before the new API
// version takes traffic. Environment from apiEnvironment(); secrets reach the functions as ARNs
// only (see secrets-layer.ts).
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
import { awsApiEnvironment } from './api-environment.js';
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
  brainstore: { url: string; writerUrl: string };
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
  /** false: the migration function only (api.runtime ecs without a Lambda standby; api-ecs.ts). */
  handlers?: boolean;
}

export class Api extends Construct {
  readonly apiHandlerName: string;
  readonly migrateFunctionName: string;
  readonly environment: Record<string, string>;
  readonly aiProxyEnvironment: Record<string, string>;
  /** https://<id>.lambda-url.<region>.on.aws/ of the AI proxy's live alias. */
  readonly aiProxyUrl: string;
  readonly aiProxyName: string;
  /** The SSM parameter with aiProxyUrl (aiProxyUrlParameterName()). */
  readonly aiProxyUrlParameter?: SsmParameter;
  /** The schema migration run on each release; the API (Lambda or ECS) starts after it. */
  readonly migration: LambdaInvocation;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    const region = config.region ?? '';
    const production = config.tier === 'production';
    const vpcConfig = { subnetIds: props.subnetIds, securityGroupIds: [props.securityGroupId] };

    const secretEnv = secretEnvSpec({
      PG_URL: { secretArn: props.database.secretArn, key: 'url' },
      REDIS_URL: { secretArn: props.redis.secretArn, key: 'url' },
      FUNCTION_SECRET_KEY: { secretArn: props.serviceSecretArn, key: SERVICE_SECRET_KEYS.functionSecret },
      SERVICE_TOKEN_SECRET_KEY: { secretArn: props.serviceSecretArn, key: SERVICE_SECRET_KEYS.serviceToken },
    });
    // Shared by APIHandler and AIProxy (the module's api_common_env_vars); only the data plane
    // URL differs (see ApiProps.apiGatewayUrl).
    const commonEnvironment = (dataPlaneUrl: string) => awsApiEnvironment(config, {
      dataPlaneUrl,
      database: props.database,
      redis: props.redis,
      buckets: { brainstore: props.buckets.brainstore.name, codeBundle: props.buckets.codeBundle.name, responses: props.buckets.responses.name },
      brainstore: props.brainstore,
    }, { runtime: 'lambda', secretEnv });

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
    if (props.handlers === false) {
      this.apiHandlerName = this.aiProxyName = this.aiProxyUrl = '';
      this.environment = this.aiProxyEnvironment = {};
      return;
    }

    // --- APIHandler: node, arm64, behind API Gateway + CloudFront.
    const handlerName = functionName(config, API_HANDLER);
    const bucketObjects = (b: BucketRef) => `${b.arn}/*`;
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
    ]);

    const aiProxy = addAiProxy(this, {
      props,
      role: handlerRole,
      environment: commonEnvironment(props.apiGatewayUrl),
      code: lambdaCode(this, AI_PROXY, config),
      layers: [duckdbLayerArn(region), props.secretsLayerArn],
      vpcConfig,
      logGroup: this.logGroup('ai_proxy_logs', functionName(config, AI_PROXY), props),
      dependsOn: [migration, props.redis.secretValue, props.serviceSecretValue],
    });
    this.aiProxyEnvironment = aiProxy.environment;
    this.aiProxyUrlParameter = aiProxy.urlParameter;

    this.environment = {
      ...commonEnvironment(props.dataPlaneUrl),
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

    this.apiHandlerName = handler.functionName;
    this.aiProxyName = aiProxy.fn.functionName;
    this.aiProxyUrl = aiProxy.url.functionUrl;
  }

  private role(id: string, name: string, statements: PolicyStatement[]): IamRole {
    const role = new IamRole(this, id, { name, assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com') });
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
