// Redis on Azure: Azure Managed Redis (azurerm_managed_redis), reached through a private
// endpoint.
//
// Why not Azure Cache for Redis (azurerm_redis_cache, what the official module uses): its
// Basic/Standard/Premium tiers only run Redis 6, and Braintrust requires Redis 7+ (seed
// hardware table). Azure Managed Redis runs Redis 7.4; the resource has no version argument
// (the service picks the engine), so redis.version is a minimum the sizing check holds it to.
import { Construct } from 'constructs';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis/index.js';
import type { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import type { AzureNetwork } from './network.js';
import { privateEndpoint } from './private-zone.js';
import { managedRedisClusteringPolicy } from '../../src/sizing/catalog/azure.js';

/** The engine Azure Managed Redis runs. */
export const MANAGED_REDIS_VERSION = '7.4';

export interface AzureCacheProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
  suffix: string;
}

export class AzureManagedRedis extends Construct {
  readonly redis: ManagedRedis;
  readonly endpoint: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: AzureCacheProps) {
    super(scope, id);
    const { config, group, network, suffix } = props;
    this.redis = new ManagedRedis(this, 'redis', {
      name: resourceName(config, `redis-${suffix}`),
      resourceGroupName: group.name,
      location: group.location,
      skuName: config.redis.instanceType,
      // Replicated across zones in production; testing may run a single node.
      highAvailabilityEnabled: config.tier === 'production',
      publicNetworkAccess: 'Disabled',
      defaultDatabase: {
        // TLS only. Clients see one endpoint (no cluster-aware client needed).
        clientProtocol: 'Encrypted',
        // Non-clustered (one unsharded keyspace, like the official modules' Redis) up to 25 GB,
        // so multi-key commands and scripts never meet CROSSSLOT; Enterprise clustering above,
        // where `sizing check` warns. Changing the policy recreates the database (Redis holds
        // caches and queues only).
        clusteringPolicy: managedRedisClusteringPolicy(config.redis.instanceType),
        // The API and Brainstore authenticate with an access key (REDIS_URL).
        accessKeysAuthenticationEnabled: true,
      },
      tags: tagsFor(config),
    });
    this.endpoint = privateEndpoint(this, {
      config,
      group,
      network,
      zoneId: 'redis-dns',
      zoneName: 'privatelink.redis.azure.net',
      service: 'redis',
      resourceId: this.redis.id,
      subresource: 'redisEnterprise',
    });
  }

  get host(): string {
    return this.redis.hostname;
  }

  get port(): number {
    return this.redis.defaultDatabase.port;
  }

  get accessKey(): string {
    return this.redis.defaultDatabase.primaryAccessKey;
  }

  /** REDIS_URL (sensitive: carries the access key). */
  get url(): string {
    return `rediss://:${this.accessKey}@${this.host}:${this.port}`;
  }
}
