// Cloud SQL for PostgreSQL (official module modules/database): private IP only, TLS required,
// backups with point-in-time recovery, REGIONAL (HA) in production. Cloud SQL scales IOPS with
// disk size, so postgres.iops has no setting here; the sizing check compares it with the disk.
import { Construct } from 'constructs';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance/index.js';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database/index.js';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { Config } from '../../src/config/schema.js';
import { labelsFor, resourceName } from '../common/naming.js';
import type { GcpNetwork } from './network.js';
import { StoredSecret } from './secrets.js';
import type { GcpDataKey } from './kms.js';
import { sqlLocationPreference } from './zones.js';

export const DATABASE_NAME = 'braintrust';
export const DATABASE_USER = 'braintrust';
export const POSTGRES_PORT = 5432;

// Flags from the official module (modules/database): pg_cron for Braintrust's scheduled jobs,
// pg_hint_plan, SSD-friendly planner costs. Unlike the module our database is `braintrust`, not
// `postgres`, and pg_cron can only be created in cron.database_name (as official Azure sets it).
// statement_timeout as official Azure (1 h). max_connections: the module's 8000 in production.
export function databaseFlags(tier: Config['tier'], edition: 'ENTERPRISE' | 'ENTERPRISE_PLUS'): Record<string, string> {
  return {
    'cloudsql.enable_pg_cron': 'on',
    'cron.database_name': DATABASE_NAME,
    'cloudsql.enable_pg_hint_plan': 'on',
    random_page_cost: '1',
    statement_timeout: '3600000',
    max_connections: tier === 'production' ? '8000' : '500',
    // The index advisor is an Enterprise Plus feature (the module runs db-perf-optimized tiers).
    ...(edition === 'ENTERPRISE_PLUS' ? { 'cloudsql.enable_index_advisor': 'on' } : {}),
  };
}

/** db-perf-optimized-* tiers exist only in the Enterprise Plus edition. */
export function sqlEdition(tier: string): 'ENTERPRISE' | 'ENTERPRISE_PLUS' {
  return tier.startsWith('db-perf-optimized-') ? 'ENTERPRISE_PLUS' : 'ENTERPRISE';
}

export interface GcpDatabaseProps {
  config: Config;
  network: GcpNetwork;
  suffix: string;
  /** Customer-managed key (official module: CMEK on Cloud SQL). */
  dataKey: GcpDataKey;
}

export class CloudSqlPostgres extends Construct {
  readonly instance: SqlDatabaseInstance;
  readonly password: Password;
  readonly passwordSecret: StoredSecret;

  constructor(scope: Construct, id: string, props: GcpDatabaseProps) {
    super(scope, id);
    const { config, network, suffix, dataKey } = props;
    const production = config.tier === 'production';
    const pg = config.postgres;

    // URL-safe: the password goes into PG_URL unescaped.
    this.password = new Password(this, 'password', { length: 32, special: false });

    const edition = sqlEdition(pg.instanceType);
    this.instance = new SqlDatabaseInstance(this, 'instance', {
      // Instance names cannot be reused for a week after deletion, hence the suffix.
      name: resourceName(config, `pg-${suffix}`),
      region: config.region!,
      databaseVersion: `POSTGRES_${pg.version}`,
      deletionProtection: production,
      // CMEK, as the official module. Cloud SQL fixes an instance's encryption at creation (the
      // provider would replace it), so an instance created before this keeps Google-managed
      // encryption rather than being destroyed: moving it is an export and import (README).
      encryptionKeyName: dataKey.key.id,
      lifecycle: { ignoreChanges: ['encryption_key_name'] },
      settings: {
        tier: pg.instanceType,
        edition,
        availabilityType: production ? 'REGIONAL' : 'ZONAL',
        ...sqlLocationPreference(config),
        diskType: 'PD_SSD',
        diskSize: pg.storageGiB,
        diskAutoresize: true,
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: network.network.id,
          sslMode: 'ENCRYPTED_ONLY',
        },
        backupConfiguration: {
          enabled: true,
          startTime: '04:00',
          pointInTimeRecoveryEnabled: true,
          transactionLogRetentionDays: 7,
          backupRetentionSettings: { retainedBackups: production ? 30 : 7, retentionUnit: 'COUNT' },
        },
        databaseFlags: Object.entries(databaseFlags(config.tier, edition)).map(([name, value]) => ({ name, value })),
        // Data cache (local SSD read cache): Enterprise Plus only, on in the official module.
        ...(edition === 'ENTERPRISE_PLUS' ? { dataCacheConfig: { dataCacheEnabled: true } } : {}),
        maintenanceWindow: { day: 7, hour: 5, updateTrack: 'stable' },
        insightsConfig: { queryInsightsEnabled: true },
        userLabels: labelsFor(config),
      },
      dependsOn: [network.privateServiceAccess, dataKey.grants.sql],
    });
    new SqlDatabase(this, 'database', { name: DATABASE_NAME, instance: this.instance.name });
    new SqlUser(this, 'user', { name: DATABASE_USER, instance: this.instance.name, password: this.password.result });
    this.passwordSecret = new StoredSecret(this, 'postgres-password', config, this.password.result);
  }

  /** PG_URL for the chart's braintrust-secrets (sensitive: contains the password). */
  get url(): string {
    return `postgres://${DATABASE_USER}:${this.password.result}@${this.instance.privateIpAddress}:${POSTGRES_PORT}/${DATABASE_NAME}?sslmode=require`;
  }
}
