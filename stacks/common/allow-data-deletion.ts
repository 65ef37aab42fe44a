// `braintrust destroy --delete-data`: an Aspect that lifts deletion protection from the data
// stores of any cloud's stack, so a first apply unlocks them and the destroy can proceed.
import type { IConstruct } from 'constructs';
import type { IAspect } from 'cdktf';

/** resource type -> attribute overrides that allow deletion. */
export const DATA_DELETION_OVERRIDES: Record<string, Record<string, unknown>> = {
  aws_db_instance: { deletion_protection: false, skip_final_snapshot: true },
  aws_s3_bucket: { force_destroy: true },
  google_sql_database_instance: { deletion_protection: false },
  google_container_cluster: { deletion_protection: false },
  google_storage_bucket: { force_destroy: true },
};

/** Resource types that hold customer data: destroy refuses them without --delete-data. */
export const DATA_STORE_TYPES = new Set([
  'aws_db_instance', 'aws_elasticache_replication_group', 'aws_s3_bucket',
  'google_sql_database_instance', 'google_redis_instance', 'google_storage_bucket', 'google_kms_crypto_key',
  'azurerm_postgresql_flexible_server', 'azurerm_managed_redis', 'azurerm_redis_cache', 'azurerm_storage_account', 'azurerm_key_vault',
]);

export class AllowDataDeletion implements IAspect {
  visit(node: IConstruct): void {
    const r = node as IConstruct & { terraformResourceType?: string; addOverride?: (path: string, value: unknown) => void };
    const overrides = r.terraformResourceType ? DATA_DELETION_OVERRIDES[r.terraformResourceType] : undefined;
    if (!overrides || !r.addOverride) return;
    for (const [k, v] of Object.entries(overrides)) r.addOverride(k, v);
  }
}
