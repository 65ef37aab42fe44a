// braintrust cost: the shipped defaults of each cloud and tier priced from templates/prices-*.json,
// totals worked out by hand below from the table rows (730 hours a month).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Cloud, type Tier } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { costOf, estimateCost, loadPriceTable, type CostEstimate } from '../../src/cost/estimate.js';
import { inventoryOf } from '../../src/cost/inventory.js';
import { run } from '../../src/commands/cost.js';
import { runHandler } from '../helpers/connect-harness.js';

const defaults = (cloud: Cloud, tier: Tier) => configSchema.parse(exampleConfig(cloud, tier, { name: 'bt-cost', org: 'acme' }));
const line = (e: CostEstimate, item: string) => e.components.find((l) => l.item === item)!;

test('aws testing: storage 100 GB x 0.115 + NAT 0.045 x 730 + one IPv4 0.005 x 730 + one NLB 0.0225 x 730 = 64.43; instances unknown', async () => {
  const e = (await costOf(defaults('aws', 'testing')))!;
  assert.equal(line(e, 'storage').monthly, 11.5);
  assert.equal(line(e, 'NAT gateway').monthly, 32.85);
  assert.equal(line(e, 'public IPv4 address').monthly, 3.65);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').monthly, 16.43);
  assert.equal(e.total, 64.43); // 11.50 + 32.85 + 3.65 + 16.43
  assert.equal(e.complete, false);
  assert.equal(line(e, 'c8gd.xlarge').monthly, 'unknown');
  assert.equal(line(e, 'db.m7g.large').unitPrice, 'unknown');
  assert.equal(e.components.some((l) => l.item.startsWith('IOPS')), false, '3000 IOPS are included');
});

test('aws production: Multi-AZ doubles storage and IOPS: 2 x 1000 x 0.115 + 2 x 12000 x 0.02 + 32.85 + 3.65 + 2 NLBs 32.85 = 779.35', async () => {
  const e = (await costOf(defaults('aws', 'production')))!;
  assert.deepEqual({ q: line(e, 'storage').quantity, m: line(e, 'storage').monthly }, { q: 2000, m: 230 });
  assert.deepEqual({ q: line(e, 'IOPS above 3000 included').quantity, m: line(e, 'IOPS above 3000 included').monthly }, { q: 24000, m: 480 });
  assert.equal(line(e, 'i8g.4xlarge').quantity, 2);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').quantity, 2);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').monthly, 32.85);
  assert.equal(e.total, 779.35); // 230 + 480 + 32.85 + 3.65 + 32.85
});

test('gcp testing: db-custom-2-8192 = (2 x 0.0413 + 8 x 0.007) x 730 = 101.18, GKE fee 0.10 x 730 = 73: 174.18', async () => {
  const e = (await costOf(defaults('gcp', 'testing')))!;
  assert.equal(line(e, 'db-custom-2-8192').monthly, 101.18);
  assert.equal(line(e, 'GKE cluster management fee').monthly, 73);
  assert.equal(e.total, 174.18);
});

test('gcp production: Enterprise Plus tier unknown, GKE fee 73', async () => {
  const e = (await costOf(defaults('gcp', 'production')))!;
  assert.equal(line(e, 'db-perf-optimized-N-8 (primary + standby)').monthly, 'unknown');
  assert.equal(e.total, 73);
});

test('azure testing and production: NAT 32.85 + IPv4 3.65 = 36.50; AKS Standard tier only in production', async () => {
  const t = (await costOf(defaults('azure', 'testing')))!;
  assert.equal(t.total, 36.5);
  assert.equal(t.components.some((l) => l.item === 'AKS Standard tier'), false);
  const p = (await costOf(defaults('azure', 'production')))!;
  assert.equal(p.total, 36.5);
  assert.equal(line(p, 'AKS Standard tier').monthly, 'unknown');
  assert.equal(line(p, 'Standard_D4s_v5').quantity, 3, 'system pool');
});

test('a region absent from the table prices nothing and says so', async () => {
  const cfg = configSchema.parse(exampleConfig('aws', 'testing', { name: 'bt-cost', org: 'acme', region: 'eu-west-1' }));
  const e = estimateCost(inventoryOf(cfg), await loadPriceTable('aws'));
  assert.equal(e.total, 0);
  assert.ok(e.components.every((l) => l.monthly === 'unknown'));
  assert.match(e.notes.join(' '), /no prices for region eu-west-1/);
});

test('every shipped table names its sources with a date', async () => {
  for (const cloud of ['aws', 'gcp', 'azure']) {
    const t = await loadPriceTable(cloud);
    assert.ok(t.sources.length > 0);
    for (const s of t.sources) assert.match(s.retrieved, /^\d{4}-\d{2}-\d{2}$/);
  }
});

test('cost --json prints {currency, region, tier, components, total, sources}; --tier prices that tier\'s defaults', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bt-cost-'));
  await writeFile(join(dir, 'braintrust.json'), JSON.stringify(exampleConfig('aws', 'testing', { name: 'bt-cost', org: 'acme' })));
  const r = await runHandler(run, { cwd: dir, config: join(dir, 'braintrust.json'), env: {}, json: true }, { tier: 'production' });
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(doc).slice(0, 6), ['currency', 'region', 'tier', 'components', 'total', 'complete']);
  assert.equal(doc.tier, 'production');
  assert.equal(doc.total, 779.35);
  assert.equal(typeof doc.components[0].quantity, 'number');
  assert.ok(Array.isArray(doc.sources));
});
