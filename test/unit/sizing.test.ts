// Every row of the seed tables, for both tiers on all three clouds: passing with the defaults,
// failing with a config that breaks that row. Rows a cloud's catalog (or the schema) cannot
// break are listed with the reason, so a row can't silently go untested.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigInput, Tier } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { checkSizing, type Finding } from '../../src/sizing/check.js';
import { REQUIREMENTS, minimum } from '../../src/sizing/requirements.js';
import { catalogNames, lookupInstance, type Role } from '../../src/sizing/catalog/index.js';

type Cloud = 'aws' | 'gcp' | 'azure';
/** A config edit that breaks the row, or why the row cannot fail there and a proof of it. */
type Breaker = ((c: ConfigInput) => void) | { reason: string; verify: () => void };

function configFor(cloud: Cloud | 'docker', tier: Tier, edit: (c: ConfigInput) => void = () => {}): ReturnType<typeof validateConfig> {
  const raw = exampleConfig(cloud, tier, { name: 'bt-test', org: 'acme' });
  edit(raw);
  return validateConfig(raw);
}

const pg = (instanceType: string) => (c: ConfigInput) => { c.postgres.instanceType = instanceType; };
const redis = (instanceType: string) => (c: ConfigInput) => { c.redis.instanceType = instanceType; };
/** Set the instance type of the first Brainstore group (combined in testing, readers in production). */
const node = (instanceType: string) => (c: ConfigInput) => { (c.brainstore.combined ?? c.brainstore.readers)!.instanceType = instanceType; };
/** AWS runs the API on Lambda: even a tiny api section passes, on the tier it is checked for. */
function lambda(tier: Tier): Breaker {
  return {
    reason: 'AWS runs the API on Lambda: reported as pass',
    verify: () => {
      const api = checkSizing(configFor('aws', tier, (c) => { c.api = { instances: 1, cpu: 0.25, memoryGiB: 0.5 }; }))
        .filter((f) => f.component === 'api');
      assert.ok(api.length > 0, `api findings on aws ${tier}`);
      for (const f of api) assert.equal(f.status, 'pass', JSON.stringify(f));
    },
  };
}
const SCHEMA_MIN_ONE: Breaker = {
  reason: 'the schema requires api.instances >= 1, the testing minimum',
  verify: () => assert.throws(() => configFor('gcp', 'testing', (c) => { c.api.instances = 0; })),
};
/** No type in the catalog falls below the tier's minimum for this row. */
function noneBelow(cloud: Cloud, role: Role, component: 'postgres' | 'redis' | 'brainstore', check: 'cpu' | 'memory', tier: Tier): Breaker {
  return {
    reason: `every ${cloud} ${role} type has at least the ${tier} ${check}`,
    verify: () => {
      const min = minimum(component, check, tier);
      const names = catalogNames(cloud, role);
      assert.ok(names.length > 0);
      for (const n of names) {
        const s = lookupInstance(cloud, role, n)!;
        assert.ok((check === 'cpu' ? s.vcpu : s.memoryGiB) >= min, n);
      }
    },
  };
}

/** Shared breakers for rows set by plain config values. */
const common = (tier: Tier): Record<string, Breaker> => ({
  'api/cpu': (c) => { c.api.cpu = tier === 'production' ? 1 : 0.5; },
  'api/memory': (c) => { c.api.memoryGiB = tier === 'production' ? 4 : 1; },
  'api/instance-count': tier === 'production' ? (c) => { c.api.instances = 3; } : SCHEMA_MIN_ONE,
  'postgres/storage-size': (c) => { c.postgres.storageGiB = tier === 'production' ? 500 : 50; },
  'postgres/storage-iops': (c) => { c.postgres.iops = tier === 'production' ? 12000 : 1000; },
  'postgres/version': (c) => { c.postgres.version = tier === 'production' ? 16 : 14; },
  'redis/version': (c) => { c.redis.version = '6.2'; },
  'brainstore/node-types': tier === 'production'
    ? (c) => { c.brainstore = { combined: { count: 3, instanceType: c.brainstore.readers!.instanceType } }; }
    : { reason: 'testing accepts combined or separate nodes', verify: () => {
      const separate = (c: ConfigInput) => { c.brainstore = { readers: { count: 1, instanceType: c.brainstore.combined!.instanceType }, writers: { count: 1, instanceType: c.brainstore.combined!.instanceType } }; };
      for (const cloud of ['aws', 'gcp', 'azure'] as const) {
        assert.equal(checkSizing(configFor(cloud, 'testing', separate)).find((f) => f.check === 'node-types')?.status, 'pass');
      }
    } },
  'brainstore/instance-count': (c) => { c.brainstore.combined!.count = 0; },
  'brainstore/reader-count': (c) => { c.brainstore.readers!.count = 1; },
  'brainstore/writer-count': (c) => { c.brainstore.writers!.count = 0; },
});

const BREAKERS: Record<Cloud, Record<Tier, Record<string, Breaker>>> = {
  aws: {
    testing: {
      ...common('testing'), 'api/cpu': lambda('testing'), 'api/memory': lambda('testing'), 'api/instance-count': lambda('testing'),
      'postgres/cpu': noneBelow('aws', 'postgres', 'postgres', 'cpu', 'testing'), 'postgres/memory': pg('db.t4g.small'),
      'redis/cpu': noneBelow('aws', 'redis', 'redis', 'cpu', 'testing'), 'redis/memory': redis('cache.t4g.micro'),
      'brainstore/cpu': node('c8gd.large'), 'brainstore/memory': node('c8gd.large'),
      'brainstore/storage-size': node('c8gd.large'), 'brainstore/storage-type': node('c8g.xlarge'),
    },
    production: {
      ...common('production'), 'api/cpu': lambda('production'), 'api/memory': lambda('production'), 'api/instance-count': lambda('production'),
      'postgres/cpu': pg('db.r8g.xlarge'), 'postgres/memory': pg('db.m8g.2xlarge'),
      'redis/cpu': noneBelow('aws', 'redis', 'redis', 'cpu', 'production'), 'redis/memory': redis('cache.t4g.medium'),
      'brainstore/cpu': node('c8gd.2xlarge'), 'brainstore/memory': node('c8gd.2xlarge'),
      // The official module's reader: 950 GB of NVMe, under the seed's 1024GB+.
      'brainstore/storage-size': node('c8gd.4xlarge'),
      'brainstore/storage-type': node('c8g.4xlarge'), 'brainstore/storage-iops': node('c8g.4xlarge'),
    },
  },
  gcp: {
    testing: {
      ...common('testing'),
      'postgres/cpu': pg('db-custom-1-3840'), 'postgres/memory': pg('db-custom-2-7680'),
      'redis/cpu': { reason: 'every Memorystore size has 1+ vCPU', verify: () => assert.equal(lookupInstance('gcp', 'redis', 'basic-1gb')?.vcpu, 1) },
      'redis/memory': { reason: 'the smallest Memorystore size, 1 GB, is the testing minimum', verify: () => assert.equal(lookupInstance('gcp', 'redis', 'basic-0gb'), undefined) },
      'brainstore/cpu': node('c4a-standard-2'), 'brainstore/memory': node('c4a-standard-1'),
      'brainstore/storage-size': node('c4a-standard-4'), 'brainstore/storage-type': node('c4a-standard-4'),
    },
    production: {
      ...common('production'),
      'postgres/cpu': pg('db-perf-optimized-N-4'), 'postgres/memory': pg('db-custom-8-32768'),
      'redis/cpu': redis('basic-4gb'), 'redis/memory': redis('standard-ha-3gb'),
      'brainstore/cpu': node('c4a-standard-8-lssd'), 'brainstore/memory': node('c4-standard-8-lssd'),
      'brainstore/storage-size': node('c3d-standard-16-lssd'),
      'brainstore/storage-type': node('c4a-standard-16'), 'brainstore/storage-iops': node('c4a-standard-16'),
    },
  },
  azure: {
    testing: {
      ...common('testing'),
      'postgres/cpu': pg('B_Standard_B1ms'), 'postgres/memory': pg('B_Standard_B2s'),
      'redis/cpu': noneBelow('azure', 'redis', 'redis', 'cpu', 'testing'), 'redis/memory': redis('Balanced_B0'),
      'redis/version': (c) => { c.redis.version = '6'; },
      'brainstore/cpu': node('Standard_D2ds_v5'),
      'brainstore/memory': noneBelow('azure', 'compute', 'brainstore', 'memory', 'testing'),
      'brainstore/storage-size': node('Standard_D2ds_v5'), 'brainstore/storage-type': node('Standard_D4s_v5'),
    },
    production: {
      ...common('production'),
      'postgres/cpu': pg('MO_Standard_E4ds_v5'), 'postgres/memory': pg('GP_Standard_D8ds_v5'),
      // 15,000 asked of a 1 TiB Flexible Server still gets P50's 7,500 (the size caps the tier).
      'postgres/storage-iops': (c) => { c.postgres.storageGiB = 1024; },
      'redis/cpu': redis('Standard_C1'), 'redis/memory': redis('Balanced_B3'),
      'brainstore/cpu': node('Standard_L8as_v3'), 'brainstore/memory': node('Standard_L2s_v4'),
      'brainstore/storage-size': node('Standard_L4s_v4'),
      'brainstore/storage-type': node('Standard_D32ds_v5'), 'brainstore/storage-iops': node('Standard_D32ds_v5'),
    },
  },
};

/** Findings of one table row: `cpu` also matches the per-group `readers.cpu`, `combined.cpu`. */
function rowFindings(findings: Finding[], component: string, check: string): Finding[] {
  return findings.filter((f) => f.component === component && (f.check === check || f.check.endsWith(`.${check}`)));
}

describe('sizing check: every seed-table row, both tiers, all clouds', () => {
  it('the defaults: every row with a requirement has a passing finding; a row without one reports nothing that fails', () => {
    const problems: string[] = [];
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      for (const tier of ['testing', 'production'] as const) {
        const base = checkSizing(configFor(cloud, tier));
        for (const row of REQUIREMENTS) {
          const key = `${cloud} ${tier} ${row.component}/${row.check}`;
          const found = rowFindings(base, row.component, row.check);
          if (row[tier] !== null && found.length === 0) problems.push(`${key}: no finding`);
          for (const f of found) if (f.status !== 'pass') problems.push(`${key}: ${JSON.stringify(f)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    for (const tier of ['testing', 'production'] as const) {
      for (const row of REQUIREMENTS) {
        const key = `${row.component}/${row.check}`;
        if (row[tier] === null) {
          // No requirement on this tier: a config that breaks the other tier's requirement for
          // this row still does not fail it here (at most an informational finding, required null).
          const other = tier === 'testing' ? 'production' : 'testing';
          const group = ({ 'reader-count': 'readers', 'writer-count': 'writers', 'instance-count': 'combined' } as const)[row.check as string];
          if (row.component === 'brainstore' && group) {
            // Node counts belong to a layout: testing runs combined nodes, production readers and
            // writers. The other layout's count has no group here to count, and no finding.
            it(`${cloud} ${tier} ${key}: no ${tier} requirement, the ${tier} layout has no ${group} and no finding`, () => {
              const input = configFor(cloud, tier);
              assert.equal(input.brainstore[group], undefined);
              assert.deepEqual(rowFindings(checkSizing(input), row.component, row.check), []);
            });
            continue;
          }
          const breaker = BREAKERS[cloud][other][key];
          it(`${cloud} ${tier} ${key}: no ${tier} requirement, so even the ${other} breaker does not fail it`, () => {
            assert.equal(typeof breaker, 'function', `BREAKERS.${cloud}.${other}['${key}'] breaks the row on ${other}`);
            const broken = configFor(cloud, tier, breaker as (c: ConfigInput) => void);
            assert.ok(rowFindings(checkSizing(configFor(cloud, other, breaker as (c: ConfigInput) => void)), row.component, row.check).some((f) => f.status === 'fail'),
              `the breaker fails ${key} on ${other}`);
            for (const f of rowFindings(checkSizing(broken), row.component, row.check)) {
              assert.equal(f.required, null, JSON.stringify(f));
              assert.equal(f.status, 'pass', JSON.stringify(f));
            }
          });
          continue;
        }
        const breaker = BREAKERS[cloud][tier][key];
        if (breaker === undefined) {
          it(`${cloud} ${tier} ${key}: has a breaker or a reason it cannot fail`, () => assert.fail('add one to BREAKERS'));
          continue;
        }
        if (typeof breaker !== 'function') {
          it(`${cloud} ${tier} ${key}: cannot fail (${breaker.reason})`, breaker.verify);
          continue;
        }
        it(`${cloud} ${tier} ${key}: fails when broken, with a fix`, () => {
          const found = rowFindings(checkSizing(configFor(cloud, tier, breaker)), row.component, row.check);
          const failed = found.filter((f) => f.status === 'fail');
          assert.ok(failed.length > 0, `${key} fails: ${JSON.stringify(found)}`);
          for (const f of failed) assert.ok(f.hint.length > 0, `${f.check} has a hint`);
        });
      }
    }
  }
});

describe('sizing check: Azure PostgreSQL IOPS are the disk tier\'s', () => {
  it('reports P50\'s 7,500 for 15,000 asked of 1 TiB, and names the size that reaches it', () => {
    const f = checkSizing(configFor('azure', 'production', (c) => { c.postgres.storageGiB = 1024; c.postgres.iops = 15000; }))
      .find((x) => x.component === 'postgres' && x.check === 'storage-iops')!;
    assert.equal(f.status, 'fail');
    assert.equal(f.actual, 7500);
    assert.equal(f.field, 'postgres.storageGiB');
    assert.match(f.hint, /postgres\.storageGiB to 8192/);
    assert.match(f.hint, /16,000/);
  });

  it('reports P60\'s 16,000 for the production default (8 TiB)', () => {
    const config = configFor('azure', 'production');
    assert.equal(config.postgres.storageGiB, 8192);
    const f = checkSizing(config).find((x) => x.component === 'postgres' && x.check === 'storage-iops')!;
    assert.equal(f.status, 'pass');
    assert.equal(f.actual, 16000);
  });

  it('reports the tier a testing size gets, not the number asked', () => {
    const f = checkSizing(configFor('azure', 'testing', (c) => { c.postgres.storageGiB = 128; c.postgres.iops = 3000; }))
      .find((x) => x.component === 'postgres' && x.check === 'storage-iops')!;
    assert.equal(f.actual, 5000, 'P30, the first tier with 3,000+ a 128 GiB disk allows');
  });

  it('takes postgres.iops as configured on the other clouds', () => {
    const f = checkSizing(configFor('aws', 'production', (c) => { c.postgres.iops = 15000; }))
      .find((x) => x.component === 'postgres' && x.check === 'storage-iops')!;
    assert.equal(f.actual, 15000);
  });
});
