// The AWS data plane as one CDKTF stack, mirroring the official Terraform module
// (braintrustdata/terraform-aws-braintrust-data-plane): VPC, KMS, RDS PostgreSQL, ElastiCache
// Redis, S3, Brainstore on EC2, the API on Lambda behind API Gateway + CloudFront (the AI proxy
// on its own streaming function URL), an SSM
// bastion, and time-boxed support access. Pure: a function of Config only.
import type { Construct } from 'constructs';
import { TerraformStack, type App } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import type { Config } from '../../src/config/schema.js';
import { tagsFor } from '../common/naming.js';
import { UbuntuImages } from './ami.js';
import { Api, aiProxyUrlParameterName } from './api.js';
import { configureBackend } from '../common/backend.js';
import { Bastion, BASTION_INSTANCE_TYPE } from './bastion.js';
import { Brainstore } from './brainstore.js';
import { Cache } from './cache.js';
import { Database } from './database.js';
import { Ingress } from './ingress.js';
import { AwsIngressTls } from './ingress-tls.js';
import { DeploymentKey } from './kms.js';
import { Network } from './network.js';
import { assertSupportedRegion } from './lambda-code.js';
import { raiseAwsProviderConstraint } from './provider-version.js';
import { addOutputs } from './outputs.js';
import { RemoteAccess } from './remote-access.js';
import { LicenseKeySecret, ServiceSecrets } from './secrets.js';
import { SecretsLayer } from './secrets-layer.js';
import { Storage } from './storage.js';
import { apiRuntime, deployedRuntimes } from '../../src/config/api-runtime.js';
import { ApiEcsAlb, ecsApiUrlParameterName } from './api-ecs-alb.js';
import { ApiEcs, addEcsOutputs } from './api-ecs.js';

export class BraintrustAwsStack extends TerraformStack {
  readonly network: Network;
  readonly api: Api;
  readonly brainstore: Brainstore;

  constructor(scope: Construct, config: Config) {
    super(scope, config.name);
    if (config.cloud !== 'aws') throw new Error(`the AWS stack cannot deploy cloud ${config.cloud}`);
    if (!config.region) throw new Error('region: required for cloud aws');
    assertSupportedRegion(config.region);

    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: tagsFor(config) }] });
    raiseAwsProviderConstraint(this);
    new RandomProvider(this, 'random');
    configureBackend(this, config, ['local', 's3', 'gcs', 'azurerm']);

    const accountId = new DataAwsCallerIdentity(this, 'account').accountId;
    const key = new DeploymentKey(this, 'kms', { config, accountId });
    const kmsKeyArn = key.keyArn;
    const network = new Network(this, 'network', { config });
    const sg = network.securityGroups;
    const subnetIds = network.privateSubnetIds;

    const database = new Database(this, 'database', { config, subnetIds, securityGroupId: sg.database, kmsKeyArn });
    const cache = new Cache(this, 'cache', { config, subnetIds, securityGroupId: sg.redis, kmsKeyArn });
    const storage = new Storage(this, 'storage', { config, kmsKeyArn });
    const license = new LicenseKeySecret(this, 'license', { config, kmsKeyArn });
    const serviceSecrets = new ServiceSecrets(this, 'service_secrets', { config, kmsKeyArn });
    // One Ubuntu image per CPU architecture in use: each node boots the image of its type.
    const images = new UbuntuImages(this);
    // api.runtime (src/config/api-runtime.ts): the ECS ALB when ECS is deployed (active or standby).
    const runtimes = deployedRuntimes(config);
    const onEcs = apiRuntime(config) === 'ecs';
    // ingress: certificate, WAF allow-list, TLS policy; private mode = the internal ALB only.
    const tls = new AwsIngressTls(this, 'ingress_tls', { config });
    const privateIngress = tls.settings.mode === 'private';
    const ecsAlb = runtimes.has('ecs')
      ? new ApiEcsAlb(this, 'api_ecs_alb', {
          config, vpcId: network.vpcId, subnetIds, taskSecurityGroupId: sg.api,
          authorizedSecurityGroups: { API: sg.api, Brainstore: sg.brainstore },
          tls: tls.settings,
        })
      : undefined;
    if (privateIngress && !ecsAlb) throw new Error('private ingress needs the ECS runtime (config validation checks api.runtime)');
    const brainstoreApiParameter = onEcs ? ecsApiUrlParameterName(config) : aiProxyUrlParameterName(config);

    const brainstore = new Brainstore(this, 'brainstore', {
      config,
      vpcId: network.vpcId,
      subnetIds,
      instanceSecurityGroupId: sg.brainstore,
      lbSecurityGroupId: sg.brainstoreLb,
      kmsKeyArn,
      amiFor: (instanceType) => images.forInstanceType(instanceType),
      bucket: storage.brainstore,
      responsesBucket: storage.responses,
      codeBundleBucket: storage.codeBundle,
      databaseSecretArn: database.secretArn,
      redisSecretArn: cache.secretArn,
      licenseSecretArn: license.secretArn,
      serviceSecretArn: serviceSecrets.secretArn,
      aiProxyUrlParameter: {
        name: brainstoreApiParameter,
        arn: `arn:aws:ssm:${config.region}:${accountId}:parameter${brainstoreApiParameter}`,
      },
      secretValues: [database.secretValue, cache.secretValue, serviceSecrets.secretValue, ...(license.secretValue ? [license.secretValue] : [])],
    });

    const ingress = privateIngress
      ? undefined
      : new Ingress(this, 'ingress', { config, accountId, tls: tls.settings, ecs: ecsAlb?.frontDoor({ traffic: onEcs, lambda: runtimes.has('lambda') }, tls.settings) });
    // The HTTPS URL browsers and SDKs use: ingress.domain, else the CloudFront hostname.
    const apiUrl = ingress ? ingress.url : `https://${tls.settings.domain}`;
    const secretsLayer = new SecretsLayer(this, 'secrets_layer', { config, bucket: storage.codeBundle.name, kmsKeyArn });
    const api = new Api(this, 'api', {
      config,
      subnetIds,
      securityGroupId: sg.api,
      kmsKeyArn,
      database: { host: database.host, port: database.port, secretArn: database.secretArn, secretValue: database.secretValue },
      redis: { host: cache.host, port: cache.port, secretArn: cache.secretArn, secretValue: cache.secretValue },
      serviceSecretArn: serviceSecrets.secretArn,
      serviceSecretValue: serviceSecrets.secretValue,
      buckets: { brainstore: storage.brainstore, codeBundle: storage.codeBundle, responses: storage.responses },
      brainstore: { url: brainstore.url, writerUrl: brainstore.writerUrl, fastReaderUrl: brainstore.fastReaderUrl },
      secretsLayerArn: secretsLayer.arn,
      dataPlaneUrl: apiUrl,
      apiGatewayUrl: ingress?.apiGatewayUrl ?? '',
      restApiExecutionArn: ingress?.restApiExecutionArn ?? '',
      accountId,
      handlers: runtimes.has('lambda'),
      ecsTasks: runtimes.has('ecs'),
    });
    if (runtimes.has('lambda')) ingress?.routeAiProxy(api.aiProxyUrl);
    const apiEcs = ecsAlb
      ? new ApiEcs(this, 'api_ecs', {
          config, subnetIds, taskSecurityGroupId: sg.api, kmsKeyArn, alb: ecsAlb,
          wiring: api.wiring,
          taskRole: api.apiRole,
          serviceSecretArn: serviceSecrets.secretArn,
          dependsOn: [api.migration, database.secretValue, cache.secretValue, serviceSecrets.secretValue],
        })
      : undefined;
    brainstore.bootAfter(onEcs && ecsAlb ? ecsAlb.urlParameter : api.aiProxyUrlParameter ?? ecsAlb!.urlParameter);

    const bastion = new Bastion(this, 'bastion', {
      config,
      subnetId: subnetIds[0],
      securityGroupId: sg.bastion,
      kmsKeyArn,
      amiId: images.forInstanceType(BASTION_INSTANCE_TYPE),
    });
    const support = config.remoteAccess.grants.length
      ? new RemoteAccess(this, 'remote_access', {
          config,
          accountId,
          bastionInstanceArn: bastion.instanceArn,
          secretArns: [database.secretArn, cache.secretArn],
          kmsKeyArn,
        })
      : undefined;

    addOutputs(
      this,
      {
        api_url: apiUrl,
        region: config.region,
        postgres_host: database.host,
        postgres_port: database.port,
        postgres_secret_arn: database.secretArn,
        redis_host: cache.host,
        redis_port: cache.port,
        redis_secret_arn: cache.secretArn,
        brainstore_bucket: storage.brainstore.name,
        code_bundle_bucket: storage.codeBundle.name,
        response_bucket: storage.responses.name,
        bastion_instance_id: bastion.instanceId,
        brainstore_reader_asg: brainstore.readerAsgName,
        brainstore_writer_asg: brainstore.writerAsgName,
        brainstore_url: brainstore.url,
        kms_key_arn: kmsKeyArn,
        vpc_id: network.vpcId,
      },
      support?.roleArn,
    );
    addEcsOutputs(this, config, apiEcs, ecsAlb);
    tls.addOutputs(this, ingress ? ingress.distributionDomainName : ecsAlb!.dnsName);

    this.network = network;
    this.api = api;
    this.brainstore = brainstore;
  }
}

/** Entry point used by stacks/synth.ts. */
export function buildStack(app: App, config: Config): TerraformStack {
  return new BraintrustAwsStack(app, config);
}
