// PostgreSQL on RDS (official module modules/database). Credentials are generated here, kept
// in Secrets Manager and never output: consumers get the secret's ARN.
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance/index.js';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group/index.js';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import { Id } from '@cdktf/provider-random/lib/id/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { PORTS } from './network.js';
import { serviceTrustPolicy } from './policy.js';

/** RDS rejects explicit gp3 IOPS below 400 GiB (InvalidParameterCombination; module PR #288). */
export const GP3_PROVISIONED_IOPS_MIN_GIB = 400;
/** gp3 on RDS at >= 400 GiB includes 12,000 IOPS; provisioning less is rejected. */
export const GP3_BASELINE_IOPS = 12000;
export const DATABASE_USER = 'postgres';
export const DATABASE_NAME = 'postgres';

/** Production vs testing database settings (seed: production needs HA and backups). */
export function databaseTierSettings(config: Config) {
  const production = config.tier === 'production';
  return {
    multiAz: production,
    deletionProtection: production,
    backupRetentionPeriod: production ? 14 : 7,
    skipFinalSnapshot: !production,
  };
}

/** Storage settings: gp3, IOPS only where RDS accepts them, autoscaling headroom x4. */
export function databaseStorage(config: Config) {
  const { storageGiB, iops } = config.postgres;
  return {
    storageType: 'gp3',
    allocatedStorage: storageGiB,
    maxAllocatedStorage: Math.min(storageGiB * 4, 65536),
    iops: storageGiB >= GP3_PROVISIONED_IOPS_MIN_GIB ? Math.max(iops, GP3_BASELINE_IOPS) : undefined,
  };
}

export interface DatabaseProps {
  config: Config;
  subnetIds: string[];
  securityGroupId: string;
  kmsKeyArn: string;
}

export class Database extends Construct {
  readonly host: string;
  readonly port: number;
  readonly secretArn: string;
  /** The secret's value: depend on it before reading the secret at boot or cold start. */
  readonly secretValue: ITerraformDependable;
  readonly identifier: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { config, kmsKeyArn } = props;
    const tier = databaseTierSettings(config);
    const major = String(config.postgres.version);

    // Alphanumeric only: the password goes into postgres:// URLs without escaping.
    const password = new Password(this, 'password', { length: 40, special: false });

    const subnets = new DbSubnetGroup(this, 'subnets', {
      namePrefix: `${resourceName(config, 'main')}-`,
      description: 'Braintrust main database subnets',
      subnetIds: props.subnetIds,
      lifecycle: { createBeforeDestroy: true },
    });
    // Settings the data plane expects (official module: pg_cron, pg_hint_plan, long statements).
    const parameters = new DbParameterGroup(this, 'parameters', {
      namePrefix: `${resourceName(config, 'main')}-`,
      family: `postgres${major}`,
      description: 'Braintrust main database parameters',
      parameter: [
        { name: 'random_page_cost', value: '1' },
        { name: 'shared_preload_libraries', value: 'pg_stat_statements,pg_hint_plan,pg_cron', applyMethod: 'pending-reboot' },
        { name: 'statement_timeout', value: '3600000' },
      ],
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoringRole = new IamRole(this, 'monitoring_role', {
      name: resourceName(config, 'db-monitoring'),
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'monitoring_policy', {
      role: monitoringRole.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    });
    const snapshotSuffix = new Id(this, 'snapshot_suffix', { byteLength: 4 });

    const db = new DbInstance(this, 'main', {
      identifier: resourceName(config, 'main'),
      engine: 'postgres',
      engineVersion: major,
      instanceClass: config.postgres.instanceType,
      ...databaseStorage(config),
      storageEncrypted: true,
      kmsKeyId: kmsKeyArn,
      dbName: DATABASE_NAME,
      username: DATABASE_USER,
      password: password.result,
      port: PORTS.postgres,
      dbSubnetGroupName: subnets.name,
      parameterGroupName: parameters.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,
      multiAz: tier.multiAz,
      deletionProtection: tier.deletionProtection,
      backupRetentionPeriod: tier.backupRetentionPeriod,
      backupWindow: '00:00-00:30',
      maintenanceWindow: 'Mon:08:00-Mon:11:00',
      copyTagsToSnapshot: true,
      skipFinalSnapshot: tier.skipFinalSnapshot,
      finalSnapshotIdentifier: tier.skipFinalSnapshot ? undefined : `${resourceName(config, 'main')}-final-${snapshotSuffix.hex}`,
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: 7,
      performanceInsightsKmsKeyId: kmsKeyArn,
      monitoringInterval: 60,
      monitoringRoleArn: monitoringRole.arn,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: true,
      lifecycle: {
        // Replacing the instance would lose data: these can only change by migration.
        ignoreChanges: ['kms_key_id', 'storage_encrypted', 'db_subnet_group_name'],
      },
    });

    const secret = new SecretsmanagerSecret(this, 'secret', {
      namePrefix: `${config.name}/database-`,
      description: `Braintrust ${config.name} PostgreSQL credentials`,
      kmsKeyId: kmsKeyArn,
    });
    this.secretValue = new SecretsmanagerSecretVersion(this, 'secret_value', {
      secretId: secret.id,
      secretString: Fn.jsonencode({
        username: DATABASE_USER,
        password: password.result,
        host: db.address,
        port: db.port,
        dbname: DATABASE_NAME,
        url: `postgres://${DATABASE_USER}:${password.result}@${db.address}:${db.port}/${DATABASE_NAME}`,
      }),
    });

    this.host = db.address;
    this.port = PORTS.postgres;
    this.secretArn = secret.arn;
    this.identifier = db.identifier;
  }
}
