import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOUDS, TIERS } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/load.js';
import { DEFAULT_REGIONS, DEFAULT_VERSION, defaultsFor, exampleConfig } from '../../src/config/defaults.js';
import { checkSizing } from '../../src/sizing/check.js';

describe('config defaults', () => {
  for (const cloud of CLOUDS) {
    for (const tier of TIERS) {
      it(`${cloud} ${tier}: the example config validates and passes sizing (no fail)`, () => {
        const config = validateConfig(exampleConfig(cloud, tier, { name: 'bt-test', org: 'acme' }));
        const fails = checkSizing(config).filter((f) => f.status === 'fail');
        assert.deepEqual(fails, []);
      });
    }
  }

  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    for (const tier of TIERS) {
      it(`${cloud} ${tier}: defaults have no warnings either`, () => {
        const config = validateConfig(exampleConfig(cloud, tier, { name: 'bt-test', org: 'acme' }));
        assert.deepEqual(checkSizing(config).filter((f) => f.status !== 'pass'), []);
      });
    }
  }

  it('AWS production matches the official module where it meets the seed', () => {
    const d = defaultsFor('aws', 'production');
    assert.deepEqual(d.postgres, { instanceType: 'db.r8g.2xlarge', storageGiB: 1000, iops: 15000, version: 17 });
    assert.deepEqual(d.redis, { instanceType: 'cache.r7g.large', version: '7.1' });
    assert.deepEqual(d.brainstore.writers, { count: 1, instanceType: 'c8gd.8xlarge' });
    assert.equal(d.brainstore.readers?.count, 2);
    const { runtime, ecs, ...sizes } = d.api;
    assert.deepEqual(sizes, {}, 'no api.instances/cpu/memoryGiB on AWS: api.ecs sizes the services');
    // The ECS runtime for new configs; the official task memory and max counts, the seed's
    // 2+ vCPU and 4+ instances (the official 1 vCPU and api/background min 3 fall short).
    assert.equal(runtime, 'ecs');
    assert.deepEqual(ecs, {
      api: { cpu: 2, memoryMiB: 8192, min: 4, max: 50 },
      ingest: { cpu: 2, memoryMiB: 8192, min: 6, max: 100 },
      background: { cpu: 2, memoryMiB: 8192, min: 4, max: 50 },
    });
  });

  it('AWS testing is small and combined', () => {
    const d = defaultsFor('aws', 'testing');
    assert.deepEqual(d.postgres, { instanceType: 'db.m7g.large', storageGiB: 100, iops: 3000, version: 17 });
    assert.equal(d.redis.instanceType, 'cache.t4g.small');
    assert.deepEqual(d.brainstore, { combined: { count: 1, instanceType: 'c8gd.xlarge' } });
  });

  it('docker uses host-provided services', () => {
    const d = defaultsFor('docker', 'testing');
    assert.deepEqual(d.api, { instances: 1, cpu: 1, memoryGiB: 2 });
    assert.deepEqual(d.postgres, { instanceType: 'docker', storageGiB: 100, iops: 3000, version: 17 });
    assert.deepEqual(d.redis, { instanceType: 'docker', version: '7.2' });
    assert.deepEqual(d.brainstore, { combined: { count: 1, instanceType: 'docker' } });
  });

  it('defaultsFor returns a copy callers can edit', () => {
    defaultsFor('aws', 'production').postgres.instanceType = 'db.t4g.micro';
    assert.equal(defaultsFor('aws', 'production').postgres.instanceType, 'db.r8g.2xlarge');
  });

  it('regions and version', () => {
    assert.deepEqual(DEFAULT_REGIONS, { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus', docker: undefined });
    assert.equal(DEFAULT_VERSION, 'v2.12.0');
  });

  it('exampleConfig fills region and version, and leaves region out for docker', () => {
    const aws = exampleConfig('aws', 'production', { name: 'bt-test', org: 'acme' });
    assert.equal(aws.region, 'us-east-1');
    assert.equal(aws.version, DEFAULT_VERSION);
    assert.equal(aws.orgName, 'acme');
    assert.equal(exampleConfig('gcp', 'testing', { name: 'bt-test', org: 'acme', region: 'europe-west4' }).region, 'europe-west4');
    const docker = exampleConfig('docker', 'testing', { name: 'bt-test', org: 'acme', region: 'us-east-1' });
    assert.equal('region' in docker, false);
  });
});
