// The front door of the official module (modules/ingress): CloudFront -> API Gateway REST API
// (stage "api") -> the APIHandler "live" alias. Here the REST API is a catch-all proxy, so new
// API routes need no infrastructure change. The AI proxy, eval and function paths go from
// CloudFront straight to the AIProxy function URL instead (routeAiProxy): API Gateway cuts
// requests off at ~29 s and buffers responses, and those routes stream for minutes.
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api/index.js';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment/index.js';
import type { CloudfrontDistributionOrigin } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage/index.js';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { API_HANDLER, LIVE_ALIAS, functionName } from './api.js';
import { ECS_ORIGIN_ID, type EcsFrontDoor } from './api-ecs-alb.js';
import { CLOUDFRONT_TLS_POLICY, type AwsIngressSettings } from './ingress-tls.js';

// AWS managed policies: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const STAGE = 'api';
// The official module's x-amazon-apigateway-binary-media-types (the first, any type, makes every body binary).
export const BINARY_MEDIA_TYPES = [
  '*/*',
  'application/json',
  'application/octet-stream',
  'application/x-tar',
  'application/zip',
  'audio/basic',
  'audio/ogg',
  'audio/mp4',
  'audio/mpeg',
  'audio/wav',
  'audio/webm',
  'image/png',
  'image/jpg',
  'image/jpeg',
  'image/gif',
  'video/ogg',
  'video/mpeg',
  'video/webm',
];
const ORIGIN_ID = 'APIGatewayOrigin';
export const AI_PROXY_ORIGIN_ID = 'AIProxyOrigin';
/** Paths CloudFront sends to the AI proxy (official module modules/ingress/cloudfront.tf). */
export const AI_PROXY_PATHS = ['/v1/proxy', '/v1/proxy/*', '/v1/eval', '/v1/eval/*', '/v1/function/*/?*', '/function/*'];
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];
const CACHED_METHODS = ['GET', 'HEAD', 'OPTIONS'];
// CloudFront's longest origin wait without a quota increase; for a streamed response it is
// the longest gap between chunks, not a cap on the whole response.
// ingress.originTimeoutSeconds sets it (default 60).
function customOrigin(readTimeout: number) {
  return {
    originProtocolPolicy: 'https-only',
    httpPort: 80,
    httpsPort: 443,
    originSslProtocols: ['TLSv1.2'],
    originReadTimeout: readTimeout,
    originKeepaliveTimeout: 60,
  };
}

/**
 * With ingress.domain the official module tells the API its public hostname through this
 * origin header (the MCP server's redirects use it).
 */
function domainHeader(tls: AwsIngressSettings | undefined): Pick<CloudfrontDistributionOrigin, 'customHeader'> {
  return tls?.domain ? { customHeader: [{ name: 'X-CloudFront-Domain', value: tls.domain }] } : {};
}

/** OpenAPI body: "/" and "/{proxy+}", any method, Lambda proxy integration. */
export function proxyApiSpec(config: Config, handlerAliasArn: string): Record<string, unknown> {
  const integration = {
    type: 'aws_proxy',
    httpMethod: 'POST',
    uri: `arn:aws:apigateway:${config.region}:lambda:path/2015-03-31/functions/${handlerAliasArn}/invocations`,
    passthroughBehavior: 'when_no_match',
    contentHandling: 'CONVERT_TO_TEXT',
  };
  const anyMethod = (withProxyParam: boolean) => ({
    'x-amazon-apigateway-any-method': {
      ...(withProxyParam ? { parameters: [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }] } : {}),
      responses: {},
      'x-amazon-apigateway-integration': integration,
    },
  });
  return {
    openapi: '3.0.1',
    info: { title: resourceName(config, 'API'), version: '1.0' },
    paths: { '/': anyMethod(false), '/{proxy+}': anyMethod(true) },
    // Without binary media types API Gateway treats every body as UTF-8 text: OTLP protobuf
    // (/otel/v1/traces) and attachment uploads are corrupted, and base64 responses from the
    // handler reach clients undecoded. Same list as the official module (ingress openapi spec).
    'x-amazon-apigateway-binary-media-types': BINARY_MEDIA_TYPES,
  };
}

export interface IngressProps {
  config: Config;
  accountId: string;
  /** The ECS API's origin (api.runtime ecs, or ecs standby); absent: Lambda only. */
  ecs?: EcsFrontDoor;
  /** ingress: domain, certificate, web ACL, TLS policy, origin timeout (ingress-tls.ts). */
  tls?: AwsIngressSettings;
}

export class Ingress extends Construct {
  /** https://<ingress.domain>, else https://<distribution>.cloudfront.net: the API URL entered in the Braintrust dashboard. */
  readonly url: string;
  /** <distribution>.cloudfront.net: where the DNS record for ingress.domain points. */
  readonly distributionDomainName: string;
  readonly restApiExecutionArn: string;
  readonly distributionId: string;
  /** https://<api>.execute-api.<region>.amazonaws.com/api: the same API, without CloudFront. */
  readonly apiGatewayUrl: string;
  private readonly distribution: CloudfrontDistribution;
  private readonly apiOrigin?: CloudfrontDistributionOrigin;
  private readonly ecs?: EcsFrontDoor;
  private readonly tls?: AwsIngressSettings;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    const { config } = props;
    // api.runtime (api-ecs-alb.ts): API Gateway only while the Lambda API is deployed; the
    // default route to the ECS ALB's VPC origin while traffic is on ECS.
    const ecs = props.ecs;
    const tls = props.tls;
    this.tls = tls;
    const gateway = !ecs || ecs.lambda ? this.apiGateway(props) : undefined;
    this.apiOrigin = gateway?.origin;
    this.ecs = ecs;
    const onEcs = Boolean(ecs?.traffic);
    const distribution = new CloudfrontDistribution(this, 'cdn', {
      comment: `Braintrust data plane ${config.name}`,
      enabled: true,
      httpVersion: 'http2and3',
      priceClass: 'PriceClass_100',
      ...(tls?.domain ? { aliases: [tls.domain] } : {}),
      ...(tls?.webAclArn ? { webAclId: tls.webAclArn } : {}),
      origin: [...(this.apiOrigin ? [this.apiOrigin] : []), ...(ecs ? [ecs.origin] : [])],
      defaultCacheBehavior: {
        targetOriginId: onEcs ? ECS_ORIGIN_ID : ORIGIN_ID,
        allowedMethods: ALL_METHODS,
        cachedMethods: CACHED_METHODS,
        viewerProtocolPolicy: 'redirect-to-https',
        cachePolicyId: CACHING_DISABLED,
        originRequestPolicyId: onEcs && ecs ? ecs.originRequestPolicyId : ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      // The default *.cloudfront.net certificate takes no minimum protocol version (CloudFront fixes it).
      viewerCertificate: tls?.certificateArn
        ? { acmCertificateArn: tls.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: CLOUDFRONT_TLS_POLICY[tls.minTlsVersion] }
        : { cloudfrontDefaultCertificate: true },
    });

    this.url = tls?.domain ? `https://${tls.domain}` : `https://${distribution.domainName}`;
    this.distributionDomainName = distribution.domainName;
    this.restApiExecutionArn = gateway?.executionArn ?? '';
    this.distributionId = distribution.id;
    this.apiGatewayUrl = gateway?.invokeUrl ?? '';
    this.distribution = distribution;
  }

  /** CloudFront -> API Gateway (stage "api") -> the APIHandler live alias. */
  private apiGateway(props: IngressProps): { origin: CloudfrontDistributionOrigin; executionArn: string; invokeUrl: string } {
    const { config } = props;
    // The alias ARN is spelled out rather than referenced: the Lambda environment may refer
    // to this URL (urls.proxyControlPlane), and a reference back would be a cycle.
    const aliasArn = `arn:aws:lambda:${config.region}:${props.accountId}:function:${functionName(config, API_HANDLER)}:${LIVE_ALIAS}`;
    const body = JSON.stringify(proxyApiSpec(config, aliasArn));
    const api = new ApiGatewayRestApi(this, 'api', {
      name: resourceName(config, 'API'),
      endpointConfiguration: { types: ['REGIONAL'] },
      body,
    });
    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: api.id,
      triggers: { redeployment: Fn.sha256(api.body) },
      lifecycle: { createBeforeDestroy: true },
    });
    const stage = new ApiGatewayStage(this, 'stage', { restApiId: api.id, deploymentId: deployment.id, stageName: STAGE });

    const origin = {
      originId: ORIGIN_ID,
      domainName: `${api.id}.execute-api.${config.region}.amazonaws.com`,
      originPath: `/${STAGE}`,
      customOriginConfig: customOrigin(props.tls?.originTimeoutSeconds ?? 60),
      ...domainHeader(props.tls),
    };
    return { origin, executionArn: api.executionArn, invokeUrl: stage.invokeUrl };
  }

  /** Send the AI proxy paths to the AIProxy function URL (https://<id>.lambda-url.<region>.on.aws/). */
  routeAiProxy(functionUrl: string): void {
    const ecs = this.ecs;
    this.distribution.putOrigin([
      ...(this.apiOrigin ? [this.apiOrigin] : []),
      ...(ecs ? [ecs.origin] : []),
      {
        originId: AI_PROXY_ORIGIN_ID,
        domainName: Fn.trimsuffix(Fn.trimprefix(functionUrl, 'https://'), '/'),
        customOriginConfig: customOrigin(this.tls?.originTimeoutSeconds ?? 60),
        ...domainHeader(this.tls),
      },
    ]);
    this.distribution.putOrderedCacheBehavior(
      AI_PROXY_PATHS.map((pathPattern) => ({
        pathPattern,
        // While traffic is on ECS these paths go there too (the official module's proxy and function origins).
        targetOriginId: ecs?.traffic ? ECS_ORIGIN_ID : AI_PROXY_ORIGIN_ID,
        allowedMethods: ALL_METHODS,
        cachedMethods: CACHED_METHODS,
        viewerProtocolPolicy: 'redirect-to-https',
        cachePolicyId: CACHING_DISABLED,
        // Never the viewer's Host: the function URL answers only to its own name.
        originRequestPolicyId: ecs?.traffic ? ecs.originRequestPolicyId : ALL_VIEWER_EXCEPT_HOST_HEADER,
      })),
    );
  }
}
