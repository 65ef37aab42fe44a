// Memorystore for Redis (official module modules/redis), reached over private services access.
// As the module: AUTH on, in-transit encryption off. Memorystore's TLS certificate is signed by
// a per-instance CA, and the Helm chart (6.11.0) has no value that gives the API or Brainstore a
// Redis CA (no template reads one), so a rediss:// URL could not be verified by the pods. The
// traffic stays inside the VPC's private services access range; the AUTH string is required.
import { Construct } from 'constructs';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance/index.js';
import type { Config } from '../../src/config/schema.js';
import { labelsFor, resourceName } from '../common/naming.js';
import type { GcpNetwork } from './network.js';
import type { GcpDataKey } from './kms.js';
import { StoredSecret } from './secrets.js';
import { memorystoreLocation } from './zones.js';

const SIZE = /^(basic|standard-ha)-(\d+)gb$/;

/** `standard-ha-5gb` -> tier and memory. Production is always STANDARD_HA (replica + failover). */
export function memorystoreSize(config: Config): { tier: 'BASIC' | 'STANDARD_HA'; memorySizeGb: number } {
  const m = SIZE.exec(config.redis.instanceType);
  if (!m) {
    throw new Error(`redis.instanceType ${JSON.stringify(config.redis.instanceType)} is not a Memorystore size: use basic-<N>gb or standard-ha-<N>gb, e.g. standard-ha-5gb`);
  }
  const tier = config.tier === 'production' || m[1] === 'standard-ha' ? 'STANDARD_HA' : 'BASIC';
  return { tier, memorySizeGb: Number(m[2]) };
}

/** `7.2` -> `REDIS_7_2`; a bare major means its first minor (`7` -> `REDIS_7_0`). */
export function memorystoreVersion(version: string): string {
  const [major, minor = '0'] = version.split('.');
  return `REDIS_${major}_${minor}`;
}

export interface GcpCacheProps {
  config: Config;
  network: GcpNetwork;
  /** Customer-managed key (official module: CMEK on Memorystore). */
  dataKey: GcpDataKey;
}

export class Memorystore extends Construct {
  readonly instance: RedisInstance;
  readonly authSecret: StoredSecret;

  constructor(scope: Construct, id: string, props: GcpCacheProps) {
    super(scope, id);
    const { config, network, dataKey } = props;
    const size = memorystoreSize(config);
    this.instance = new RedisInstance(this, 'instance', {
      name: resourceName(config, 'redis'),
      region: config.region!,
      tier: size.tier,
      memorySizeGb: size.memorySizeGb,
      ...memorystoreLocation(config, size.tier),
      redisVersion: memorystoreVersion(config.redis.version),
      authEnabled: true,
      transitEncryptionMode: 'DISABLED',
      connectMode: 'PRIVATE_SERVICE_ACCESS',
      authorizedNetwork: network.network.id,
      customerManagedKey: dataKey.key.id,
      maintenancePolicy: { weeklyMaintenanceWindow: [{ day: 'SUNDAY', startTime: { hours: 5, minutes: 0 } }] },
      labels: labelsFor(config),
      dependsOn: [network.privateServiceAccess, dataKey.grants.redis],
    });
    this.authSecret = new StoredSecret(this, 'redis-auth', config, this.instance.authString);
  }

  /** REDIS_URL for braintrust-secrets (sensitive: carries the AUTH string). */
  get url(): string {
    return `redis://:${this.instance.authString}@${this.instance.host}:${this.instance.port}`;
  }
}
