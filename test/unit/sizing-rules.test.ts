// The rules beside the seed tables, docker, tier override and unknown instance types.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Cloud, ConfigInput, Tier } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { checkSizing, effectiveTier, type Finding } from '../../src/sizing/check.js';
import { BraintrustError, ExitCode } from '../../src/ui/errors.js';

function configFor(cloud: Cloud, tier: Tier, edit: (c: ConfigInput) => void = () => {}) {
  const raw = exampleConfig(cloud, tier, { name: 'bt-test', org: 'acme' });
  edit(raw);
  return validateConfig(raw);
}
function get(findings: Finding[], component: string, check: string): Finding {
  const f = findings.find((x) => x.component === component && x.check === check);
  assert.ok(f, `finding ${component}/${check}`);
  return f;
}
const fails = (findings: Finding[]) => findings.filter((f) => f.status === 'fail').map((f) => `${f.component}/${f.check}`);

describe('sizing rules beyond the tables', () => {
  it('burstable Redis fails in AWS production, with non-burstable suggestions', () => {
    const f = get(checkSizing(configFor('aws', 'production', (c) => { c.redis.instanceType = 'cache.t4g.medium'; })), 'redis', 'burstable');
    assert.equal(f.status, 'fail');
    assert.match(f.hint, /cache\.r7g\.large/);
    assert.equal(f.field, 'redis.instanceType');
  });

  it('burstable Redis is fine in testing, and only warns outside AWS', () => {
    assert.equal(get(checkSizing(configFor('aws', 'testing')), 'redis', 'burstable').status, 'pass');
    const azure = checkSizing(configFor('azure', 'production', (c) => { c.redis.instanceType = 'Balanced_B1'; }));
    assert.equal(get(azure, 'redis', 'burstable').status, 'warn');
  });

  it('PostgreSQL 16 fails production; 15 passes testing, 14 does not', () => {
    assert.equal(get(checkSizing(configFor('aws', 'production', (c) => { c.postgres.version = 16; })), 'postgres', 'version').status, 'fail');
    assert.equal(get(checkSizing(configFor('aws', 'testing', (c) => { c.postgres.version = 15; })), 'postgres', 'version').status, 'pass');
    assert.equal(get(checkSizing(configFor('gcp', 'testing', (c) => { c.postgres.version = 14; })), 'postgres', 'version').status, 'fail');
  });

  it('combined Brainstore fails production: node types and reader/writer counts', () => {
    const findings = checkSizing(configFor('aws', 'production', (c) => { c.brainstore = { combined: { count: 3, instanceType: 'c8gd.8xlarge' } }; }));
    assert.deepEqual(fails(findings), ['brainstore/node-types', 'brainstore/reader-count', 'brainstore/writer-count']);
    assert.match(get(findings, 'brainstore', 'node-types').hint, /brainstore\.readers/);
  });

  it('one reader fails production', () => {
    const findings = checkSizing(configFor('gcp', 'production', (c) => { c.brainstore.readers!.count = 1; }));
    assert.deepEqual(fails(findings), ['brainstore/reader-count']);
  });

  it('a type without local NVMe fails every Brainstore storage row', () => {
    const findings = checkSizing(configFor('aws', 'production', (c) => { c.brainstore.writers!.instanceType = 'c8g.8xlarge'; }));
    assert.deepEqual(fails(findings), ['brainstore/writers.storage-size', 'brainstore/writers.storage-type', 'brainstore/writers.storage-iops']);
    const type = get(findings, 'brainstore', 'writers.storage-type');
    assert.match(type.hint, /NVMe/);
    assert.equal(type.field, 'brainstore.writers.instanceType');
    assert.equal(type.instanceType, 'c8g.8xlarge');
  });

  it("Azure Standard_D*ds (standard temp disk) fails production storage type and IOPS, passes testing's SSD", () => {
    const prod = checkSizing(configFor('azure', 'production', (c) => { c.brainstore.readers!.instanceType = 'Standard_D32ds_v6'; }));
    assert.deepEqual(fails(prod), ['brainstore/readers.storage-type', 'brainstore/readers.storage-iops']);
    const testing = checkSizing(configFor('azure', 'testing', (c) => { c.brainstore.combined!.instanceType = 'Standard_D8ds_v5'; }));
    assert.equal(get(testing, 'brainstore', 'combined.storage-type').status, 'pass');
  });

  it('x86 Brainstore warns (ARM recommended) but does not fail in production', () => {
    const findings = checkSizing(configFor('aws', 'production', (c) => {
      c.brainstore.readers!.instanceType = 'i4i.4xlarge';
      c.brainstore.writers!.instanceType = 'i4i.8xlarge';
    }));
    assert.deepEqual(fails(findings), []);
    assert.equal(get(findings, 'brainstore', 'readers.architecture').status, 'warn');
    assert.equal(get(findings, 'brainstore', 'writers.architecture').status, 'warn');
    assert.equal(get(checkSizing(configFor('aws', 'testing', (c) => { c.brainstore.combined!.instanceType = 'c6id.xlarge'; })), 'brainstore', 'combined.architecture').status, 'pass');
  });

  it('NODE_MEMORY_PERCENT must be 80-90 on Kubernetes clouds only', () => {
    const pct = (cloud: Cloud, n: number) => checkSizing(configFor(cloud, 'production', (c) => { c.api.nodeMemoryPercent = n; }))
      .find((f) => f.check === 'node-memory-percent')?.status;
    assert.equal(pct('gcp', 75), 'fail');
    assert.equal(pct('gcp', 80), 'pass');
    assert.equal(pct('azure', 90), 'pass');
    assert.equal(pct('azure', 95), 'fail');
    assert.equal(pct('aws', 75), undefined);
  });

  it('one Brainstore pod per dedicated node is stated on Kubernetes clouds', () => {
    assert.equal(get(checkSizing(configFor('azure', 'testing')), 'brainstore', 'dedicated-nodes').status, 'pass');
    assert.equal(checkSizing(configFor('aws', 'production')).some((f) => f.check === 'dedicated-nodes'), false);
  });

  it('Azure Cache for Redis Standard_C1 fails Redis 7 and points at Azure Managed Redis', () => {
    const f = get(checkSizing(configFor('azure', 'testing', (c) => { c.redis = { instanceType: 'Standard_C1', version: '7.4' }; })), 'redis', 'version');
    assert.equal(f.status, 'fail');
    assert.match(f.hint, /Redis 6 at most/);
    assert.match(f.hint, /Azure Managed Redis/);
  });

  it('a Redis version above what the SKU runs fails (Azure Managed Redis runs 7.4)', () => {
    const f = get(checkSizing(configFor('azure', 'production', (c) => { c.redis.version = '8.0'; })), 'redis', 'version');
    assert.equal(f.status, 'fail');
    assert.match(f.hint, /set redis\.version to 7\.4/);
  });

  it('the API node pool must fit an API pod when set', () => {
    const small = checkSizing(configFor('gcp', 'production', (c) => { c.api.nodeInstanceType = 'c4a-standard-1'; }));
    assert.equal(get(small, 'api', 'node-size').status, 'fail');
    const ok = checkSizing(configFor('azure', 'production', (c) => { c.api.nodeInstanceType = 'Standard_D16s_v6'; }));
    assert.equal(get(ok, 'api', 'node-size').status, 'pass');
  });
});

describe('sizing tiers and docker', () => {
  it('opts.tier overrides config.tier', () => {
    const testingConfig = configFor('aws', 'testing');
    assert.deepEqual(fails(checkSizing(testingConfig)), []);
    assert.ok(fails(checkSizing(testingConfig, { tier: 'production' })).includes('postgres/memory'));
    assert.equal(effectiveTier(testingConfig, 'production'), 'production');
  });

  it('docker is checked against the testing tier, host hardware rows warn', () => {
    const config = configFor('docker', 'production');
    assert.equal(effectiveTier(config, 'production'), 'testing');
    const findings = checkSizing(config, { tier: 'production' });
    assert.deepEqual(fails(findings), []);
    const warned = findings.filter((f) => f.status === 'warn');
    assert.deepEqual(warned.map((f) => `${f.component}/${f.check}`), [
      'postgres/cpu', 'postgres/memory', 'postgres/storage-size', 'postgres/storage-iops', 'redis/cpu', 'redis/memory',
      'brainstore/combined.cpu', 'brainstore/combined.memory', 'brainstore/combined.storage-size', 'brainstore/combined.storage-type',
    ]);
    for (const f of warned) assert.match(f.hint, /Docker host must provide/);
  });

  it('docker still checks versions and counts', () => {
    const findings = checkSizing(configFor('docker', 'testing', (c) => {
      c.postgres.version = 14;
      c.redis.version = '6';
      c.brainstore.combined!.count = 0;
      c.api.cpu = 0.5;
    }));
    assert.deepEqual(fails(findings), ['api/cpu', 'postgres/version', 'redis/version', 'brainstore/instance-count']);
  });
});

describe('unknown instance types', () => {
  function thrown(fn: () => unknown): BraintrustError {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof BraintrustError);
      return e;
    }
    assert.fail('expected a BraintrustError');
  }

  it('are config errors (exit 2) naming the field, the value and the closest names', () => {
    const e = thrown(() => checkSizing(configFor('aws', 'production', (c) => { c.brainstore.readers!.instanceType = 'c8gd.4xlarg'; })));
    assert.equal(e.exitCode, ExitCode.usage);
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.match(e.message, /brainstore\.readers\.instanceType/);
    assert.match(e.message, /"c8gd\.4xlarg"/);
    assert.match(e.message, /closest: c8gd\.4xlarge, c7gd\.4xlarge, c8gd\.xlarge/);
    assert.match(e.hint ?? '', /i8g\.4xlarge/);
  });

  it('are all reported at once, and types of another cloud are unknown', () => {
    const e = thrown(() => checkSizing(configFor('gcp', 'testing', (c) => {
      c.postgres.instanceType = 'db.r8g.2xlarge';
      c.redis.instanceType = 'standard-ha-5';
    })));
    assert.equal(e.details.length, 2);
    assert.match(e.details[0], /^postgres\.instanceType: unknown Cloud SQL machine type "db\.r8g\.2xlarge"/);
    assert.match(e.details[1], /^redis\.instanceType: .*closest: standard-ha-5gb/);
    assert.match(e.message, /and 1 more/);
  });

  it('api.nodeInstanceType is looked up on Kubernetes clouds only', () => {
    const e = thrown(() => checkSizing(configFor('azure', 'production', (c) => { c.api.nodeInstanceType = 'Standard_D16s_v9'; })));
    assert.match(e.message, /^api\.nodeInstanceType: unknown Azure VM size/);
    assert.doesNotThrow(() => checkSizing(configFor('aws', 'production', (c) => { c.api.nodeInstanceType = 'whatever'; })));
  });
});
