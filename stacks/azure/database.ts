// PostgreSQL Flexible Server (official module modules/database): private access through a
// delegated subnet and private DNS zone, backups kept in-region (geo-redundancy off),
// zone-redundant HA in production.
import { Construct } from 'constructs';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server/index.js';
import { PostgresqlFlexibleServerDatabase } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-database/index.js';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import type { AzureNetwork } from './network.js';
import { PrivateZone } from './private-zone.js';
import type { ServiceKey } from './encryption.js';

export const DATABASE_NAME = 'braintrust';
export const ADMIN_LOGIN = 'braintrust';
export const POSTGRES_PORT = 5432;

// Storage sizes and Premium SSD performance tiers: one table, shared with sizing (which reports
// the IOPS the chosen tier really gives).
export { STORAGE_MB, STORAGE_TIERS, storageMb, storageTier } from '../../src/sizing/catalog/azure.js';
import { storageMb, storageTier } from '../../src/sizing/catalog/azure.js';

// Braintrust schedules jobs with pg_cron and partitions logs with pg_partman (INSERT_LOGS2;
// chart api-configmap). shared_preload_libraries is static: the first deploy needs a server
// restart (official README, step 2), which `install` performs.
// pg_hint_plan preloaded and allow-listed, and a one-hour statement_timeout, as the official
// module (modules/database/main.tf).
export const SERVER_PARAMETERS: Record<string, string> = {
  'azure.extensions': 'PG_CRON,PG_HINT_PLAN,PG_PARTMAN,PG_STAT_STATEMENTS',
  shared_preload_libraries: 'pg_cron,pg_hint_plan,pg_stat_statements',
  'cron.database_name': DATABASE_NAME,
  statement_timeout: '3600000',
  random_page_cost: '1',
  // Enhanced metrics the official module turns on (database activity, autovacuum).
  'metrics.collector_database_activity': 'ON',
  'metrics.autovacuum_diagnostics': 'ON',
};

export interface AzureDatabaseProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
  suffix: string;
  /** Customer-managed key (production, as the official module); none: Microsoft-managed. */
  cmk?: ServiceKey;
}

export class FlexiblePostgres extends Construct {
  readonly server: PostgresqlFlexibleServer;
  readonly password: Password;

  constructor(scope: Construct, id: string, props: AzureDatabaseProps) {
    super(scope, id);
    const { config, group, network, suffix, cmk } = props;
    const production = config.tier === 'production';
    const pg = config.postgres;

    // Flexible Server in a delegated subnet needs a zone ending in .postgres.database.azure.com.
    const dns = new PrivateZone(this, 'postgres-dns', {
      config,
      group,
      network,
      zoneName: `${config.name}.private.postgres.database.azure.com`,
    });

    // URL-safe: the password goes into PG_URL unescaped.
    this.password = new Password(this, 'password', { length: 32, special: false });
    const mb = storageMb(pg.storageGiB);
    this.server = new PostgresqlFlexibleServer(this, 'server', {
      // Server names are global DNS names.
      name: resourceName(config, `pg-${suffix}`),
      resourceGroupName: group.name,
      location: group.location,
      version: String(pg.version),
      skuName: pg.instanceType,
      storageMb: mb,
      storageTier: storageTier(mb, pg.iops),
      autoGrowEnabled: true,
      administratorLogin: ADMIN_LOGIN,
      administratorPassword: this.password.result,
      authentication: { passwordAuthEnabled: true },
      delegatedSubnetId: network.postgresSubnet.id,
      privateDnsZoneId: dns.zone.id,
      publicNetworkAccessEnabled: false,
      backupRetentionDays: production ? 35 : 7,
      geoRedundantBackupEnabled: false,
      // config.zones pins the primary (first) and the standby (second; one zone: same-zone HA).
      zone: config.zones?.[0] ?? (production ? '1' : undefined),
      highAvailability: production
        ? (config.zones?.length === 1 ? { mode: 'SameZone' } : { mode: 'ZoneRedundant', standbyAvailabilityZone: config.zones?.[1] ?? '2' })
        : undefined,
      maintenanceWindow: { dayOfWeek: 0, startHour: 5, startMinute: 0 },
      // Data encryption with the service's key, as its identity (official modules/database).
      identity: cmk ? { type: 'UserAssigned', identityIds: [cmk.identityId] } : undefined,
      customerManagedKey: cmk ? { keyVaultKeyId: cmk.key.id, primaryUserAssignedIdentityId: cmk.identityId } : undefined,
      tags: tagsFor(config),
      // Azure swaps primary and standby zones on failover. A server's data encryption is set
      // at creation only: a server created before customer-managed keys keeps its own rather
      // than being replaced (README, differences).
      lifecycle: production ? { ignoreChanges: ['zone', 'high_availability[0].standby_availability_zone', 'customer_managed_key'] } : undefined,
      dependsOn: [dns.link, ...(cmk ? [cmk.grant] : [])],
    });
    new PostgresqlFlexibleServerDatabase(this, 'database', {
      name: DATABASE_NAME,
      serverId: this.server.id,
      charset: 'UTF8',
      collation: 'en_US.utf8',
    });
    // One at a time: the server rejects concurrent parameter updates (ConflictingServerOperation).
    let previous: PostgresqlFlexibleServerConfiguration | undefined;
    for (const [name, value] of Object.entries(SERVER_PARAMETERS)) {
      previous = new PostgresqlFlexibleServerConfiguration(this, `parameter-${name.replace(/[._]/g, '-')}`, {
        name,
        value,
        serverId: this.server.id,
        dependsOn: previous ? [previous] : undefined,
      });
    }
  }

  /** PG_URL (sensitive: contains the password). */
  get url(): string {
    return `postgres://${ADMIN_LOGIN}:${this.password.result}@${this.server.fqdn}:${POSTGRES_PORT}/${DATABASE_NAME}?sslmode=require`;
  }
}
