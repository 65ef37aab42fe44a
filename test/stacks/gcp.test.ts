// The GCP stack, synthesized for both tiers: what a reviewer of the plan looks at.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/gcp/index.js';
import { assertReferencesResolve, onlyResource, resourcesOf } from '../helpers/terraform-json.js';
import { byName, envOf, fixtureConfig, releaseValues, stackSynth } from '../helpers/stack-fixtures.js';
import { GCP_PRODUCTION, GCP_TESTING } from '../helpers/stack-fixtures.js';
import { localSsdCount, machineShape } from '../../stacks/gcp/machine-types.js';
import { BUNDLED_LOCAL_SSDS, gcpCatalog } from '../../src/sizing/catalog/gcp.js';
import { gibToGB } from '../../src/sizing/catalog/types.js';

const PRODUCTION = GCP_PRODUCTION;
const TESTING = GCP_TESTING;

const config = fixtureConfig;
const synth = stackSynth(buildStack);

function helmValues(json: TerraformJson): any {
  const release = resourcesOf(json, 'helm_release').find(([, r]) => r.chart === 'braintrust');
  assert.ok(release, 'a helm_release of the braintrust chart');
  return releaseValues(release[1]);
}

function pools(json: TerraformJson): Record<string, any> {
  return byName(json, 'google_container_node_pool');
}

const prod = synth(config(PRODUCTION));
const test = synth(config(TESTING));

describe('gcp stack: database', () => {
  it('runs PostgreSQL from config, REGIONAL with deletion protection in production', () => {
    const db = onlyResource(prod, 'google_sql_database_instance') as any;
    assert.equal(db.database_version, 'POSTGRES_17');
    assert.equal(db.deletion_protection, true);
    assert.equal(db.settings.availability_type, 'REGIONAL');
    assert.equal(db.settings.tier, 'db-perf-optimized-N-8');
    assert.equal(db.settings.edition, 'ENTERPRISE_PLUS');
    assert.equal(db.settings.disk_size, 1000);
    assert.equal(db.settings.ip_configuration.ipv4_enabled, false, 'private IP only');
    assert.match(db.settings.ip_configuration.private_network, /google_compute_network/);
    assert.equal(db.settings.backup_configuration.enabled, true);
    assert.equal(db.settings.backup_configuration.point_in_time_recovery_enabled, true);
    const flags = Object.fromEntries(db.settings.database_flags.map((f: any) => [f.name, f.value]));
    assert.equal(flags['cloudsql.enable_pg_cron'], 'on');
    assert.ok(Number(flags.max_connections) > 0);
    assert.ok(db.depends_on.some((d: string) => d.startsWith('google_service_networking_connection.')));
  });

  it('is ZONAL without deletion protection for testing', () => {
    const db = onlyResource(test, 'google_sql_database_instance') as any;
    assert.equal(db.database_version, 'POSTGRES_15');
    assert.equal(db.settings.availability_type, 'ZONAL');
    assert.equal(db.deletion_protection, false);
    assert.equal(db.settings.edition, 'ENTERPRISE');
  });
});

describe('gcp stack: GKE', () => {
  it('is regional in production and zonal for testing', () => {
    const p = onlyResource(prod, 'google_container_cluster') as any;
    assert.equal(p.location, 'us-central1');
    assert.equal(p.remove_default_node_pool, true);
    assert.equal(p.private_cluster_config.enable_private_nodes, true);
    assert.equal(p.workload_identity_config.workload_pool, '${var.project_id}.svc.id.goog');
    const t = onlyResource(test, 'google_container_cluster') as any;
    assert.match(t.location, /^\$\{element\(data\.google_compute_zones\./);
  });

  it('has api, brainstore-reader and brainstore-writer pools; Brainstore on local NVMe, tainted and labelled', () => {
    const p = pools(prod);
    assert.deepEqual(Object.keys(p).sort(), ['api', 'brainstore-reader', 'brainstore-writer']);
    const reader = p['brainstore-reader'];
    assert.equal(reader.node_config.machine_type, 'c4-standard-32-lssd');
    assert.deepEqual(reader.node_config.ephemeral_storage_local_ssd_config, { local_ssd_count: 5 }, 'c4-standard-32-lssd bundles 5');
    assert.deepEqual(reader.node_config.taint, [{ key: 'dedicated', value: 'brainstore-reader', effect: 'NO_SCHEDULE' }]);
    assert.deepEqual(reader.node_config.labels, { 'braintrust/node-pool': 'brainstore-reader' });
    assert.equal(reader.autoscaling.total_min_node_count, 2);
    assert.equal(reader.autoscaling.total_max_node_count, 4, 'room for a full surge');
    assert.equal(reader.node_config.disk_type, 'hyperdisk-balanced', 'C4 boots from Hyperdisk only');
    const writer = p['brainstore-writer'];
    assert.deepEqual(writer.node_config.ephemeral_storage_local_ssd_config, { local_ssd_count: 8 });
    assert.equal(writer.autoscaling.total_min_node_count, 1);
    assert.deepEqual(writer.node_config.taint, [{ key: 'dedicated', value: 'brainstore-writer', effect: 'NO_SCHEDULE' }]);
    const api = p.api;
    assert.equal(api.node_config.taint, undefined, 'system pods schedule on the API pool');
    assert.equal(api.node_config.ephemeral_storage_local_ssd_config, undefined);
    assert.ok(api.autoscaling.total_min_node_count >= 2);
    assert.equal(api.node_config.workload_metadata_config.mode, 'GKE_METADATA');
  });

  it('has one combined brainstore pool for testing', () => {
    const p = pools(test);
    assert.deepEqual(Object.keys(p).sort(), ['api', 'brainstore']);
    assert.deepEqual(p.brainstore.node_config.taint, [{ key: 'dedicated', value: 'brainstore', effect: 'NO_SCHEDULE' }]);
    assert.deepEqual(p.brainstore.node_config.ephemeral_storage_local_ssd_config, { local_ssd_count: 1 });
  });
});

describe('gcp stack: Redis and buckets', () => {
  it('runs Memorystore STANDARD_HA with AUTH over private services access (no TLS, as the official module)', () => {
    const r = onlyResource(prod, 'google_redis_instance') as any;
    assert.equal(r.tier, 'STANDARD_HA');
    assert.equal(r.redis_version, 'REDIS_7_2');
    assert.equal(r.memory_size_gb, 5);
    assert.equal(r.auth_enabled, true);
    assert.equal(r.transit_encryption_mode, 'DISABLED', 'the chart has no setting to give the pods a Redis CA');
    assert.equal(r.connect_mode, 'PRIVATE_SERVICE_ACCESS');
    const t = onlyResource(test, 'google_redis_instance') as any;
    assert.equal(t.tier, 'BASIC');
    assert.equal(t.redis_version, 'REDIS_7_0');
    assert.equal(t.memory_size_gb, 1);
  });

  it('rejects a Redis size Memorystore does not have', () => {
    assert.throws(() => synth(config(PRODUCTION, (c) => void (c.redis.instanceType = 'cache.r7g.large'))), /standard-ha-<N>gb/);
  });

  it('keeps buckets private, uniform, versioned and encrypted with the deployment key', () => {
    const buckets = resourcesOf(prod, 'google_storage_bucket');
    assert.equal(buckets.length, 2);
    for (const [, b] of buckets as [string, any][]) {
      assert.equal(b.uniform_bucket_level_access, true);
      assert.equal(b.public_access_prevention, 'enforced');
      assert.equal(b.versioning.enabled, true);
      assert.match(b.encryption.default_kms_key_name, /^\$\{google_kms_crypto_key\./);
      assert.ok(b.lifecycle_rule.length >= 2);
    }
    const grants = resourcesOf(prod, 'google_storage_bucket_iam_member').map(([, g]) => g as any);
    assert.ok(grants.every((g) => ['roles/storage.objectUser', 'roles/storage.legacyBucketReader'].includes(g.role) && /^\$\{google_storage_bucket\./.test(g.bucket)), 'scoped to our buckets');
  });

  it('binds the API and Brainstore service accounts to their Kubernetes accounts', () => {
    const members = resourcesOf(prod, 'google_service_account_iam_member').map(([, m]) => (m as any).member).sort();
    assert.deepEqual(members, [
      'serviceAccount:${google_service_account.identity_api_30569C61.email}',
      'serviceAccount:${var.project_id}.svc.id.goog[braintrust/brainstore]',
      'serviceAccount:${var.project_id}.svc.id.goog[braintrust/braintrust-api]',
    ]);
  });
});

describe('gcp stack: Helm release', () => {
  it('installs the braintrust chart from the public OCI registry with values from config', () => {
    const [, release] = resourcesOf(prod, 'helm_release').find(([, r]) => r.chart === 'braintrust')! as [string, any];
    assert.equal(release.repository, 'oci://public.ecr.aws/braintrust/helm');
    assert.equal(release.namespace, 'braintrust');
    const v = helmValues(prod);
    assert.equal(v.cloud, 'google');
    assert.equal(v.google.mode, 'standard');
    assert.equal(v.global.orgName, 'acme');
    assert.equal(v.global.controlPlaneTelemetry, 'status,metrics,usage');
    assert.equal(v.api.replicas, 4);
    assert.equal(v.api.image.tag, 'v2.12.0');
    assert.equal(v.brainstore.image.tag, 'v2.12.0');
    assert.deepEqual(v.api.resources.requests, { cpu: '2', memory: '8Gi' });
    assert.equal(v.api.nodeMemoryPercent, '85');
    assert.equal(v.api.enableGcsAuth, true);
    assert.match(v.api.serviceAccount.googleServiceAccount, /^\$\{google_service_account\./);
    assert.match(v.objectStorage.google.brainstoreBucket, /^\$\{google_storage_bucket\./);
    const env = envOf(v);
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '100');
    assert.equal(env.NODE_MEMORY_PERCENT, '85');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage');
  });

  it('reflects a changed config: rate limit, telemetry, memory percent, replicas, URLs', () => {
    const changed = synth(
      config(PRODUCTION, (c) => {
        c.rateLimit = { maxRequests: 250, windowMinutes: 5 };
        c.telemetry = { enabled: true, logs: true, traces: false };
        c.api.nodeMemoryPercent = 90;
        c.api.instances = 6;
        c.urls = { appUrl: 'https://braintrust.acme.internal', proxyControlPlane: false };
      }),
    );
    const v = helmValues(changed);
    const env = envOf(v);
    assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '250');
    assert.equal(env.OUTBOUND_RATE_LIMIT_WINDOW_MINUTES, '5');
    assert.equal(env.CONTROL_PLANE_TELEMETRY, 'status,metrics,usage,logs');
    assert.equal(v.global.controlPlaneTelemetry, 'status,metrics,usage,logs');
    assert.equal(env.NODE_MEMORY_PERCENT, '90');
    assert.equal(v.api.nodeMemoryPercent, '90');
    assert.equal(v.api.replicas, 6);
    assert.equal(env.BRAINTRUST_APP_URL, 'https://braintrust.acme.internal');
    const off = envOf(helmValues(synth(config(PRODUCTION, (c) => void (c.telemetry = { enabled: false, logs: false, traces: false })))));
    assert.equal(off.CONTROL_PLANE_TELEMETRY, '');
  });

  it('places readers and writers on their pools, one pod per node', () => {
    const { reader, writer, fastreader } = helmValues(prod).brainstore;
    assert.equal(reader.replicas, 2);
    assert.equal(writer.replicas, 1);
    assert.equal(fastreader.replicas, 0);
    assert.deepEqual(reader.nodeSelector, { 'braintrust/node-pool': 'brainstore-reader' });
    assert.deepEqual(writer.nodeSelector, { 'braintrust/node-pool': 'brainstore-writer' });
    assert.deepEqual(reader.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'brainstore-reader', effect: 'NoSchedule' }]);
    assert.deepEqual(writer.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'brainstore-writer', effect: 'NoSchedule' }]);
    // Requests fill a dedicated node but fit it: c4-standard-32 (readers), c4-standard-48 (writer).
    for (const [role, vcpus] of [[reader, 32], [writer, 48]] as const) {
      const [term] = role.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
      assert.equal(term.topologyKey, 'kubernetes.io/hostname');
      assert.deepEqual(term.labelSelector.matchExpressions[0].values, ['brainstore-reader', 'brainstore-writer', 'brainstore-fastreader']);
      const cpu = Number(role.resources.requests.cpu);
      assert.ok(cpu < vcpus && cpu >= vcpus * 0.75, `${cpu} of ${vcpus} vCPUs`);
      assert.deepEqual(role.resources.requests, role.resources.limits);
    }
    assert.ok(Number(writer.resources.requests.cpu) > Number(reader.resources.requests.cpu), 'the writer runs on the larger type');
  });

  it('lets Brainstore (and an Arm API pool) tolerate the arm64 taint GKE puts on Arm nodes', () => {
    // x86 pools: no arch toleration.
    const x86 = helmValues(prod);
    assert.equal(x86.brainstore.reader.tolerations.length, 1);
    assert.equal(x86.api.tolerations, undefined);
    const arm = helmValues(
      synth(
        config(PRODUCTION, (c) => {
          c.brainstore = {
            readers: { count: 2, instanceType: 'c4a-standard-16-lssd' },
            writers: { count: 1, instanceType: 'c4a-standard-32-lssd' },
          };
          c.api.nodeInstanceType = 'c4a-standard-8';
        }),
      ),
    );
    const archToleration = { key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' };
    for (const [role, pool] of [[arm.brainstore.reader, 'brainstore-reader'], [arm.brainstore.writer, 'brainstore-writer']] as const) {
      assert.deepEqual(role.tolerations, [{ key: 'dedicated', operator: 'Equal', value: pool, effect: 'NoSchedule' }, archToleration]);
    }
    assert.deepEqual(arm.api.tolerations, [archToleration]);
    const combined = helmValues(
      synth(config(TESTING, (c) => void (c.brainstore = { combined: { count: 1, instanceType: 'c4a-standard-4-lssd' } }))),
    );
    assert.deepEqual(combined.brainstore.writer.tolerations[1], archToleration);
  });

  it('sets no volume size, which the chart ignores on GKE Standard (the cache is an emptyDir on local SSD)', () => {
    for (const v of [helmValues(prod), helmValues(test)]) {
      for (const role of ['reader', 'writer', 'fastreader']) assert.equal(v.brainstore[role].volume, undefined, role);
      assert.equal(v.brainstore.fastreader.replicas, 0);
    }
  });

  it('shares the combined pool between readers and the writer for testing', () => {
    const { reader, writer } = helmValues(test).brainstore;
    assert.equal(reader.replicas, 1);
    assert.equal(writer.replicas, 1);
    assert.deepEqual(reader.nodeSelector, { 'braintrust/node-pool': 'brainstore' });
    assert.deepEqual(writer.tolerations[0].value, 'brainstore');
    assert.ok(reader.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution, 'spreading is preferred, not required');
    assert.ok(Number(reader.resources.requests.cpu) + Number(writer.resources.requests.cpu) <= 8, 'both fit one c4-standard-8');
  });
});

describe('gcp stack: secrets', () => {
  it('creates braintrust-secrets with the Kubernetes provider (no third-party chart), before the release', () => {
    assert.deepEqual(resourcesOf(prod, 'helm_release').map(([, r]) => r.chart), ['braintrust'], 'only the Braintrust chart');
    const secret = onlyResource(prod, 'kubernetes_secret_v1') as any;
    assert.equal(secret.metadata.name, 'braintrust-secrets');
    assert.match(secret.metadata.namespace, /^\$\{kubernetes_namespace_v1\.[^.]+\.metadata\[0\]\.name\}$/);
    assert.deepEqual(Object.keys(secret.data).sort(), ['BRAINSTORE_LICENSE_KEY', 'FUNCTION_SECRET_KEY', 'PG_URL', 'REDIS_URL']);
    for (const [k, v] of Object.entries(secret.data)) assert.match(v as string, /\$\{/, `${k} is a reference, not a literal`);
    assert.deepEqual(secret.lifecycle.precondition.map((p: any) => p.condition), ['${var.brainstore_license_key != null && var.brainstore_license_key != ""}']);
    // The provider reaches the new cluster with the caller's token and the cluster's CA.
    const [alias, provider] = [secret.provider as string, ((prod.provider as any).kubernetes as any[])[0]];
    assert.equal(alias, 'kubernetes');
    assert.match(provider.host, /^https:\/\/\$\{google_container_cluster\.[^.]+\.endpoint\}$/);
    assert.match(provider.token, /^\$\{data\.google_client_config\.[^.]+\.access_token\}$/);
    assert.match(provider.cluster_ca_certificate, /base64decode\(google_container_cluster\./);
    // The release waits for the Secret and leaves the namespace to the kubernetes provider.
    const [, release] = resourcesOf(prod, 'helm_release')[0] as [string, any];
    const [secretName] = resourcesOf(prod, 'kubernetes_secret_v1')[0];
    assert.ok(release.depends_on.includes(`kubernetes_secret_v1.${secretName}`));
    assert.equal(release.create_namespace, false);
  });

  it('gives the pods a redis:// URL with the AUTH string and no CA the chart would ignore', () => {
    const secret = onlyResource(prod, 'kubernetes_secret_v1') as any;
    assert.match(secret.data.REDIS_URL, /^redis:\/\/:\$\{google_redis_instance\.[^.]+\.auth_string\}@/);
    assert.equal(secret.data.REDIS_CA_PEM, undefined);
    assert.equal(helmValues(prod).customRedisTLSCABundle, undefined);
  });

  it('takes the license key from a sensitive, optional variable', () => {
    const v = (prod.variable as any).brainstore_license_key;
    assert.equal(v.sensitive, true);
    assert.equal(v.nullable, true);
    assert.equal(v.default, null);
  });

  it('reads the license key from Secret Manager when configured', () => {
    const json = synth(config(PRODUCTION, (c) => void (c.secrets = { brainstoreLicenseKey: { secretRef: 'projects/acme/secrets/bt-license' } })));
    assert.equal((json.variable as any)?.brainstore_license_key, undefined);
    assert.equal(Object.values((json.data as any).google_secret_manager_secret_version)[0] && (Object.values((json.data as any).google_secret_manager_secret_version)[0] as any).secret, 'projects/acme/secrets/bt-license');
  });

  it('stores the database password and Redis AUTH in Secret Manager, with no literal secret anywhere', () => {
    assert.equal(resourcesOf(prod, 'google_secret_manager_secret').length, 2);
    for (const [, v] of resourcesOf(prod, 'google_secret_manager_secret_version') as [string, any][]) assert.match(v.secret_data, /^\$\{/);
    const user = onlyResource(prod, 'google_sql_user') as any;
    assert.match(user.password, /^\$\{random_password\./);
    const text = JSON.stringify(prod);
    assert.doesNotMatch(text, /"(password|secret_data|auth_string)":\s*"[^$]/);
  });
});

describe('gcp stack: wiring', () => {
  it('outputs the contract', () => {
    assert.deepEqual(Object.keys(prod.output ?? {}).sort(), [
      'api_url', 'brainstore_bucket', 'cluster_name', 'code_bundle_bucket', 'kube_context', 'namespace', 'postgres_host',
      'postgres_port', 'postgres_secret_id', 'project_id', 'redis_host', 'redis_port', 'redis_secret_id', 'region', 'response_bucket',
    ]);
    const out = prod.output as any;
    assert.match(out.api_url.value, /^http:\/\/\$\{google_compute_address\..*\.address\}:8000$/);
    assert.match(out.kube_context.value, /^gke_\$\{var\.project_id\}_us-central1_\$\{google_container_cluster\.[^.]+\.name\}$/);
    assert.equal(out.response_bucket.value, out.code_bundle_bucket.value);
  });

  it('resolves every reference, for both tiers', () => {
    assertReferencesResolve(prod);
    assertReferencesResolve(test);
  });

  it('synthesizes without a project (dry run): project_id becomes a required variable', () => {
    const json = synth(config(PRODUCTION, (c) => void delete c.account));
    assert.equal((json.variable as any).project_id.default, undefined);
    assertReferencesResolve(json);
  });

  it('uses the configured backend', () => {
    assert.deepEqual((prod.terraform as any).backend, { local: { path: 'terraform.tfstate' } });
    const gcs = synth(config(PRODUCTION, (c) => void (c.state = { backend: 'gcs', bucket: 'acme-tfstate', prefix: 'bt' })));
    assert.deepEqual((gcs.terraform as any).backend, { gcs: { bucket: 'acme-tfstate', prefix: 'bt' } });
    assert.throws(() => synth(config(PRODUCTION, (c) => void (c.state = { backend: 'azurerm', resourceGroupName: 'r', storageAccountName: 's' }))), /state[\s\S]*backend[\s\S]*one of \\?"local\\?", \\?"gcs\\?" on cloud gcp/);
  });

  it('grants support access that expires by IAM condition', () => {
    assert.equal(resourcesOf(prod, 'google_project_iam_member').filter(([n]) => n.startsWith('remote-access')).length, 0);
    const json = synth(
      config(PRODUCTION, (c) => {
        c.remoteAccess = { grants: [{ reason: 'ticket 42', grantedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-03-08T00:00:00Z' }] };
      }),
    );
    const grants = resourcesOf(json, 'google_project_iam_member').filter(([n]) => n.startsWith('remote-access')).map(([, g]) => g as any);
    assert.ok(grants.length > 0);
    for (const g of grants) {
      assert.equal(g.member, 'group:support@braintrust.dev');
      assert.equal(g.condition.expression, 'request.time < timestamp("2026-03-08T00:00:00.000Z")');
    }
  });
});

describe('gcp stack: modules', () => {
  it('imports providers by deep path only (a package root costs seconds)', async () => {
    const dir = new URL('../../stacks/gcp/', import.meta.url);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.js'))) {
      const text = await readFile(new URL(file, dir), 'utf8');
      assert.doesNotMatch(text, /from ['"]@cdktf\/provider-[a-z]+['"]/, file);
      assert.doesNotMatch(text, /from ['"]@cdktf\/provider-(?!google|helm|random|kubernetes)/, `${file}: only this cloud's providers`);
    }
  });
});

describe('gcp stack: APIs', () => {
  it('enables the Google APIs itself, never disables them on destroy, and everything waits for them', () => {
    const json = synth(config(PRODUCTION));
    const services = resourcesOf(json, 'google_project_service');
    const names = services.map(([, s]) => s.service).sort();
    for (const api of ['compute.googleapis.com', 'container.googleapis.com', 'sqladmin.googleapis.com', 'servicenetworking.googleapis.com', 'redis.googleapis.com', 'secretmanager.googleapis.com']) {
      assert.ok(names.includes(api), api);
    }
    for (const [, s] of services) assert.equal(s.disable_on_destroy, false);
    const addresses = services.map(([n]) => `google_project_service.${n}`);
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      if (!type.startsWith('google_') || type === 'google_project_service') continue;
      for (const [name, body] of Object.entries(byName)) {
        const deps = (body.depends_on as string[] | undefined) ?? [];
        for (const a of addresses) assert.ok(deps.includes(a), `${type}.${name} waits for ${a}`);
      }
    }
  });
});

describe('gcp stack: regional node placement', () => {
  it('starts every production pool within its autoscaling totals (a writer pool of 1 is one node)', () => {
    for (const [, p] of resourcesOf(prod, 'google_container_node_pool')) {
      const zones = (p.node_locations as string[]).length;
      const initial = (p.initial_node_count as number) * zones;
      const a = p.autoscaling as { total_min_node_count: number; total_max_node_count: number };
      assert.ok(zones >= 1 && zones <= 3, `${p.name}: ${zones} zones`);
      assert.ok(initial >= a.total_min_node_count && initial <= a.total_max_node_count, `${p.name}: ${initial} initial nodes within ${a.total_min_node_count}-${a.total_max_node_count}`);
    }
    assert.equal((pools(prod)['brainstore-writer'].node_locations as string[]).length, 1);
  });

  it('keeps testing pools zonal with exactly the configured count', () => {
    for (const [, p] of resourcesOf(test, 'google_container_node_pool')) assert.equal(p.node_locations, undefined);
  });
});

describe('gcp stack: local SSDs, one table with sizing', () => {
  it('asks for the bundled count of a -lssd type (c4a-standard-32-lssd bundles 6)', () => {
    const json = synth(
      config(PRODUCTION, (c) => {
        c.brainstore = { readers: { count: 2, instanceType: 'c4a-standard-16-lssd' }, writers: { count: 1, instanceType: 'c4a-standard-32-lssd' } };
      }),
    );
    assert.deepEqual(pools(json)['brainstore-writer'].node_config.ephemeral_storage_local_ssd_config, { local_ssd_count: 6 });
    assert.deepEqual(pools(json)['brainstore-reader'].node_config.ephemeral_storage_local_ssd_config, { local_ssd_count: 4 });
  });

  it('agrees with the sizing catalog on disks and capacity for every local-SSD type it lists', () => {
    const lssd = gcpCatalog.entries.compute.filter((s) => s.localDisk === 'nvme');
    assert.ok(lssd.length > 30);
    for (const spec of lssd) {
      const bundled = BUNDLED_LOCAL_SSDS[spec.name];
      assert.ok(bundled, `${spec.name} is in the bundled table`);
      assert.equal(localSsdCount(spec.name, 'production'), bundled.disks, spec.name);
      const shape = machineShape(spec.name)!;
      assert.equal(gibToGB(shape.localNvmeGiB), spec.nvmeGB, `${spec.name}: stack and sizing see the same local SSD`);
      assert.equal(shape.vcpu, spec.vcpu, spec.name);
    }
  });
});

describe('gcp stack: upgrades can surge', () => {
  it('lets every pool (Brainstore included, both tiers) grow to at least twice its size', () => {
    for (const json of [prod, test]) {
      for (const [, p] of resourcesOf(json, 'google_container_node_pool') as [string, any][]) {
        const a = p.autoscaling;
        assert.ok(a.total_max_node_count >= 2 * a.total_min_node_count, `${p.name}: ${a.total_min_node_count}-${a.total_max_node_count}`);
        assert.ok(a.total_max_node_count >= 2, `${p.name}: a second node for the surge`);
      }
    }
  });
});

describe('gcp stack: PostgreSQL flags', () => {
  const flagsOf = (json: TerraformJson) =>
    Object.fromEntries((onlyResource(json, 'google_sql_database_instance') as any).settings.database_flags.map((f: any) => [f.name, f.value]));

  it('points pg_cron at the database the data plane uses', () => {
    const db = onlyResource(prod, 'google_sql_database') as any;
    assert.equal(flagsOf(prod)['cron.database_name'], db.name);
    assert.equal(flagsOf(test)['cron.database_name'], db.name);
  });

  it('enables pg_hint_plan and a one-hour statement timeout; index advisor and data cache on Enterprise Plus', () => {
    const p = flagsOf(prod);
    assert.equal(p['cloudsql.enable_pg_hint_plan'], 'on');
    assert.equal(p.statement_timeout, '3600000');
    assert.equal(p['cloudsql.enable_index_advisor'], 'on');
    assert.equal((onlyResource(prod, 'google_sql_database_instance') as any).settings.data_cache_config.data_cache_enabled, true);
    const t = flagsOf(test);
    assert.equal(t['cloudsql.enable_index_advisor'], undefined, 'Enterprise edition has no index advisor');
    assert.equal((onlyResource(test, 'google_sql_database_instance') as any).settings.data_cache_config, undefined);
  });
});

describe('gcp stack: IAM', () => {
  it('lets Brainstore use the API bucket and the API sign URLs as itself', () => {
    const grants = resourcesOf(prod, 'google_storage_bucket_iam_member').map(([, g]) => g as any);
    const brainstoreApi = grants.filter((g) => /identity_brainstore/.test(g.member) && /storage_api/.test(g.bucket) && g.role === 'roles/storage.objectUser');
    assert.equal(brainstoreApi.length, 1, 'brainstore has object access on the API bucket');
    const tokenCreator = resourcesOf(prod, 'google_service_account_iam_member').map(([, m]) => m as any).filter((m) => m.role === 'roles/iam.serviceAccountTokenCreator');
    assert.equal(tokenCreator.length, 1);
    assert.match(tokenCreator[0].service_account_id, /google_service_account\.identity_api_[^.]+\.name/);
    assert.match(tokenCreator[0].member, /google_service_account\.identity_api_[^.]+\.email/);
  });
});

describe('gcp stack: buckets as the official module', () => {
  it("allows the hosted app's origins and expires Brainstore's response cache after a day", () => {
    const api = resourcesOf(prod, 'google_storage_bucket').map(([, b]) => b as any).find((b) => b.cors);
    assert.ok(api);
    for (const o of ['https://braintrust.dev', 'https://*.braintrust.dev', 'https://*.preview.braintrust.dev']) assert.ok(api.cors[0].origin.includes(o), o);
    assert.ok(api.lifecycle_rule.some((r: any) => r.condition.age === 1 && r.condition.matches_prefix?.includes('brainstore-cache/') && r.action.type === 'Delete'));
  });
});

describe('gcp stack: customer-managed keys', () => {
  it('encrypts Memorystore, GKE secrets and node boot disks with the deployment key, after granting each agent', () => {
    const keys = resourcesOf(prod, 'google_kms_crypto_key').map(([n]) => n);
    const dataKey = keys.find((n) => n.startsWith('kms_key'));
    assert.ok(dataKey, `a data key among ${keys}`);
    const ref = `\${google_kms_crypto_key.${dataKey}.id}`;
    const redis = onlyResource(prod, 'google_redis_instance') as any;
    assert.equal(redis.customer_managed_key, ref);
    const cluster = onlyResource(prod, 'google_container_cluster') as any;
    assert.deepEqual(cluster.database_encryption, { state: 'ENCRYPTED', key_name: ref });
    for (const [, p] of resourcesOf(prod, 'google_container_node_pool') as [string, any][]) assert.equal(p.node_config.boot_disk_kms_key, ref, p.name);
    const grants = resourcesOf(prod, 'google_kms_crypto_key_iam_member').map(([n, g]) => [n, (g as any).member] as const);
    for (const agent of ['cloud-redis', 'container-engine-robot', 'compute-system']) {
      const g = grants.find(([, m]) => m.includes(`@${agent}.iam.gserviceaccount.com`));
      assert.ok(g, agent);
    }
    const redisGrant = grants.find(([, m]) => m.includes('@cloud-redis.'))![0];
    assert.ok(redis.depends_on.includes(`google_kms_crypto_key_iam_member.${redisGrant}`), 'Memorystore waits for its grant');
  });

  it('encrypts Cloud SQL with the data key, granted to the Cloud SQL agent that google-beta creates first', () => {
    for (const json of [prod, test]) {
      const keys = resourcesOf(json, 'google_kms_crypto_key').map(([n]) => n);
      const ref = `\${google_kms_crypto_key.${keys.find((n) => n.startsWith('kms_key'))}.id}`;
      const db = onlyResource(json, 'google_sql_database_instance') as any;
      assert.equal(db.encryption_key_name, ref);
      // An instance created before CMEK is kept, not replaced.
      assert.deepEqual(db.lifecycle.ignore_changes, ['encryption_key_name']);
      const [agentName, agent] = resourcesOf(json, 'google_project_service_identity')[0] as [string, any];
      assert.equal(agent.service, 'sqladmin.googleapis.com');
      assert.equal(agent.provider, 'google-beta');
      const grant = resourcesOf(json, 'google_kms_crypto_key_iam_member')
        .find(([, g]) => (g as any).member === `serviceAccount:\${google_project_service_identity.${agentName}.email}`);
      assert.ok(grant, 'the Cloud SQL agent may use the key');
      assert.equal((grant[1] as any).crypto_key_id, ref);
      assert.ok(db.depends_on.includes(`google_kms_crypto_key_iam_member.${grant[0]}`), 'Cloud SQL waits for its grant');
    }
  });

  it('declares google-beta at the google provider\'s version, for that one resource only', () => {
    const providers = (prod.terraform as any).required_providers;
    assert.equal(providers['google-beta'].source, 'hashicorp/google-beta');
    assert.equal(providers['google-beta'].version, providers.google.version);
    assert.deepEqual((prod.provider as any)['google-beta'], [{ project: '\${var.project_id}', region: 'us-central1' }]);
    const onBeta = Object.values(prod.resource as Record<string, Record<string, any>>).flatMap((byName) => Object.values(byName)).filter((r) => r.provider === 'google-beta');
    assert.equal(onBeta.length, 1);
  });
});
