// The optional `zones` list in the stacks: when set, subnets, node pools and the zonal pieces of
// the database and cache use exactly those zones (and no zone lookup runs); when unset the synth
// is what the other stack tests pin (zones read from the region at plan time).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack as buildGcp } from '../../stacks/gcp/index.js';
import { buildStack as buildAzure } from '../../stacks/azure/index.js';
import { onlyResource, resourcesOf, assertReferencesResolve } from '../helpers/terraform-json.js';
import { AZURE_PRODUCTION, AZURE_TESTING, GCP_PRODUCTION, GCP_TESTING, byName, fixtureConfig, stackSynth } from '../helpers/stack-fixtures.js';
import { awsProductionInput, awsTestingInput, synthAws, type Body } from '../parity/aws-fixtures.js';

const dataOf = (json: TerraformJson, type: string): Record<string, unknown> => (json.data?.[type] ?? {}) as Record<string, unknown>;
const subnetZones = (json: TerraformJson, quarantine: boolean) =>
  (resourcesOf(json, 'aws_subnet') as [string, Body][])
    .filter(([name]) => name.startsWith('api_quarantine_') === quarantine)
    .map(([, s]) => s.availability_zone as string);

describe('zones: aws', () => {
  const { json } = synthAws(awsProductionInput({ zones: ['us-east-1a', 'us-east-1d'] }));

  it('puts the private subnets round-robin in the listed zones and the public subnet in the first, with no AZ lookup', () => {
    // network.ts: private_1..3 then public_1; quarantine.ts the same layout.
    assert.deepEqual(subnetZones(json, false), ['us-east-1a', 'us-east-1d', 'us-east-1a', 'us-east-1a']);
    assert.deepEqual(subnetZones(json, true), ['us-east-1a', 'us-east-1d', 'us-east-1a', 'us-east-1a']);
    assert.deepEqual(dataOf(json, 'aws_availability_zones'), {});
    assertReferencesResolve(json);
  });

  it('Brainstore auto scaling groups and the database and cache subnet groups use only those subnets', () => {
    const zoneOf = new Map((resourcesOf(json, 'aws_subnet') as [string, Body][]).map(([name, s]) => [`\${aws_subnet.${name}.id}`, s.availability_zone as string]));
    const asgs = resourcesOf(json, 'aws_autoscaling_group') as [string, Body][];
    assert.ok(asgs.length >= 2);
    for (const [name, asg] of asgs) {
      const zones = new Set((asg.vpc_zone_identifier as string[]).map((id) => zoneOf.get(id)));
      assert.deepEqual([...zones].sort(), ['us-east-1a', 'us-east-1d'], `${name} spans ${[...zones].join(', ')}`);
    }
    for (const type of ['aws_db_subnet_group', 'aws_elasticache_subnet_group']) {
      const [, group] = (resourcesOf(json, type) as [string, Body][])[0];
      assert.deepEqual([...new Set((group.subnet_ids as string[]).map((id) => zoneOf.get(id)))].sort(), ['us-east-1a', 'us-east-1d'], type);
    }
  });

  it('validation: AWS needs 2 or 3 zones, and none with an existing VPC', () => {
    const one = configSchema.safeParse(awsTestingInput({ zones: ['us-west-2a'] }));
    assert.equal(one.success, false);
    assert.match(one.error!.issues.map((i) => i.message).join('\n'), /1 zone\(s\) given; AWS needs 2 or 3/);
    const vpc = configSchema.safeParse(awsTestingInput({
      zones: ['us-west-2a', 'us-west-2b'],
      network: { existingVpcId: 'vpc-0123456789abcdef0', existingPrivateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] },
    }));
    assert.equal(vpc.success, false);
    assert.ok(vpc.error!.issues.some((i) => i.path.join('.') === 'zones' && /private subnets decide the zones/.test(i.message)));
  });
});

describe('zones: gcp', () => {
  const synth = stackSynth(buildGcp);
  const prod = synth(fixtureConfig(GCP_PRODUCTION, (c) => { c.zones = ['us-central1-b', 'us-central1-f']; }));
  const test = synth(fixtureConfig(GCP_TESTING, (c) => { c.zones = ['us-central1-c']; }));

  it('production: node pools use only the listed zones (the first min(nodes, zones)), with no zone lookup', () => {
    const pools = byName(prod, 'google_container_node_pool');
    assert.deepEqual(pools.api.node_locations, ['us-central1-b', 'us-central1-f']); // 4 API replicas
    assert.equal(pools.api.initial_node_count, pools.api.autoscaling.total_min_node_count / 2);
    assert.deepEqual(pools['brainstore-writer'].node_locations, ['us-central1-b']); // 1 writer
    assert.equal(pools['brainstore-writer'].initial_node_count, 1);
    for (const p of Object.values(pools)) for (const z of p.node_locations as string[]) assert.ok(['us-central1-b', 'us-central1-f'].includes(z));
    assert.equal(onlyResource(prod, 'google_container_cluster').location, 'us-central1');
    assert.deepEqual(dataOf(prod, 'google_compute_zones'), {});
  });

  it('production: Cloud SQL primary and standby, Memorystore primary and replica in the first two zones', () => {
    const sql = onlyResource(prod, 'google_sql_database_instance') as Body;
    assert.deepEqual(sql.settings.location_preference, { zone: 'us-central1-b', secondary_zone: 'us-central1-f' });
    const redis = onlyResource(prod, 'google_redis_instance') as Body;
    assert.equal(redis.location_id, 'us-central1-b');
    assert.equal(redis.alternative_location_id, 'us-central1-f');
  });

  it('testing: the zonal cluster, its pools, Cloud SQL and Memorystore sit in the one listed zone', () => {
    assert.equal(onlyResource(test, 'google_container_cluster').location, 'us-central1-c');
    for (const p of Object.values(byName(test, 'google_container_node_pool'))) assert.deepEqual(p.node_locations, ['us-central1-c']);
    assert.deepEqual((onlyResource(test, 'google_sql_database_instance') as Body).settings.location_preference, { zone: 'us-central1-c' });
    const redis = onlyResource(test, 'google_redis_instance') as Body;
    assert.equal(redis.location_id, 'us-central1-c');
    assert.equal(redis.alternative_location_id, undefined);
  });

  it('unset: no location preference, and pools read the region\'s zones', () => {
    const plain = synth(fixtureConfig(GCP_PRODUCTION));
    assert.equal((onlyResource(plain, 'google_sql_database_instance') as Body).settings.location_preference, undefined);
    assert.equal((onlyResource(plain, 'google_redis_instance') as Body).location_id, undefined);
    assert.match(byName(plain, 'google_container_node_pool').api.node_locations[0], /data\.google_compute_zones/);
  });
});

describe('zones: azure', () => {
  const synth = stackSynth(buildAzure);
  const prod = synth(fixtureConfig(AZURE_PRODUCTION, (c) => { c.zones = ['2', '3']; }));

  it('production: every AKS pool and the Flexible Server primary/standby use the listed zones', () => {
    const aks = onlyResource(prod, 'azurerm_kubernetes_cluster') as Body;
    assert.deepEqual(aks.default_node_pool.zones, ['2', '3']);
    for (const p of Object.values(byName(prod, 'azurerm_kubernetes_cluster_node_pool'))) assert.deepEqual(p.zones, ['2', '3']);
    const pg = onlyResource(prod, 'azurerm_postgresql_flexible_server') as Body;
    assert.equal(pg.zone, '2');
    assert.deepEqual(pg.high_availability, { mode: 'ZoneRedundant', standby_availability_zone: '3' });
  });

  it('one zone: same-zone HA in production; testing pools and server pinned to it', () => {
    const one = synth(fixtureConfig(AZURE_PRODUCTION, (c) => { c.zones = ['1']; }));
    const pg = onlyResource(one, 'azurerm_postgresql_flexible_server') as Body;
    assert.equal(pg.zone, '1');
    assert.deepEqual(pg.high_availability, { mode: 'SameZone' });
    const test = synth(fixtureConfig(AZURE_TESTING, (c) => { c.zones = ['3']; }));
    for (const p of Object.values(byName(test, 'azurerm_kubernetes_cluster_node_pool'))) assert.deepEqual(p.zones, ['3']);
    assert.deepEqual((onlyResource(test, 'azurerm_kubernetes_cluster') as Body).default_node_pool.zones, ['3']);
    assert.equal((onlyResource(test, 'azurerm_postgresql_flexible_server') as Body).zone, '3');
  });
});
