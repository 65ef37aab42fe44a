// Redis on ElastiCache as a replication group: the only ElastiCache form with in-transit
// encryption (official module PR #295). AUTH token generated here, kept in Secrets Manager.
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { PORTS } from './network.js';

/** Production: a replica in another AZ with automatic failover; testing: one node. */
export function cacheTierSettings(config: Config) {
  const production = config.tier === 'production';
  return {
    numCacheClusters: production ? 2 : 1,
    automaticFailoverEnabled: production,
    multiAzEnabled: production,
    snapshotRetentionLimit: production ? 1 : 0,
  };
}

export interface CacheProps {
  config: Config;
  subnetIds: string[];
  securityGroupId: string;
  kmsKeyArn: string;
}

export class Cache extends Construct {
  readonly host: string;
  readonly port: number;
  readonly secretArn: string;
  /** The secret's value: depend on it before reading the secret at boot or cold start. */
  readonly secretValue: ITerraformDependable;
  readonly replicationGroupId: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { config, kmsKeyArn } = props;
    // ElastiCache AUTH tokens: 16-128 printable characters; alphanumeric keeps URLs simple.
    const authToken = new Password(this, 'auth_token', { length: 64, special: false });
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: resourceName(config, 'redis'),
      description: 'Braintrust Redis subnets',
      subnetIds: props.subnetIds,
    });
    const group = new ElasticacheReplicationGroup(this, 'redis', {
      replicationGroupId: resourceName(config, 'redis'),
      description: `Braintrust ${config.name} Redis`,
      engine: 'redis',
      engineVersion: config.redis.version,
      nodeType: config.redis.instanceType,
      port: PORTS.redis,
      ...cacheTierSettings(config),
      subnetGroupName: subnets.name,
      securityGroupIds: [props.securityGroupId],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: kmsKeyArn,
      transitEncryptionEnabled: true,
      authToken: authToken.result,
      applyImmediately: false,
    });
    const secret = new SecretsmanagerSecret(this, 'secret', {
      namePrefix: `${config.name}/redis-`,
      description: `Braintrust ${config.name} Redis AUTH token`,
      kmsKeyId: kmsKeyArn,
    });
    this.secretValue = new SecretsmanagerSecretVersion(this, 'secret_value', {
      secretId: secret.id,
      secretString: Fn.jsonencode({
        auth_token: authToken.result,
        host: group.primaryEndpointAddress,
        port: PORTS.redis,
        url: `rediss://:${authToken.result}@${group.primaryEndpointAddress}:${PORTS.redis}`,
      }),
    });
    this.host = group.primaryEndpointAddress;
    this.port = PORTS.redis;
    this.secretArn = secret.arn;
    this.replicationGroupId = group.id;
  }
}
