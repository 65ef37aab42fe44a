// Brainstore on EC2 (official module modules/brainstore-ec2): per role a launch template, an
// Auto Scaling group with rolling instance refresh (min healthy 100%) and an internal NLB on
// port 4000. Production runs dedicated readers and writers; testing may run one combined node.
import { Construct } from 'constructs';
import { Fn, Op, TerraformLocal, Token, dependable, type ITerraformDependable } from 'cdktf';
import { DataAwsEc2InstanceType } from '@cdktf/provider-aws/lib/data-aws-ec2-instance-type/index.js';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template/index.js';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group/index.js';
import { Lb } from '@cdktf/provider-aws/lib/lb/index.js';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group/index.js';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { brainstoreConfigEnv } from '../common/api-env.js';
import { resourceName, tagsFor } from '../common/naming.js';
import { BRAINSTORE_IMAGE, BRAINSTORE_PORT, CWAGENT_NAMESPACE, brainstoreLogGroupName, brainstoreUserData, type BrainstoreRole } from './brainstore-user-data.js';
import { policyDocument, readSecretsStatements, serviceTrustPolicy, SSM_MANAGED_INSTANCE_CORE } from './policy.js';
import { imageTag, logRetentionDays } from './versions.js';
import { brainstoreCacheEnv } from '../common/scaling-env.js';

/** Seed, Brainstore: "plan for a minimum of 2 reader nodes" in production. */
export const MIN_PRODUCTION_READERS = 2;
/** Share of the instance store given to Brainstore's object cache (official module: 90%). */
export const CACHE_FILE_SHARE = 0.9;

export interface NodeGroupPlan {
  role: BrainstoreRole;
  count: number;
  instanceType: string;
}

/** Which node groups to run: combined (testing) or readers + writers. */
export function brainstoreNodeGroups(config: Config): NodeGroupPlan[] {
  const b = config.brainstore;
  if (b.combined) return [{ role: 'combined', count: Math.max(1, b.combined.count), instanceType: b.combined.instanceType }];
  if (!b.readers || !b.writers) throw new Error('brainstore: set both readers and writers, or combined (testing tier only)');
  const readers = config.tier === 'production' ? Math.max(MIN_PRODUCTION_READERS, b.readers.count) : Math.max(1, b.readers.count);
  return [
    { role: 'reader', count: readers, instanceType: b.readers.instanceType },
    { role: 'writer', count: Math.max(1, b.writers.count), instanceType: b.writers.instanceType },
    // The fast-reader tier serves the UI's interactive queries (official module main-fast-reader.tf).
    ...(b.fastReaders && b.fastReaders.count > 0
      ? [{ role: 'fastreader' as const, count: b.fastReaders.count, instanceType: b.fastReaders.instanceType }]
      : []),
  ];
}

export interface BrainstoreProps {
  config: Config;
  vpcId: string;
  subnetIds: string[];
  instanceSecurityGroupId: string;
  lbSecurityGroupId: string;
  kmsKeyArn: string;
  /** The image for an instance type, in that type's CPU architecture (ami.ts). */
  amiFor: (instanceType: string) => string;
  bucket: { name: string; arn: string };
  /** The API's responses bucket (Brainstore's response cache) and the code bundles (read only). */
  responsesBucket: { name: string; arn: string };
  codeBundleBucket: { name: string; arn: string };
  databaseSecretArn: string;
  redisSecretArn: string;
  licenseSecretArn: string;
  serviceSecretArn: string;
  /** The SSM parameter holding the AI proxy URL, read at boot (see bootAfter). */
  aiProxyUrlParameter: { name: string; arn: string };
  /** Secret values the boot script reads: instances launch only once they exist. */
  secretValues: ITerraformDependable[];
}

export interface NodeGroup {
  role: BrainstoreRole;
  asgName: string;
  url: string;
}

const SHORT_ROLE: Record<BrainstoreRole, string> = { reader: 'bsr', writer: 'bsw', combined: 'bs', fastreader: 'bsf' };

export class Brainstore extends Construct {
  readonly groups: NodeGroup[];
  /** Reader URL (or the combined node's). */
  readonly url: string;
  /** Writer URL (the combined node's when there are no dedicated writers). */
  readonly writerUrl: string;
  readonly readerAsgName: string;
  readonly writerAsgName: string;
  /** Container log group per role (the awslogs driver writes one stream per instance). */
  readonly logGroupNames: Partial<Record<BrainstoreRole, string>> = {};
  /** The fast-reader tier's URL, when it runs (brainstore.fastReaders). */
  readonly fastReaderUrl?: string;
  private readonly asgs: AutoscalingGroup[] = [];

  constructor(scope: Construct, id: string, props: BrainstoreProps) {
    super(scope, id);
    const { config } = props;
    const plans = brainstoreNodeGroups(config);
    // The combined node keeps the construct id (and name) of the former single log group.
    const logGroups = plans.map((plan) => new CloudwatchLogGroup(this, plan.role === 'combined' ? 'logs' : `${plan.role}_logs`, {
      name: brainstoreLogGroupName(config.name, plan.role),
      retentionInDays: logRetentionDays(config),
      kmsKeyId: props.kmsKeyArn,
    }));
    plans.forEach((plan, i) => { this.logGroupNames[plan.role] = logGroups[i].name; });
    const profile = this.instanceProfile(props, logGroups.map((g) => g.arn));

    this.groups = plans.map((plan, i) => this.nodeGroup(plan, props, profile.arn, logGroups[i].name));
    const byRole = (role: BrainstoreRole) => this.groups.find((g) => g.role === role) ?? this.groups[0];
    this.url = byRole('reader').url;
    this.writerUrl = byRole('writer').url;
    this.readerAsgName = byRole('reader').asgName;
    this.writerAsgName = byRole('writer').asgName;
    this.fastReaderUrl = this.groups.find((g) => g.role === 'fastreader')?.url;
  }

  /**
   * Launch nodes only once these exist: things the boot script reads that are created later in
   * the stack (the AI proxy URL parameter, whose function needs the Brainstore URLs).
   */
  bootAfter(...deps: ITerraformDependable[]): void {
    for (const asg of this.asgs) asg.dependsOn = [...(asg.dependsOn ?? []), ...deps.map((d) => dependable(d))];
  }

  /** Only the Brainstore bucket, its four secrets, the key, its log groups, CWAgent metrics, and SSM for Session Manager. */
  private instanceProfile(props: BrainstoreProps, logGroupArns: string[]): IamInstanceProfile {
    const { config } = props;
    const role = new IamRole(this, 'role', {
      name: resourceName(config, 'brainstore'),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    new IamRolePolicy(this, 'policy', {
      name: 'brainstore',
      role: role.id,
      policy: policyDocument([
        { Sid: 'ListBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: props.bucket.arn },
        {
          Sid: 'ReadWriteObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: `${props.bucket.arn}/*`,
        },
        // The response cache lives in the API's responses bucket; user code bundles are read only
        // (official module iam-brainstore.tf).
        { Sid: 'ResponseCacheBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: props.responsesBucket.arn },
        {
          Sid: 'ResponseCacheObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: `${props.responsesBucket.arn}/*`,
        },
        { Sid: 'ReadCodeBundles', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [props.codeBundleBucket.arn, `${props.codeBundleBucket.arn}/*`] },
        ...readSecretsStatements(
          [props.databaseSecretArn, props.redisSecretArn, props.licenseSecretArn, props.serviceSecretArn],
          props.kmsKeyArn,
        ),
        { Sid: 'EncryptObjects', Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Encrypt'], Resource: props.kmsKeyArn },
        { Sid: 'ReadAIProxyUrl', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: props.aiProxyUrlParameter.arn },
        { Sid: 'ShipLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: logGroupArns.map((arn) => `${arn}:*`) },
        // The CloudWatch agent's host metrics (memory, disk use), in its namespace only;
        // DescribeTags resolves the AutoScalingGroupName dimension (neither takes a resource).
        // As the official module (iam-brainstore.tf).
        {
          Sid: 'PutHostMetrics',
          Effect: 'Allow',
          Action: 'cloudwatch:PutMetricData',
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': CWAGENT_NAMESPACE } },
        },
        { Sid: 'HostMetricDimensions', Effect: 'Allow', Action: 'ec2:DescribeTags', Resource: '*' },
      ]),
    });
    new IamRolePolicyAttachment(this, 'ssm', { role: role.name, policyArn: SSM_MANAGED_INSTANCE_CORE });
    return new IamInstanceProfile(this, 'profile', { name: resourceName(config, 'brainstore'), role: role.name });
  }

  private nodeGroup(plan: NodeGroupPlan, props: BrainstoreProps, profileArn: string, logGroupName: string): NodeGroup {
    const { config } = props;
    const { role } = plan;
    const label = role === 'combined' ? 'brainstore' : `brainstore-${role}`;
    const instanceTags = { ...tagsFor(config), Name: resourceName(config, label), BrainstoreRole: role };
    // Brainstore's local object cache: 90% of the instance store, as the official module
    // computes it (brainstore-ec2 main.tf). Plan fails early on a type without local NVMe.
    const instanceType = new DataAwsEc2InstanceType(this, `${role}_instance_type`, {
      instanceType: plan.instanceType,
      lifecycle: {
        postcondition: [
          {
            // AWS reports no instance storage as null: coalesce, so the message below is what
            // the user sees rather than an error about comparing null.
            condition: '${coalesce(self.total_instance_storage, 0) > 0}',
            errorMessage: `Brainstore ${role} instance type ${plan.instanceType} has no local NVMe instance storage (AWS reports none): Brainstore needs instance store for its cache. Set brainstore.${role === 'fastreader' ? 'fastReaders' : role === 'combined' ? 'combined' : `${role}s`}.instanceType to a type with instance store, such as c8gd.4xlarge or i8g.4xlarge.`,
          },
        ],
      },
    });
    const cacheFileSize = new TerraformLocal(
      this,
      `${role}_cache_file_size`,
      `${Token.asString(Fn.floor(Op.mul(Fn.coalesce([instanceType.totalInstanceStorage, 0]), CACHE_FILE_SHARE)))}gb`,
    );
    const userData = brainstoreUserData({
      role,
      region: config.region ?? '',
      image: `${BRAINSTORE_IMAGE}:${imageTag(config)}`,
      bucket: props.bucket.name,
      responsesBucket: props.responsesBucket.name,
      codeBundleBucket: props.codeBundleBucket.name,
      databaseSecretArn: props.databaseSecretArn,
      redisSecretArn: props.redisSecretArn,
      licenseSecretArn: props.licenseSecretArn,
      serviceSecretArn: props.serviceSecretArn,
      logGroupName,
      aiProxyUrlParameter: props.aiProxyUrlParameter.name,
      // scaling.brainstoreCache.<role> wins over the computed size (module brainstore_cache_file_size_<role>).
      env: { BRAINSTORE_OBJECT_STORE_CACHE_FILE_SIZE: cacheFileSize.asString, ...brainstoreCacheEnv(config, role), ...brainstoreConfigEnv(config) },
    });

    // A local keeps the script a plain (escaped) string with ${...} references in it; the
    // Fn call then only encodes it.
    const script = new TerraformLocal(this, `${role}_user_data`, userData);
    const template = new LaunchTemplate(this, `${role}_template`, {
      name: resourceName(config, label),
      imageId: props.amiFor(plan.instanceType),
      instanceType: plan.instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: profileArn },
      vpcSecurityGroupIds: [props.instanceSecurityGroupId],
      blockDeviceMappings: [
        {
          deviceName: '/dev/sda1',
          ebs: { volumeSize: 200, volumeType: 'gp3', encrypted: 'true', kmsKeyId: props.kmsKeyArn, deleteOnTermination: 'true' },
        },
      ],
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 2, instanceMetadataTags: 'enabled' },
      monitoring: { enabled: true },
      userData: Fn.base64encode(script.asString),
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: instanceTags })),
    });

    const short = resourceName(config, SHORT_ROLE[role]);
    const lb = new Lb(this, `${role}_lb`, {
      name: short,
      internal: true,
      loadBalancerType: 'network',
      subnets: props.subnetIds,
      securityGroups: [props.lbSecurityGroupId],
      lifecycle: { createBeforeDestroy: true },
    });
    const targets = new LbTargetGroup(this, `${role}_targets`, {
      name: short,
      port: BRAINSTORE_PORT,
      protocol: 'TCP',
      vpcId: props.vpcId,
      targetType: 'instance',
      connectionTermination: true,
      healthCheck: { protocol: 'TCP', port: String(BRAINSTORE_PORT), healthyThreshold: 3, unhealthyThreshold: 3, timeout: 10, interval: 10 },
    });
    new LbListener(this, `${role}_listener`, {
      loadBalancerArn: lb.arn,
      port: BRAINSTORE_PORT,
      protocol: 'TCP',
      defaultAction: [{ type: 'forward', targetGroupArn: targets.arn }],
    });

    const asg = new AutoscalingGroup(this, `${role}_asg`, {
      namePrefix: `${resourceName(config, label)}-`,
      minSize: plan.count,
      maxSize: plan.count * 2,
      desiredCapacity: plan.count,
      vpcZoneIdentifier: props.subnetIds,
      // EBS and ELB checks on top of EC2's own (official module).
      healthCheckType: 'EBS,ELB',
      // Boot installs docker and pulls the image before the port answers.
      healthCheckGracePeriod: 300,
      targetGroupArns: [targets.arn],
      waitForElbCapacity: plan.count,
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      // A new release or config change is a new template version: replace nodes one at a
      // time, never dropping below the configured count (official module main.tf).
      instanceRefresh: {
        strategy: 'Rolling',
        preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
        triggers: ['tag'],
      },
      dependsOn: props.secretValues,
      tag: Object.entries(instanceTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      lifecycle: { createBeforeDestroy: true },
    });
    this.asgs.push(asg);
    return { role, asgName: asg.name, url: `http://${lb.dnsName}:${BRAINSTORE_PORT}` };
  }
}
