// The Azure stack, synthesized for both tiers: what a reviewer of the plan looks at.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/azure/index.js';
import { storageMb, storageTier } from '../../stacks/azure/database.js';
import { flexibleServerIops, managedRedisClusteringPolicy } from '../../src/sizing/catalog/azure.js';
import { checkSizing } from '../../src/sizing/check.js';
import { validateConfig } from '../../src/config/load.js';
import { assertReferencesResolve, onlyResource, resourcesOf } from '../helpers/terraform-json.js';
import { byName, envOf, fixtureConfig, releaseValues, stackSynth } from '../helpers/stack-fixtures.js';
import { AZURE_PRODUCTION, AZURE_TESTING } from '../helpers/stack-fixtures.js';

const SUPPORT = '0f4b5c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';

const PRODUCTION = AZURE_PRODUCTION;
const TESTING = AZURE_TESTING;

const config = fixtureConfig;
const synth = stackSynth(buildStack);

function helmValues(json: TerraformJson): any {
  return releaseValues(onlyResource(json, 'helm_release'));
}

function pools(json: TerraformJson): Record<string, any> {
  return byName(json, 'azurerm_kubernetes_cluster_node_pool');
}

const prod = synth(config(PRODUCTION));
const test = synth(config(TESTING));

describe('azure stack: database', () => {
  it('runs a private, zone-redundant Flexible Server in production', () => {
    const pg = onlyResource(prod, 'azurerm_postgresql_flexible_server') as any;
    assert.equal(pg.version, '17');
    assert.equal(pg.sku_name, 'GP_Standard_D8ds_v5');
    assert.deepEqual(pg.high_availability, { mode: 'ZoneRedundant', standby_availability_zone: '2' });
    assert.equal(pg.public_network_access_enabled, false);
    assert.match(pg.delegated_subnet_id, /^\$\{azurerm_subnet\.network_postgres/);
    assert.match(pg.private_dns_zone_id, /^\$\{azurerm_private_dns_zone\./);
    assert.equal(pg.geo_redundant_backup_enabled, false);
    assert.equal(pg.backup_retention_days, 35);
    assert.equal(pg.storage_mb, 1048576, '1000 GiB rounds up to 1 TiB');
    assert.equal(pg.storage_tier, 'P30', '5000 IOPS');
    assert.equal(pg.auto_grow_enabled, true);
    const subnet = resourcesOf(prod, 'azurerm_subnet').find(([n]) => n.startsWith('network_postgres'))![1] as any;
    assert.equal(subnet.delegation[0].service_delegation.name, 'Microsoft.DBforPostgreSQL/flexibleServers');
    const zone = resourcesOf(prod, 'azurerm_private_dns_zone').map(([, z]) => (z as any).name);
    assert.ok(zone.includes('bt-prod.private.postgres.database.azure.com'));
  });

  it('has no HA for testing', () => {
    const pg = onlyResource(test, 'azurerm_postgresql_flexible_server') as any;
    assert.equal(pg.version, '15');
    assert.equal(pg.high_availability, undefined);
    assert.equal(pg.storage_mb, 131072);
    assert.equal(pg.storage_tier, 'P30', 'the first tier with 3000+ IOPS (a 128 GiB disk takes P10 to P50)');
  });

  it('rounds storage up to a valid size and picks the tier for the IOPS', () => {
    assert.equal(storageMb(32), 32768);
    assert.equal(storageMb(33), 65536);
    assert.equal(storageMb(5000), 8388608);
    assert.equal(storageTier(131072, 100), 'P10', 'never below the size default');
    assert.equal(storageTier(1048576, 7000), 'P40');
    assert.equal(storageTier(8388608, 17000), 'P70');
  });
});

describe('azure stack: AKS', () => {
  it('enables OIDC, workload identity and the Key Vault CSI driver', () => {
    const aks = onlyResource(prod, 'azurerm_kubernetes_cluster') as any;
    assert.equal(aks.oidc_issuer_enabled, true);
    assert.equal(aks.workload_identity_enabled, true);
    assert.equal(aks.key_vault_secrets_provider.secret_rotation_enabled, true);
    assert.equal(aks.default_node_pool.only_critical_addons_enabled, true);
    assert.equal(aks.default_node_pool.os_disk_type, 'Managed');
    assert.equal(aks.network_profile.outbound_type, 'userAssignedNATGateway');
    const ext = onlyResource(prod, 'azurerm_kubernetes_cluster_extension') as any;
    assert.equal(ext.extension_type, 'microsoft.azurecontainerstoragev2');
  });

  it('has api, bsreader and bswriter pools; Brainstore on NVMe sizes, tainted and labelled', () => {
    const p = pools(prod);
    assert.deepEqual(Object.keys(p).sort(), ['api', 'bsreader', 'bswriter']);
    assert.equal(p.bsreader.vm_size, 'Standard_L16s_v3');
    assert.equal(p.bsreader.node_count, 2);
    assert.deepEqual(p.bsreader.node_taints, ['dedicated=brainstore-reader:NoSchedule']);
    assert.deepEqual(p.bsreader.node_labels, { 'braintrust/node-pool': 'brainstore-reader' });
    assert.equal(p.bswriter.vm_size, 'Standard_L32as_v3');
    assert.equal(p.bswriter.node_count, 1);
    assert.deepEqual(p.bswriter.node_taints, ['dedicated=brainstore-writer:NoSchedule']);
    for (const pool of Object.values(p)) {
      assert.equal(pool.os_disk_type, 'Managed');
      assert.equal(pool.mode, 'User');
      assert.deepEqual(pool.zones, ['1', '2', '3']);
    }
    assert.equal(p.api.node_taints, undefined);
    assert.equal(p.api.vm_size, 'Standard_D8s_v5');
  });

  it('has one combined brainstore pool for testing', () => {
    const p = pools(test);
    assert.deepEqual(Object.keys(p).sort(), ['api', 'brainstore']);
    assert.deepEqual(p.brainstore.node_taints, ['dedicated=brainstore:NoSchedule']);
    assert.equal(p.brainstore.zones, undefined);
  });
});

describe('azure stack: Redis, storage, Key Vault, identity', () => {
  it('runs Azure Managed Redis (Redis 7.4), private and TLS only', () => {
    assert.equal(resourcesOf(prod, 'azurerm_redis_cache').length, 0, 'Azure Cache for Redis only offers Redis 6');
    const r = onlyResource(prod, 'azurerm_managed_redis') as any;
    assert.equal(r.sku_name, 'Balanced_B5');
    assert.equal(r.high_availability_enabled, true);
    assert.equal(r.public_network_access, 'Disabled');
    assert.equal(r.default_database.client_protocol, 'Encrypted');
    assert.equal(r.default_database.clustering_policy, 'NoCluster', 'one unsharded keyspace: multi-key commands and scripts never meet CROSSSLOT');
    const t = onlyResource(test, 'azurerm_managed_redis') as any;
    assert.equal(t.high_availability_enabled, false);
    const endpoints = resourcesOf(prod, 'azurerm_private_endpoint').map(([, e]) => (e as any).private_service_connection.subresource_names[0]).sort();
    assert.deepEqual(endpoints, ['blob', 'redisEnterprise', 'vault']);
  });

  it('keeps Managed Redis non-clustered up to 25 GB and uses Enterprise clustering above (no NoCluster there)', () => {
    assert.equal(managedRedisClusteringPolicy('Balanced_B20'), 'NoCluster', '24 GB');
    assert.equal(managedRedisClusteringPolicy('MemoryOptimized_M20'), 'NoCluster');
    assert.equal(managedRedisClusteringPolicy('Balanced_B50'), 'EnterpriseCluster', '60 GB');
    const big = synth(config({ ...PRODUCTION, redis: { instanceType: 'Balanced_B50', version: '7.4' } }));
    assert.equal((onlyResource(big, 'azurerm_managed_redis') as any).default_database.clustering_policy, 'EnterpriseCluster');
    const warn = checkSizing(validateConfig({ ...PRODUCTION, redis: { instanceType: 'Balanced_B50', version: '7.4' } }))
      .find((f) => f.component === 'redis' && f.check === 'clustering');
    assert.equal(warn?.status, 'warn');
    assert.match(warn!.hint, /CROSSSLOT/);
    assert.equal(checkSizing(validateConfig(PRODUCTION)).find((f) => f.check === 'clustering')?.status, 'pass');
  });

  it('encrypts PostgreSQL and Storage with customer-managed keys in production, after granting their identity', () => {
    const keys = byName(prod, 'azurerm_key_vault_key');
    assert.deepEqual(Object.keys(keys).sort(), ['postgres-cmk', 'storage-cmk']);
    for (const k of Object.values(keys) as any[]) {
      assert.equal(k.key_type, 'RSA');
      assert.equal(k.key_size, 4096);
      assert.deepEqual(k.key_opts, ['wrapKey', 'unwrapKey']);
      assert.match(k.key_vault_id, /azurerm_key_vault\./);
      assert.ok(k.depends_on.some((d: string) => d.startsWith('azurerm_role_assignment.')), 'terraform may create keys first');
      assert.ok(k.depends_on.some((d: string) => d.startsWith('azurerm_private_endpoint.')), 'after the vault endpoint: minutes for RBAC to propagate');
    }
    const officer = resourcesOf(prod, 'azurerm_role_assignment').find(([, r]) => (r as any).role_definition_name === 'Key Vault Crypto Officer');
    assert.ok(officer, 'terraform is Key Vault Crypto Officer on the vault');
    const pg = onlyResource(prod, 'azurerm_postgresql_flexible_server') as any;
    assert.match(pg.customer_managed_key.key_vault_key_id, /^\$\{azurerm_key_vault_key\.[^.]+\.id\}$/, 'PostgreSQL: a versioned key id, as the module');
    assert.ok(pg.lifecycle.ignore_changes.includes('customer_managed_key'), 'a server made before CMK is kept');
    const sa = onlyResource(prod, 'azurerm_storage_account') as any;
    assert.match(sa.customer_managed_key.key_vault_key_id, /^\$\{azurerm_key_vault_key\.[^.]+\.versionless_id\}$/, 'Storage follows new key versions');
    for (const r of [pg, sa]) {
      const grants = (r.depends_on as string[]).filter((d) => d.startsWith('azurerm_role_assignment.'));
      assert.equal(grants.length, 1, 'waits for its key grant');
      const grant = (prod.resource as any).azurerm_role_assignment[grants[0].split('.')[1]];
      assert.equal(grant.role_definition_name, 'Key Vault Crypto Service Encryption User');
      // On the vault (as the module), so it exists before the keys and has time to propagate.
      assert.match(grant.scope, /^\$\{azurerm_key_vault\.[^.]+\.id\}$/);
      assert.equal(grant.depends_on, undefined);
    }
    // Testing: no purge protection on the vault, so Microsoft-managed keys.
    assert.equal(resourcesOf(test, 'azurerm_key_vault_key').length, 0);
    assert.equal((onlyResource(test, 'azurerm_postgresql_flexible_server') as any).customer_managed_key, undefined);
    assert.equal((onlyResource(test, 'azurerm_storage_account') as any).customer_managed_key, undefined);
    assert.equal((onlyResource(prod, 'azurerm_key_vault') as any).purge_protection_enabled, true);
  });

  it('locks down the storage account and creates the chart containers', () => {
    const sa = onlyResource(prod, 'azurerm_storage_account') as any;
    assert.equal(sa.min_tls_version, 'TLS1_2');
    assert.equal(sa.allow_nested_items_to_be_public, false);
    assert.equal(sa.infrastructure_encryption_enabled, true);
    assert.equal(sa.shared_access_key_enabled, false);
    // Signed URLs are used by browsers outside the VNet (official module); no shared keys.
    assert.equal(sa.public_network_access_enabled, true);
    assert.deepEqual(sa.blob_properties.cors_rule[0].allowed_origins.slice(0, 3), ['https://braintrust.dev', 'https://*.braintrust.dev', 'https://*.preview.braintrust.dev']);
    assert.match(sa.name, /^btprod\$\{random_string\./);
    const containers = resourcesOf(prod, 'azurerm_storage_container').map(([, c]) => (c as any).name).sort();
    assert.deepEqual(containers, ['brainstore', 'code-bundles', 'responses']);
    for (const [, c] of resourcesOf(prod, 'azurerm_storage_container') as [string, any][]) assert.equal(c.container_access_type, 'private');
  });

  it('uses an RBAC Key Vault, purge-protected in production', () => {
    const kv = onlyResource(prod, 'azurerm_key_vault') as any;
    assert.equal(kv.rbac_authorization_enabled, true);
    assert.equal(kv.purge_protection_enabled, true);
    assert.equal((onlyResource(test, 'azurerm_key_vault') as any).purge_protection_enabled, false);
    const names = resourcesOf(prod, 'azurerm_key_vault_secret').map(([, s]) => (s as any).name).sort();
    assert.deepEqual(names, [
      'azure-storage-connection-string', 'brainstore-license-key', 'function-secret-key', 'postgres-connection-string',
      'postgres-password', 'redis-access-key', 'redis-connection-string',
    ]);
  });

  it('federates one managed identity with both service accounts, with blob and secret roles', () => {
    const subjects = resourcesOf(prod, 'azurerm_federated_identity_credential').map(([, f]) => (f as any).subject).sort();
    assert.deepEqual(subjects, ['system:serviceaccount:braintrust:brainstore', 'system:serviceaccount:braintrust:braintrust-api']);
    const roles = resourcesOf(prod, 'azurerm_role_assignment').filter(([n]) => n.startsWith('identity_')).map(([, r]) => r as any);
    assert.deepEqual(roles.map((r) => r.role_definition_name).sort(), ['Key Vault Secrets User', 'Storage Blob Data Contributor']);
    assert.match(roles.find((r) => r.role_definition_name === 'Storage Blob Data Contributor').scope, /^\$\{azurerm_storage_account\./);
  });
});

describe('azure stack: Helm release', () => {
  it('passes Azure wiring and config to the chart', () => {
    const release = onlyResource(prod, 'helm_release') as any;
    assert.equal(release.repository, 'oci://public.ecr.aws/braintrust/helm');
    assert.equal(release.chart, 'braintrust');
    const v = helmValues(prod);
    assert.equal(v.cloud, 'azure');
    assert.equal(v.azure.enableAzureKeyVaultDriver, true);
    assert.equal(v.azure.enableAzureContainerStorageDriver, true);
    assert.match(v.azure.keyVaultName, /^\$\{azurerm_key_vault\./);
    assert.match(v.api.serviceAccount.azureClientId, /client_id\}$/);
    assert.equal(v.objectStorage.azure.responseContainer, 'responses');
    assert.equal(v.api.replicas, 4);
    assert.equal(v.api.service.type, 'LoadBalancer');
    assert.equal(v.api.annotations.service['service.beta.kubernetes.io/azure-load-balancer-internal'], 'true');
    const env = envOf(v);
    assert.equal(env.NODE_MEMORY_PERCENT, '85');
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '100');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage');
  });

  it('reflects a changed config', () => {
    const v = helmValues(
      synth(
        config(PRODUCTION, (c) => {
          c.rateLimit = { maxRequests: 0, windowMinutes: 1 };
          c.telemetry = { enabled: true, logs: false, traces: true };
          c.api.nodeMemoryPercent = 80;
        }),
      ),
    );
    const env = envOf(v);
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '0');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage,traces');
    assert.equal(v.global.controlPlaneTelemetry, 'status,metrics,usage,traces');
    assert.equal(env.NODE_MEMORY_PERCENT, '80');
    assert.equal(v.api.nodeMemoryPercent, '80');
  });

  it('places Brainstore on its pools with NVMe volumes, one pod per node', () => {
    const { reader, writer } = helmValues(prod).brainstore;
    assert.equal(reader.replicas, 2);
    assert.equal(writer.replicas, 1);
    assert.deepEqual(reader.nodeSelector, { 'braintrust/node-pool': 'brainstore-reader' });
    assert.deepEqual(writer.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'brainstore-writer', effect: 'NoSchedule' }]);
    assert.ok(reader.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    // L16s_v3: 2 x 1.92 TB NVMe; the volume stays within it.
    const gi = Number(reader.volume.size.replace('Gi', ''));
    assert.ok(gi > 1024 && gi < 3576, `${gi}Gi`);
    assert.ok(Number(reader.resources.requests.cpu) < 16);
    const t = helmValues(test).brainstore;
    assert.deepEqual(t.reader.nodeSelector, { 'braintrust/node-pool': 'brainstore' });
    assert.equal(t.writer.replicas, 1);
  });

  it('sizes the zero-replica fast reader volume: the chart requires it with Azure Container Storage', () => {
    for (const json of [prod, test]) {
      const v = helmValues(json);
      assert.equal(v.azure.enableAzureContainerStorageDriver, true);
      assert.equal(v.brainstore.fastreader.replicas, 0);
      assert.deepEqual(v.brainstore.fastreader.volume, v.brainstore.reader.volume);
      assert.match(v.brainstore.fastreader.volume.size, /^\d+Gi$/);
    }
    // AKS does not taint Arm nodes: no arch toleration on Azure.
    assert.equal(helmValues(prod).brainstore.reader.tolerations.length, 1);
  });

  it('waits for the pools, storage driver, identity and secrets', () => {
    const deps = (onlyResource(prod, 'helm_release') as any).depends_on as string[];
    for (const type of ['azurerm_kubernetes_cluster_node_pool', 'azurerm_kubernetes_cluster_extension', 'azurerm_federated_identity_credential', 'azurerm_key_vault_secret']) {
      assert.ok(deps.some((d) => d.startsWith(`${type}.`)), type);
    }
  });
});

describe('azure stack: secrets and wiring', () => {
  it('has no literal secret; the license key is a sensitive optional variable checked at plan', () => {
    for (const [, s] of resourcesOf(prod, 'azurerm_key_vault_secret') as [string, any][]) assert.match(s.value, /\$\{/, s.name);
    const license = resourcesOf(prod, 'azurerm_key_vault_secret').find(([, s]) => (s as any).name === 'brainstore-license-key')![1] as any;
    assert.equal(license.value, '${var.brainstore_license_key}');
    assert.equal(license.lifecycle.precondition.length, 1);
    const v = (prod.variable as any).brainstore_license_key;
    assert.deepEqual([v.sensitive, v.nullable, v.default], [true, true, null]);
    assert.match((onlyResource(prod, 'azurerm_postgresql_flexible_server') as any).administrator_password, /^\$\{random_password\./);
    // The chart reads its secrets from Key Vault: nothing secret passes through Helm values.
    const values = JSON.stringify(helmValues(prod));
    assert.doesNotMatch(values, /random_password|primary_access_key|brainstore_license_key/);
  });

  it('reads the license key from an existing Key Vault secret when configured', () => {
    const ref = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/acme-kv/secrets/bt-license';
    const json = synth(config(PRODUCTION, (c) => void (c.secrets = { brainstoreLicenseKey: { secretRef: ref } })));
    const data = Object.values((json.data as any).azurerm_key_vault_secret)[0] as any;
    assert.deepEqual([data.name, data.key_vault_id], ['bt-license', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/acme-kv']);
    assert.throws(() => synth(config(PRODUCTION, (c) => void (c.secrets = { brainstoreLicenseKey: { secretRef: 'https://x.vault.azure.net/secrets/y' } }))), /resource id/);
  });

  it('outputs the contract', () => {
    assert.deepEqual(Object.keys(prod.output ?? {}).sort(), [
      'api_internal_url', 'api_url', 'brainstore_bucket', 'cluster_name', 'code_bundle_bucket', 'front_door_hostname', 'kube_context', 'namespace',
      'postgres_host', 'postgres_port', 'postgres_secret_id', 'private_link_service_id', 'redis_host', 'redis_port', 'redis_secret_id', 'region',
      'resource_group', 'response_bucket', 'storage_account',
    ]);
    const out = prod.output as any;
    // The default ingress is public: Front Door's HTTPS hostname (test/stacks/azure-ingress.test.ts).
    assert.match(out.api_url.value, /^https:\/\/\$\{azurerm_cdn_frontdoor_endpoint\.[^.]+\.host_name\}$/);
    assert.equal(out.api_internal_url.value, 'http://${cidrhost(cidrsubnet("10.175.0.0/20", 4, 6), 10)}:8000');
    assert.match(out.postgres_secret_id.value, /^\$\{azurerm_key_vault_secret\..*\.versionless_id\}$/);
    assert.equal(out.response_bucket.value, 'responses');
  });

  it('resolves every reference, for both tiers', () => {
    assertReferencesResolve(prod);
    assertReferencesResolve(test);
  });

  it('uses the configured backend and subscription', () => {
    assert.deepEqual((prod.terraform as any).backend, { local: { path: 'terraform.tfstate' } });
    assert.equal((prod.variable as any).subscription_id.default, '00000000-0000-0000-0000-000000000001');
    const remote = synth(config(PRODUCTION, (c) => void (c.state = { backend: 'azurerm', resourceGroupName: 'tf', storageAccountName: 'acmetf' })));
    assert.deepEqual((remote.terraform as any).backend.azurerm, {
      container_name: 'tfstate', key: 'braintrust.tfstate', resource_group_name: 'tf', storage_account_name: 'acmetf', use_azuread_auth: true,
    });
  });

  it('grants support Reader and AKS cluster-user roles to the given principal', () => {
    const grant = { reason: 'ticket 42', grantedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-03-08T00:00:00Z' };
    const json = synth(config(PRODUCTION, (c) => void (c.remoteAccess = { grants: [{ ...grant, principal: SUPPORT }] })));
    const roles = resourcesOf(json, 'azurerm_role_assignment').filter(([n]) => n.startsWith('remote-access')).map(([, r]) => r as any);
    assert.deepEqual(roles.map((r) => r.role_definition_name).sort(), ['Azure Kubernetes Service Cluster User Role', 'Reader']);
    assert.ok(roles.every((r) => r.principal_id === SUPPORT));
    assert.throws(() => synth(config(PRODUCTION, (c) => void (c.remoteAccess = { grants: [grant] }))), /Entra object id/);
  });
});

describe('azure stack: modules', () => {
  it('imports providers by deep path only (a package root costs seconds)', async () => {
    const dir = new URL('../../stacks/azure/', import.meta.url);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.js'))) {
      const text = await readFile(new URL(file, dir), 'utf8');
      assert.doesNotMatch(text, /from ['"]@cdktf\/provider-[a-z]+['"]/, file);
      assert.doesNotMatch(text, /from ['"]@cdktf\/provider-(?!azurerm|helm|random)/, `${file}: only this cloud's providers`);
    }
  });
});

describe('azure stack: upgrades can surge', () => {
  it('autoscales every user pool (Brainstore included, both tiers) up to at least twice its size', () => {
    for (const json of [prod, test]) {
      for (const [, p] of resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool') as [string, any][]) {
        assert.equal(p.auto_scaling_enabled, true, p.name);
        assert.equal(p.min_count, p.node_count, `${p.name} starts at its configured size`);
        assert.ok(p.max_count >= 2 * p.min_count && p.max_count >= 2, `${p.name}: ${p.min_count}-${p.max_count}`);
        assert.deepEqual(p.lifecycle.ignore_changes, ['node_count'], 'the autoscaler owns the count');
      }
    }
  });
});

describe('azure stack: PostgreSQL parameters', () => {
  it('preloads and allow-lists pg_hint_plan, sets pg_cron database and a one-hour statement timeout', () => {
    const params = Object.fromEntries(
      resourcesOf(prod, 'azurerm_postgresql_flexible_server_configuration').map(([, c]) => [(c as any).name, (c as any).value]),
    );
    assert.match(params.shared_preload_libraries, /\bpg_hint_plan\b/);
    assert.match(params.shared_preload_libraries, /\bpg_cron\b/);
    assert.match(params['azure.extensions'], /\bPG_HINT_PLAN\b/);
    assert.match(params['azure.extensions'], /\bPG_PARTMAN\b/);
    assert.equal(params['cron.database_name'], (onlyResource(prod, 'azurerm_postgresql_flexible_server_database') as any).name);
    assert.equal(params.statement_timeout, '3600000');
  });
});

describe('azure stack: release ordering', () => {
  it('waits for the Redis and Blob private endpoints the pods connect through', () => {
    const release = onlyResource(prod, 'helm_release') as any;
    const endpoints = resourcesOf(prod, 'azurerm_private_endpoint').map(([n, e]) => [n, (e as any).private_service_connection.subresource_names[0]] as const);
    for (const sub of ['redis', 'blob', 'vault']) {
      const ep = endpoints.find(([, s]) => s === sub || (sub === 'redis' && s === 'redisEnterprise'));
      assert.ok(ep, `${sub} endpoint`);
      assert.ok(release.depends_on.includes(`azurerm_private_endpoint.${ep[0]}`), `release depends on the ${sub} endpoint`);
    }
  });
});

describe('azure: PostgreSQL IOPS from the one tier table', () => {
  it('gives the IOPS of the tier the size allows, not the number asked for (P50 is 7,500)', () => {
    assert.equal(storageTier(storageMb(1024), 15000), 'P50');
    assert.equal(flexibleServerIops(1024, 15000), 7500);
    assert.equal(flexibleServerIops(8192, 15000), 16000);
    assert.equal(flexibleServerIops(128, 1000), 1100);
  });
});

describe('azure stack: network security groups', () => {
  it('puts every subnet behind its own NSG before the cluster is created, as the official module', () => {
    const subnets = resourcesOf(prod, 'azurerm_subnet').map(([n]) => `\${azurerm_subnet.${n}.id}`).sort();
    const associated = resourcesOf(prod, 'azurerm_subnet_network_security_group_association').map(([, a]) => (a as any).subnet_id).sort();
    assert.deepEqual(associated, subnets);
    const aks = onlyResource(prod, 'azurerm_kubernetes_cluster') as any;
    for (const [n] of resourcesOf(prod, 'azurerm_subnet_network_security_group_association')) {
      assert.ok(aks.depends_on.includes(`azurerm_subnet_network_security_group_association.${n}`), n);
    }
  });
});
