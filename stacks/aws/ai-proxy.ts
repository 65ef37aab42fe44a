// The AI proxy (official module modules/services/lambda-aiproxy.tf): node, arm64, the same
// role, code pointer and layers as the APIHandler, served by a streaming function URL on the
// live alias that CloudFront routes the proxy, eval and function paths to (ingress.ts). Built in
// the Api construct's scope, so its resource names are those of the Api.
import type { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { LambdaFunction, type LambdaFunctionVpcConfig } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url/index.js';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { policyDocument } from './policy.js';
import type { ApiProps } from './api.js';
import type { lambdaCode } from './lambda-code.js';

export const AI_PROXY = 'AIProxy';
export const LIVE_ALIAS = 'live';

/** SSM parameter holding the AI proxy's function URL; Brainstore reads it at boot (official module). */
export function aiProxyUrlParameterName(config: Config): string {
  return `/braintrust/${config.name}/ai-proxy-url`;
}

/** Headers the AI proxy's function URL accepts and exposes cross-origin (official module lambda-aiproxy.tf). */
export const AI_PROXY_CORS = {
  allowCredentials: true,
  allowOrigins: ['*'],
  allowMethods: ['POST', 'GET'],
  allowHeaders: [
    'authorization',
    'content-type',
    'x-bt-org-name',
    'x-bt-project-id',
    'x-bt-auth-token',
    'x-bt-stream-fmt',
    'x-bt-use-cache',
    'x-bt-use-gateway',
    'x-bt-app-origin',
    'x-bt-parent',
    'x-stainless-os',
    'x-stainless-lang',
    'x-stainless-package-version',
    'x-stainless-runtime',
    'x-stainless-runtime-version',
    'x-stainless-arch',
  ],
  exposeHeaders: [
    'content-type',
    'keep-alive',
    'access-control-allow-credentials',
    'access-control-allow-origin',
    'access-control-allow-methods',
    'x-bt-internal-trace-id',
    'x-bt-span-id',
    'x-bt-error-origin',
    'x-bt-used-endpoint',
  ],
  maxAge: 86400,
};

export interface AiProxyArgs {
  props: ApiProps;
  /** The APIHandler's role: the module runs both functions under it. */
  role: IamRole;
  environment: Record<string, string>;
  /** Where the published build is (lambdaCode()). */
  code: ReturnType<typeof lambdaCode>;
  layers: string[];
  vpcConfig: LambdaFunctionVpcConfig;
  logGroup: CloudwatchLogGroup;
  dependsOn: ITerraformDependable[];
}

export interface AiProxy {
  fn: LambdaFunction;
  url: LambdaFunctionUrl;
  urlParameter: SsmParameter;
  invokeRole: IamRole;
  environment: Record<string, string>;
}

export function addAiProxy(scope: Construct, a: AiProxyArgs): AiProxy {
  const { props } = a;
  const { config } = props;
  const aiProxy = new LambdaFunction(scope, 'ai_proxy', {
    functionName: resourceName(config, AI_PROXY),
    ...a.code,
    role: a.role.arn,
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    architectures: ['arm64'],
    memorySize: 10240,
    timeout: 900,
    publish: true,
    kmsKeyArn: props.kmsKeyArn,
    layers: a.layers,
    ephemeralStorage: { size: 1024 },
    environment: { variables: a.environment },
    vpcConfig: a.vpcConfig,
    loggingConfig: { logFormat: 'Text', logGroup: a.logGroup.name },
    dependsOn: [a.logGroup, ...a.dependsOn],
  });
  const aiProxyLive = new LambdaAlias(scope, 'ai_proxy_live', {
    name: LIVE_ALIAS,
    functionName: aiProxy.functionName,
    functionVersion: aiProxy.version,
  });
  const aiProxyUrl = new LambdaFunctionUrl(scope, 'ai_proxy_url', {
    functionName: aiProxy.functionName,
    qualifier: aiProxyLive.name,
    authorizationType: 'NONE',
    invokeMode: 'RESPONSE_STREAM',
    cors: AI_PROXY_CORS,
  });
  // Public like the API itself: the AI proxy authenticates every request with the caller's
  // Braintrust API key.
  new LambdaPermission(scope, 'ai_proxy_url_invoke', {
    statementId: 'AllowFunctionURLInvoke',
    action: 'lambda:InvokeFunctionUrl',
    functionName: aiProxy.functionName,
    qualifier: aiProxyLive.name,
    principal: '*',
    functionUrlAuthType: 'NONE',
  });
  // Since October 2025 a public function URL also needs lambda:InvokeFunction granted for calls
  // that come through the URL (invoked_via_function_url), or every request gets 403 (official
  // module aws_lambda_permission.ai_proxy_invoke). The argument exists from AWS provider 6.29.0
  // on, newer than the binding: set it by override (the stack raises the provider constraint,
  // see provider-version.ts).
  const viaUrl = new LambdaPermission(scope, 'ai_proxy_invoke_via_url', {
    statementId: 'AllowFunctionInvoke',
    action: 'lambda:InvokeFunction',
    functionName: aiProxy.functionName,
    qualifier: aiProxyLive.name,
    principal: '*',
  });
  viaUrl.addOverride('invoked_via_function_url', true);
  const urlParameter = new SsmParameter(scope, 'ai_proxy_url_parameter', {
    name: aiProxyUrlParameterName(config),
    description: `Function URL of the Braintrust AI proxy (${config.name}); read by Brainstore at boot`,
    type: 'String',
    value: aiProxyUrl.functionUrl,
  });
  // The APIHandler invokes the AI proxy directly through this role (official module).
  const aiProxyInvokeRole = new IamRole(scope, 'ai_proxy_invoke_role', {
    name: resourceName(config, 'AIProxyInvokeRole'),
    assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { AWS: a.role.arn }, Action: 'sts:AssumeRole' }]),
  });
  new IamRolePolicy(scope, 'ai_proxy_invoke_policy', {
    name: 'AIProxyInvokeRolePolicy',
    role: aiProxyInvokeRole.id,
    policy: policyDocument([
      { Sid: 'InvokeAIProxy', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [aiProxy.arn, `${aiProxy.arn}:*`] },
    ]),
  });

  return { fn: aiProxy, url: aiProxyUrl, urlParameter, invokeRole: aiProxyInvokeRole, environment: a.environment };
}
