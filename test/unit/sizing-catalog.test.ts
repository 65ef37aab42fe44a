import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogNames, closestNames, editDistance, lookupInstance } from '../../src/sizing/catalog/index.js';
import { memorystoreCapacityTier } from '../../src/sizing/catalog/gcp.js';
import type { Role } from '../../src/sizing/catalog/types.js';

const ROLES: Role[] = ['postgres', 'redis', 'compute'];

describe('instance catalogs', () => {
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    for (const role of ROLES) {
      it(`${cloud}/${role}: entries are well formed and names unique`, () => {
        const names = catalogNames(cloud, role);
        const seen = new Set<string>();
        for (const name of names) {
          const spec = lookupInstance(cloud, role, name);
          assert.ok(spec, `${name} resolves`);
          assert.ok(spec.vcpu > 0 && spec.memoryGiB > 0, `${name} has vCPU and memory`);
          assert.equal(spec.localDisk === 'nvme', spec.nvmeGB > 0, `${name}: nvmeGB > 0 exactly when localDisk is nvme`);
          if (spec.localDisk === 'standard') assert.ok((spec.tempDiskGB ?? 0) > 0, `${name} has a temp disk size`);
          assert.ok(!seen.has(name.toLowerCase()), `${name} listed once`);
          seen.add(name.toLowerCase());
        }
      });
    }
  }

  const spot: Array<[cloud: 'aws' | 'gcp' | 'azure', role: Role, name: string, vcpu: number, gib: number, nvmeGB: number, arch: string, disk: string]> = [
    ['aws', 'compute', 'c8gd.4xlarge', 16, 32, 950, 'arm64', 'nvme'],
    ['aws', 'compute', 'c8gd.8xlarge', 32, 64, 1900, 'arm64', 'nvme'],
    ['aws', 'compute', 'c8gd.24xlarge', 96, 192, 5700, 'arm64', 'nvme'],
    ['aws', 'compute', 'i8g.4xlarge', 16, 128, 3750, 'arm64', 'nvme'],
    ['aws', 'compute', 'im4gn.4xlarge', 16, 64, 7500, 'arm64', 'nvme'],
    ['aws', 'compute', 'i4i.4xlarge', 16, 128, 3750, 'x86_64', 'nvme'],
    ['aws', 'compute', 'c6id.32xlarge', 128, 256, 7600, 'x86_64', 'nvme'],
    ['aws', 'compute', 'c7g.4xlarge', 16, 32, 0, 'arm64', 'none'],
    ['aws', 'postgres', 'db.r8g.2xlarge', 8, 64, 0, 'arm64', 'none'],
    ['aws', 'postgres', 'db.m7i.48xlarge', 192, 768, 0, 'x86_64', 'none'],
    ['aws', 'redis', 'cache.r7g.large', 2, 13.07, 0, 'arm64', 'none'],
    ['gcp', 'compute', 'c4a-standard-16-lssd', 16, 64, 1610, 'arm64', 'nvme'],
    ['gcp', 'compute', 'c4-standard-32-lssd', 32, 120, 2013, 'x86_64', 'nvme'],
    ['gcp', 'compute', 'z3-highmem-88-highlssd', 88, 704, 38654, 'x86_64', 'nvme'],
    ['gcp', 'compute', 'c4a-standard-16', 16, 64, 0, 'arm64', 'none'],
    ['gcp', 'postgres', 'db-perf-optimized-N-8', 8, 64, 0, 'x86_64', 'none'],
    ['gcp', 'postgres', 'db-perf-optimized-N-128', 128, 864, 0, 'x86_64', 'none'],
    ['azure', 'compute', 'Standard_L16as_v3', 16, 128, 3840, 'x86_64', 'nvme'],
    ['azure', 'compute', 'Standard_L8s_v4', 8, 64, 1920, 'x86_64', 'nvme'],
    ['azure', 'compute', 'Standard_D32ds_v5', 32, 128, 0, 'x86_64', 'standard'],
    ['azure', 'compute', 'Standard_D16s_v6', 16, 64, 0, 'x86_64', 'none'],
    ['azure', 'postgres', 'MO_Standard_E8ds_v5', 8, 64, 0, 'x86_64', 'none'],
    ['azure', 'postgres', 'MO_Standard_E64ds_v4', 64, 504, 0, 'x86_64', 'none'],
    ['azure', 'redis', 'Balanced_B5', 2, 6, 0, 'x86_64', 'none'],
    ['azure', 'redis', 'Premium_P5', 20, 120, 0, 'x86_64', 'none'],
  ];
  for (const [cloud, role, name, vcpu, gib, nvmeGB, arch, disk] of spot) {
    it(`${cloud} ${name}: ${vcpu} vCPU, ${gib} GiB, ${nvmeGB} GB NVMe, ${arch}`, () => {
      const s = lookupInstance(cloud, role, name);
      assert.ok(s);
      assert.deepEqual([s.vcpu, s.memoryGiB, s.nvmeGB, s.arch, s.localDisk], [vcpu, gib, nvmeGB, arch, disk]);
    });
  }

  it('Azure standard temp disks carry their size; burstable classes are marked', () => {
    assert.equal(lookupInstance('azure', 'compute', 'Standard_D4ds_v5')?.tempDiskGB, 161);
    assert.equal(lookupInstance('aws', 'redis', 'cache.t4g.small')?.burstable, true);
    assert.equal(lookupInstance('aws', 'postgres', 'db.t4g.large')?.burstable, true);
    assert.equal(lookupInstance('azure', 'postgres', 'B_Standard_B2ms')?.burstable, true);
    assert.equal(lookupInstance('gcp', 'postgres', 'db-f1-micro')?.burstable, true);
    assert.equal(lookupInstance('aws', 'redis', 'cache.r7g.large')?.burstable, false);
  });

  it('Azure Cache for Redis SKUs stop at Redis 6; Azure Managed Redis runs 7.4', () => {
    for (const n of ['Basic_C0', 'Standard_C1', 'Standard_C6', 'Premium_P1']) assert.equal(lookupInstance('azure', 'redis', n)?.maxRedisVersion, 6, n);
    for (const n of ['Balanced_B0', 'Balanced_B5', 'MemoryOptimized_M10', 'ComputeOptimized_X3']) assert.equal(lookupInstance('azure', 'redis', n)?.maxRedisVersion, 7.4, n);
    assert.equal(lookupInstance('aws', 'redis', 'cache.r7g.large')?.maxRedisVersion, undefined);
  });

  it('lookups ignore case and surrounding spaces', () => {
    assert.equal(lookupInstance('azure', 'compute', ' standard_l16AS_v3 ')?.name, 'Standard_L16as_v3');
    assert.equal(lookupInstance('aws', 'compute', 'C8GD.4XLARGE')?.name, 'c8gd.4xlarge');
  });

  it('parses Cloud SQL custom machine types within the documented limits', () => {
    assert.deepEqual(pick(lookupInstance('gcp', 'postgres', 'db-custom-8-32768')), [8, 32]);
    assert.deepEqual(pick(lookupInstance('gcp', 'postgres', 'db-custom-2-7680')), [2, 7.5]);
    assert.deepEqual(pick(lookupInstance('gcp', 'postgres', 'db-custom-1-3840')), [1, 3.75]);
    for (const bad of ['db-custom-3-12288', 'db-custom-2-30720', 'db-custom-2-1024', 'db-custom-2-8000', 'db-custom-128-524288', 'db-custom-x-1']) {
      assert.equal(lookupInstance('gcp', 'postgres', bad), undefined, bad);
    }
  });

  it('parses Memorystore sizes and maps them to capacity tiers', () => {
    assert.deepEqual(pick(lookupInstance('gcp', 'redis', 'basic-1gb')), [1, 1]);
    assert.deepEqual(pick(lookupInstance('gcp', 'redis', 'standard-ha-5gb')), [2, 5]);
    assert.deepEqual(pick(lookupInstance('gcp', 'redis', 'standard-ha-300gb')), [2, 300]);
    for (const bad of ['basic-0gb', 'basic-301gb', 'premium-5gb', 'standard-5gb']) assert.equal(lookupInstance('gcp', 'redis', bad), undefined, bad);
    assert.deepEqual([1, 4, 5, 10, 11, 35, 36, 100, 101, 300].map(memorystoreCapacityTier), ['M1', 'M1', 'M2', 'M2', 'M3', 'M3', 'M4', 'M4', 'M5', 'M5']);
  });

  it('docker has no catalog', () => {
    assert.equal(lookupInstance('docker', 'compute', 'docker'), undefined);
    assert.deepEqual(catalogNames('docker', 'compute'), []);
    assert.deepEqual(closestNames('docker', 'compute', 'x'), []);
  });

  it('closest names rank by edit distance and include parametric examples', () => {
    assert.deepEqual(closestNames('aws', 'compute', 'c8gd.4xlarg'), ['c8gd.4xlarge', 'c7gd.4xlarge', 'c8gd.xlarge']);
    assert.equal(closestNames('aws', 'postgres', 'db.r8g.2xlrge', 1)[0], 'db.r8g.2xlarge');
    assert.ok(closestNames('gcp', 'redis', 'standard-ha-5').includes('standard-ha-5gb'));
    assert.equal(closestNames('azure', 'redis', 'Balanced_B6', 5).length, 5);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});

function pick(s: { vcpu: number; memoryGiB: number } | undefined): [number, number] | undefined {
  return s && [s.vcpu, s.memoryGiB];
}
