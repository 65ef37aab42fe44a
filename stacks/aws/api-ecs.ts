// The API on ECS Fargate (official module v6: modules/ecs and modules/api-ecs at v6.6.0): three
// ARM64 services from public.ecr.aws/braintrust/standalone-api:<version>, `api` (general),
// `ingest` and `background`, each with its own task size and counts, behind the internal ALB
// of api-ecs-alb.ts. Per service: a task definition whose secrets come from Secrets Manager by
// reference (never plaintext environment), a deployment circuit breaker that rolls back, and
// autoscaling on CPU, event-loop utilisation (target tracking) and event-loop delay (step
// scaling on a CloudWatch alarm), with the official targets and steps. The environment comes
// from awsApiEnvironment(), the builder the Lambda API uses.
import { Construct } from 'constructs';
import { TerraformOutput, type ITerraformDependable, type TerraformStack } from 'cdktf';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster/index.js';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition/index.js';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service/index.js';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target/index.js';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy/index.js';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import type { Config } from '../../src/config/schema.js';
import { apiRuntime, ECS_SERVICES, ecsSettings, type EcsServiceKey } from '../../src/config/api-runtime.js';
import { resourceName } from '../common/naming.js';
import { awsApiEnvironment, ECS_API_PORT, type AwsApiWiring } from './api-environment.js';
import type { ApiEcsAlb } from './api-ecs-alb.js';
import { policyDocument, serviceTrustPolicy } from './policy.js';
import { SERVICE_SECRET_KEYS } from './secrets.js';
import { imageTag, logRetentionDays } from './versions.js';

export const API_IMAGE_REPOSITORY = 'public.ecr.aws/braintrust/standalone-api';
export const ECS_SERVICE_NAMES: Record<EcsServiceKey, string> = {
  api: 'braintrust-api',
  ingest: 'braintrust-api-ingest',
  background: 'braintrust-api-background',
};
export const METRICS_NAMESPACE = 'Braintrust/Api';

/** Official root-module defaults (variables.tf braintrust_api*_autoscaling). */
export const AUTOSCALING = {
  cpu: { targetValue: 50, scaleInCooldown: 300, scaleOutCooldown: 60 },
  eventLoopUtilization: { targetValue: 40, scaleInCooldown: 300, scaleOutCooldown: 60 },
  eventLoopDelay: {
    evaluationPeriods: 2,
    period: 60,
    cooldown: 60,
    steps: {
      api: [{ thresholdMs: 50, adjustment: 10 }, { thresholdMs: 70, adjustment: 25 }, { thresholdMs: 150, adjustment: 50 }],
      ingest: [{ thresholdMs: 100, adjustment: 15 }, { thresholdMs: 200, adjustment: 30 }, { thresholdMs: 400, adjustment: 100 }],
      background: [{ thresholdMs: 100, adjustment: 15 }, { thresholdMs: 200, adjustment: 30 }, { thresholdMs: 400, adjustment: 100 }],
    } as Record<EcsServiceKey, { thresholdMs: number; adjustment: number }[]>,
  },
} as const;

/** A secret's JSON key as an ECS `valueFrom` (<secret ARN>:<json key>:<version stage>:<version id>). */
export function secretValueFrom(secretArn: string, key: string): string {
  return `${secretArn}:${key}::`;
}

export interface ApiEcsProps {
  config: Config;
  subnetIds: string[];
  taskSecurityGroupId: string;
  kmsKeyArn: string;
  alb: ApiEcsAlb;
  /** The API environment's wiring, the Lambda API's own (Api.wiring). */
  wiring: AwsApiWiring;
  /**
   * The task role: APIHandlerRole (Api.apiRole, trusting ecs-tasks.amazonaws.com), as in the
   * official module (api-ecs task_role_arn = services-common's APIHandlerRole). One role keeps
   * the quarantine invoke, CatchupETL invoke, S3-export assume, ElastiCache describe and bucket
   * statements identical for both runtimes, and the quarantine invoke role's trust names it.
   */
  taskRole: IamRole;
  serviceSecretArn: string;
  /** The schema migration (and secret values): tasks of a new release start after it. */
  dependsOn: ITerraformDependable[];
}

export class ApiEcs extends Construct {
  readonly clusterName: string;
  readonly serviceNames: Record<EcsServiceKey, string>;
  readonly environments: Record<EcsServiceKey, Record<string, string>>;

  constructor(scope: Construct, id: string, props: ApiEcsProps) {
    super(scope, id);
    const { config, alb } = props;
    const settings = ecsSettings(config);
    const region = config.region ?? '';

    const cluster = new EcsCluster(this, 'cluster', {
      name: config.name,
      configuration: {
        managedStorageConfiguration: { kmsKeyId: props.kmsKeyArn, fargateEphemeralStorageKmsKeyId: props.kmsKeyArn },
      },
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });

    const logGroups = Object.fromEntries(ECS_SERVICES.map((k) => [k, new CloudwatchLogGroup(this, `${k}_logs`, {
      name: `/braintrust/${config.name}/${ECS_SERVICE_NAMES[k]}`,
      retentionInDays: logRetentionDays(config),
      kmsKeyId: props.kmsKeyArn,
    })])) as Record<EcsServiceKey, CloudwatchLogGroup>;

    const dbArn = props.wiring.database.secretArn;
    const redisArn = props.wiring.redis.secretArn;
    const secrets = [
      { name: 'FUNCTION_SECRET_KEY', valueFrom: secretValueFrom(props.serviceSecretArn, SERVICE_SECRET_KEYS.functionSecret) },
      { name: 'PG_URL', valueFrom: secretValueFrom(dbArn, 'url') },
      { name: 'REDIS_URL', valueFrom: secretValueFrom(redisArn, 'url') },
      { name: 'SERVICE_TOKEN_SECRET_KEY', valueFrom: secretValueFrom(props.serviceSecretArn, SERVICE_SECRET_KEYS.functionSecret) },
    ];

    // Execution role: pull nothing private (the image is public), write its own log groups,
    // read exactly the three secrets the task definition names.
    const execution = new IamRole(this, 'execution_role', { name: resourceName(config, 'api-ecs-task-exec'), assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com') });
    new IamRolePolicy(this, 'execution_policy', {
      name: 'braintrust',
      role: execution.id,
      policy: policyDocument([
        { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ECS_SERVICES.map((k) => `${logGroups[k].arn}:*`) },
        { Sid: 'Secrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [dbArn, redisArn, props.serviceSecretArn] },
        {
          Sid: 'DecryptSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: props.kmsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
        },
      ]),
    });
    const task = props.taskRole;

    const environments = {} as Record<EcsServiceKey, Record<string, string>>;
    const serviceNames = {} as Record<EcsServiceKey, string>;
    for (const key of ECS_SERVICES) {
      const s = settings[key];
      const svcName = ECS_SERVICE_NAMES[key];
      const env = awsApiEnvironment(config, props.wiring, { runtime: 'ecs', service: svcName });
      environments[key] = env;
      const container = {
        name: 'api',
        image: `${API_IMAGE_REPOSITORY}:${imageTag(config)}`,
        essential: true,
        linuxParameters: { initProcessEnabled: true },
        portMappings: [{ containerPort: ECS_API_PORT, hostPort: ECS_API_PORT, protocol: 'tcp' }],
        environment: Object.keys(env).sort().map((name) => ({ name, value: env[name] })),
        secrets,
        healthCheck: { command: ['CMD-SHELL', `curl -f http://localhost:${ECS_API_PORT}/ || exit 1`], interval: 30, retries: 3, startPeriod: 10, timeout: 5 },
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': logGroups[key].name, 'awslogs-region': region, 'awslogs-stream-prefix': svcName },
        },
        mountPoints: [],
        systemControls: [],
        volumesFrom: [],
      };
      const taskDef = new EcsTaskDefinition(this, `${key}_task`, {
        family: resourceName(config, svcName),
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: String(Math.round(s.cpu * 1024)),
        memory: String(s.memoryMiB),
        executionRoleArn: execution.arn,
        taskRoleArn: task.arn,
        runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
        containerDefinitions: JSON.stringify([container]),
      });
      const service = new EcsService(this, `${key}_service`, {
        name: resourceName(config, svcName),
        cluster: cluster.arn,
        taskDefinition: taskDef.arn,
        desiredCount: s.min,
        launchType: 'FARGATE',
        forceNewDeployment: true,
        propagateTags: 'SERVICE',
        enableEcsManagedTags: true,
        healthCheckGracePeriodSeconds: 60,
        waitForSteadyState: true,
        // Official: on a first deploy an interrupted apply would otherwise roll back at once.
        sigintRollback: false,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        networkConfiguration: { subnets: props.subnetIds, securityGroups: [props.taskSecurityGroupId], assignPublicIp: false },
        loadBalancer: [{ targetGroupArn: alb.targetGroups[key].arn, containerName: 'api', containerPort: ECS_API_PORT }],
        // ECS attaches a service only to a target group the ALB already routes to.
        dependsOn: [key === 'api' ? alb.listener : alb.rules[alb.rules.length - 1], ...alb.rules, ...props.dependsOn],
        // Autoscaling owns the running count after creation.
        lifecycle: { ignoreChanges: ['desired_count'] },
      });
      serviceNames[key] = service.name;
      this.autoscale(key, cluster.name, service.name, s.min, s.max, config);
    }

    this.clusterName = cluster.name;
    this.serviceNames = serviceNames;
    this.environments = environments;
  }

  private autoscale(key: EcsServiceKey, clusterName: string, serviceName: string, min: number, max: number, config: Config): void {
    const label = ECS_SERVICE_NAMES[key];
    const target = new AppautoscalingTarget(this, `${key}_scaling`, {
      minCapacity: min,
      maxCapacity: max,
      resourceId: `service/${clusterName}/${serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      serviceNamespace: 'ecs',
    });
    const on = { resourceId: target.resourceId, scalableDimension: target.scalableDimension, serviceNamespace: target.serviceNamespace };
    const dimensions = { ServiceName: label, DeploymentName: config.name };
    const cpu = AUTOSCALING.cpu;
    new AppautoscalingPolicy(this, `${key}_cpu_target`, {
      name: resourceName(config, `${label}-cpu-target`),
      policyType: 'TargetTrackingScaling',
      ...on,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        targetValue: cpu.targetValue, scaleInCooldown: cpu.scaleInCooldown, scaleOutCooldown: cpu.scaleOutCooldown,
      },
    });
    const elu = AUTOSCALING.eventLoopUtilization;
    new AppautoscalingPolicy(this, `${key}_event_loop_target`, {
      name: resourceName(config, `${label}-event-loop-target`),
      policyType: 'TargetTrackingScaling',
      ...on,
      targetTrackingScalingPolicyConfiguration: {
        customizedMetricSpecification: {
          metricName: 'EventLoopUtilizationPercent',
          namespace: METRICS_NAMESPACE,
          statistic: 'Average',
          dimensions: Object.entries(dimensions).map(([name, value]) => ({ name, value })),
        },
        targetValue: elu.targetValue, scaleInCooldown: elu.scaleInCooldown, scaleOutCooldown: elu.scaleOutCooldown,
      },
    });
    const eld = AUTOSCALING.eventLoopDelay;
    const steps = eld.steps[key];
    const base = steps[0].thresholdMs;
    const delay = new AppautoscalingPolicy(this, `${key}_event_loop_delay_step`, {
      name: resourceName(config, `${label}-event-loop-delay-step`),
      policyType: 'StepScaling',
      ...on,
      stepScalingPolicyConfiguration: {
        adjustmentType: 'PercentChangeInCapacity',
        cooldown: eld.cooldown,
        metricAggregationType: 'Average',
        // Bounds are relative to the alarm threshold (the first step).
        stepAdjustment: steps.map((st, i) => ({
          metricIntervalLowerBound: String(st.thresholdMs - base),
          ...(i < steps.length - 1 ? { metricIntervalUpperBound: String(steps[i + 1].thresholdMs - base) } : {}),
          scalingAdjustment: st.adjustment,
        })),
      },
    });
    new CloudwatchMetricAlarm(this, `${key}_event_loop_delay_high`, {
      alarmName: resourceName(config, `${label}-event-loop-delay-high`),
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: eld.evaluationPeriods,
      metricName: 'EventLoopDelayMeanMs',
      namespace: METRICS_NAMESPACE,
      period: eld.period,
      statistic: 'Average',
      threshold: base,
      treatMissingData: 'notBreaching',
      alarmDescription: `Scale out ${label} when EventLoopDelayMeanMs exceeds ${base}ms.`,
      alarmActions: [delay.arn],
      dimensions,
    });
  }
}

/** Outputs `braintrust upgrade --api-runtime` reads to check the services (src/upgrade/api-runtime-health.ts). */
export const ECS_OUTPUT_NAMES = ['api_runtime', 'api_ecs_cluster', 'api_ecs_services', 'api_ecs_target_groups'] as const;

export function addEcsOutputs(stack: TerraformStack, config: Config, ecs: ApiEcs | undefined, alb: ApiEcsAlb | undefined): void {
  new TerraformOutput(stack, 'api_runtime', { value: apiRuntime(config), description: 'Runtime taking the API traffic (ecs or lambda)' });
  if (!ecs || !alb) return;
  new TerraformOutput(stack, 'api_ecs_cluster', { value: ecs.clusterName, description: 'ECS cluster of the API services' });
  new TerraformOutput(stack, 'api_ecs_services', { value: ecs.serviceNames, description: 'ECS service names (api, ingest, background)' });
  new TerraformOutput(stack, 'api_ecs_target_groups', {
    value: Object.fromEntries(ECS_SERVICES.map((k) => [k, alb.targetGroups[k].arn])),
    description: 'ALB target group ARNs of the API services',
  });
}
