// The front of the ECS API (official module modules/api-ecs/alb.tf, alb-path-routes.tf and
// modules/ingress/cloudfront.tf): an internal ALB in the private subnets, a target group per
// service, the official path rules (ingest and background paths; everything else to the
// general service), and the CloudFront VPC origin through which CloudFront reaches the ALB
// without the ALB ever being public. The ALB accepts only CloudFront's origin-facing prefix
// list and the API/Brainstore security groups.
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb/index.js';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener/index.js';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule/index.js';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list/index.js';
import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin/index.js';
import { CloudfrontOriginRequestPolicy } from '@cdktf/provider-aws/lib/cloudfront-origin-request-policy/index.js';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import type { CloudfrontDistributionOrigin } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import type { Config } from '../../src/config/schema.js';
import type { EcsServiceKey } from '../../src/config/api-runtime.js';
import { resourceName } from '../common/naming.js';
import { ECS_API_PORT } from './api-environment.js';

/** ALB idle timeout, seconds (official: 900; long evals and streamed model calls). */
export const ALB_IDLE_TIMEOUT = 900;
const LISTENER_PORT = 80;
export const ECS_ORIGIN_ID = 'ApiEcsOrigin';

/**
 * Official path rules, in priority order (list order = rule priority, 1-based). Unmatched
 * requests go to the listener default: the general `api` service.
 */
export const ALB_PATH_ROUTES: ReadonlyArray<{ path: string; method?: 'POST'; service: Exclude<EcsServiceKey, 'api'> }> = [
  { path: '/logs3', method: 'POST', service: 'ingest' },
  { path: '/otel/v1/*', method: 'POST', service: 'ingest' },
  { path: '/attachment', method: 'POST', service: 'ingest' },
  { path: '/attachment/status', method: 'POST', service: 'ingest' },
  { path: '/v1/eval', method: 'POST', service: 'background' },
  { path: '/v1/eval/*', method: 'POST', service: 'background' },
  { path: '/function/eval', method: 'POST', service: 'background' },
  { path: '/function/sandbox', method: 'POST', service: 'background' },
  { path: '/function/use', method: 'POST', service: 'background' },
  { path: '/function/invoke-async-batch', method: 'POST', service: 'background' },
  { path: '/function/insert-functions', method: 'POST', service: 'background' },
  { path: '/automation/logs/trigger', method: 'POST', service: 'background' },
  { path: '/v1/proxy/chat/completions', service: 'background' },
  { path: '/v1/proxy/responses', service: 'background' },
  { path: '/logs3/overflow', method: 'POST', service: 'ingest' },
];

/** Target group name suffixes (names are at most 32 characters; deployment names 24). */
const TARGET_GROUP_SUFFIX: Record<EcsServiceKey, string> = { api: 'api', ingest: 'ingest', background: 'bg' };

/** SSM parameter with the ALB URL (official: /braintrust/<name>/ecs-api-url); Brainstore reads it under ECS. */
export function ecsApiUrlParameterName(config: Config): string {
  return `/braintrust/${config.name}/ecs-api-url`;
}

/** What the CloudFront distribution (ingress.ts) needs to reach the ECS API. */
export interface EcsFrontDoor {
  origin: CloudfrontDistributionOrigin;
  originRequestPolicyId: string;
  /** CloudFront sends the API's traffic here (api.runtime ecs). */
  traffic: boolean;
  /** The Lambda API (API Gateway, AI proxy) is deployed too (lambda active or standby). */
  lambda: boolean;
}

export interface ApiEcsAlbProps {
  config: Config;
  vpcId: string;
  subnetIds: string[];
  /** Security group of the API tasks (and Lambdas): the ALB forwards to it. */
  taskSecurityGroupId: string;
  /** Security groups allowed to call the ALB directly (the API itself, Brainstore). */
  authorizedSecurityGroups: Record<string, string>;
}

export class ApiEcsAlb extends Construct {
  readonly albArn: string;
  readonly dnsName: string;
  readonly listener: LbListener;
  readonly rules: LbListenerRule[];
  readonly targetGroups: Record<EcsServiceKey, LbTargetGroup>;
  readonly vpcOriginId: string;
  /** All viewer headers plus CloudFront-Forwarded-Proto (the ALB listens on HTTP). */
  readonly originRequestPolicyId: string;
  readonly urlParameter: SsmParameter;

  constructor(scope: Construct, id: string, props: ApiEcsAlbProps) {
    super(scope, id);
    const { config } = props;
    const name = resourceName(config, 'api-ecs-alb');
    const sg = new SecurityGroup(this, 'alb_sg', { name, description: 'Braintrust API ECS internal ALB', vpcId: props.vpcId, tags: { Name: name } });
    const cloudfront = new DataAwsEc2ManagedPrefixList(this, 'cloudfront_origin_facing', { name: 'com.amazonaws.global.cloudfront.origin-facing' });
    new VpcSecurityGroupIngressRule(this, 'from_cloudfront', {
      securityGroupId: sg.id, prefixListId: cloudfront.id, ipProtocol: 'tcp', fromPort: LISTENER_PORT, toPort: LISTENER_PORT,
      description: 'CloudFront VPC origin',
    });
    for (const [label, from] of Object.entries(props.authorizedSecurityGroups)) {
      new VpcSecurityGroupIngressRule(this, `from_${label.toLowerCase()}`, {
        securityGroupId: sg.id, referencedSecurityGroupId: from, ipProtocol: 'tcp', fromPort: LISTENER_PORT, toPort: LISTENER_PORT,
        description: `${label} to the API ALB`,
      });
    }
    new VpcSecurityGroupEgressRule(this, 'to_tasks', {
      securityGroupId: sg.id, referencedSecurityGroupId: props.taskSecurityGroupId, ipProtocol: 'tcp', fromPort: ECS_API_PORT, toPort: ECS_API_PORT,
      description: 'ALB to the API tasks',
    });
    new VpcSecurityGroupIngressRule(this, 'tasks_from_alb', {
      securityGroupId: props.taskSecurityGroupId, referencedSecurityGroupId: sg.id, ipProtocol: 'tcp', fromPort: ECS_API_PORT, toPort: ECS_API_PORT,
      description: 'API ECS tasks from their ALB',
    });

    const lb = new Lb(this, 'alb', {
      name: resourceName(config, 'api-ecs'),
      internal: true,
      loadBalancerType: 'application',
      subnets: props.subnetIds,
      securityGroups: [sg.id],
      idleTimeout: ALB_IDLE_TIMEOUT,
      clientKeepAlive: 3600,
      enableHttp2: true,
      desyncMitigationMode: 'defensive',
      enableCrossZoneLoadBalancing: true,
      dropInvalidHeaderFields: config.networking.albDropInvalidHeaderFields ?? false,
      enableDeletionProtection: false,
    });
    const tg = (key: EcsServiceKey) => new LbTargetGroup(this, `${key}_tg`, {
      name: resourceName(config, TARGET_GROUP_SUFFIX[key]),
      port: ECS_API_PORT,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.vpcId,
      deregistrationDelay: '300',
      healthCheck: { path: '/', matcher: '200-399', healthyThreshold: 2, unhealthyThreshold: 3, timeout: 5, interval: 10 },
    });
    this.targetGroups = { api: tg('api'), ingest: tg('ingest'), background: tg('background') };
    this.listener = new LbListener(this, 'http', {
      loadBalancerArn: lb.arn,
      port: LISTENER_PORT,
      protocol: 'HTTP',
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroups.api.arn }],
    });
    this.rules = ALB_PATH_ROUTES.map((route, i) => new LbListenerRule(this, `route_${i + 1}`, {
      listenerArn: this.listener.arn,
      priority: i + 1,
      action: [{ type: 'forward', forward: { targetGroup: [{ arn: this.targetGroups[route.service].arn }] } }],
      condition: [
        ...(route.method ? [{ httpRequestMethod: { values: [route.method] } }] : []),
        { pathPattern: { values: [route.path] } },
      ],
    }));

    const vpcOrigin = new CloudfrontVpcOrigin(this, 'vpc_origin', {
      vpcOriginEndpointConfig: [{
        name: resourceName(config, 'api-ecs'),
        arn: lb.arn,
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: 'http-only',
        originSslProtocols: [{ items: ['TLSv1.2'], quantity: 1 }],
      }],
      timeouts: { create: '30m', update: '30m' },
    });
    // Always created, attached only while traffic is on ECS: CloudFront cannot delete a policy
    // in the apply that detaches it (the official module's note on enable_ecs_api rollback).
    const policy = new CloudfrontOriginRequestPolicy(this, 'forwarded_proto', {
      name: resourceName(config, 'all-viewer-with-forwarded-proto'),
      comment: 'All viewer headers plus CloudFront-Forwarded-Proto (HTTP ECS ALB origin)',
      cookiesConfig: { cookieBehavior: 'all' },
      headersConfig: { headerBehavior: 'allViewerAndWhitelistCloudFront', headers: { items: ['CloudFront-Forwarded-Proto'] } },
      queryStringsConfig: { queryStringBehavior: 'all' },
    });
    this.urlParameter = new SsmParameter(this, 'url_parameter', {
      name: ecsApiUrlParameterName(config),
      description: `API ECS URL of ${config.name}; read by Brainstore at boot`,
      type: 'String',
      value: `http://${lb.dnsName}`,
    });

    this.albArn = lb.arn;
    this.dnsName = lb.dnsName;
    this.vpcOriginId = vpcOrigin.id;
    this.originRequestPolicyId = policy.id;
  }

  frontDoor(opts: { traffic: boolean; lambda: boolean }): EcsFrontDoor {
    return {
      origin: {
        originId: ECS_ORIGIN_ID,
        domainName: this.dnsName,
        // The official origin timeouts; CloudFront's longest wait without a quota increase.
        vpcOriginConfig: { vpcOriginId: this.vpcOriginId, originKeepaliveTimeout: 60, originReadTimeout: 60 },
      },
      originRequestPolicyId: this.originRequestPolicyId,
      ...opts,
    };
  }
}
