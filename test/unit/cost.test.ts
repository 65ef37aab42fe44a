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
const unknownItems = (e: CostEstimate) => e.components.filter((l) => l.monthly === 'unknown').map((l) => l.item);
/** Money is shown in cents: rounds a sum written out by hand below. */
const cents = (n: number) => Math.round(n * 100) / 100;

// Every expected figure below is worked out from the table rows by hand (hours per month: 730).
// The instance, database and cache types of the defaults have no public price in the tables
// (templates/prices-*.json "unpriced"): those rows must be unknown and left out of the total.

test('aws testing: storage, NAT, IPv4 and one NLB are priced; instance, database and cache types are unknown', async () => {
  const e = (await costOf(defaults('aws', 'testing')))!;
  assert.equal(line(e, 'storage').monthly, cents(100 * 0.115)); // 100 GB gp3 = 11.50
  assert.equal(line(e, 'NAT gateway').monthly, cents(0.045 * 730)); // 32.85
  assert.equal(line(e, 'public IPv4 address').monthly, cents(0.005 * 730)); // 3.65
  assert.equal(line(e, 'internal network load balancer (Brainstore)').monthly, cents(1 * 0.0225 * 730)); // 16.425 -> 16.43
  assert.equal(e.components.some((l) => l.item.startsWith('IOPS')), false, '3000 IOPS are included with gp3');
  assert.equal(e.total, cents(11.5 + 32.85 + 3.65 + 16.43));
  assert.equal(e.total, 64.43);
  assert.deepEqual(unknownItems(e), ['c8gd.xlarge', 'db.m7g.large', 'cache.t4g.small']);
  assert.equal(e.complete, false);
  assert.equal(line(e, 'db.m7g.large').unitPrice, 'unknown');
});

test('aws production: Multi-AZ doubles storage and IOPS above the 3000 included; two NLBs', async () => {
  const e = (await costOf(defaults('aws', 'production')))!;
  assert.deepEqual({ q: line(e, 'storage').quantity, m: line(e, 'storage').monthly }, { q: 2 * 1000, m: cents(2 * 1000 * 0.115) }); // 230
  const iops = line(e, 'IOPS above 3000 included');
  assert.deepEqual({ q: iops.quantity, m: iops.monthly }, { q: 2 * (15000 - 3000), m: cents(2 * (15000 - 3000) * 0.02) }); // 480
  assert.equal(line(e, 'NAT gateway').monthly, 32.85);
  assert.equal(line(e, 'public IPv4 address').monthly, 3.65);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').quantity, 2);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').monthly, cents(2 * 0.0225 * 730)); // 32.85
  assert.equal(line(e, 'i8g.4xlarge').quantity, 2);
  assert.equal(e.total, cents(230 + 480 + 32.85 + 3.65 + 32.85));
  assert.equal(e.total, 779.35);
  assert.deepEqual(unknownItems(e), ['i8g.4xlarge', 'c8gd.8xlarge', 'db.r8g.2xlarge (primary + standby)', 'cache.r7g.large (primary + replica)']);
});

test('gcp testing: db-custom-2-8192 from the Enterprise per-vCPU and per-GB rates, and the GKE fee', async () => {
  const e = (await costOf(defaults('gcp', 'testing')))!;
  assert.equal(line(e, 'db-custom-2-8192').monthly, cents((2 * 0.0413 + (8192 / 1024) * 0.007) * 730)); // 101.178 -> 101.18
  assert.equal(line(e, 'GKE cluster management fee').monthly, cents(0.1 * 730)); // 73
  assert.equal(e.total, cents(101.18 + 73));
  assert.equal(e.total, 174.18);
  assert.deepEqual(unknownItems(e), ['e2-standard-4', 'c4a-standard-4-lssd', 'storage', 'basic-1gb', 'NAT gateway']);
});

test('gcp production: only the GKE fee is priced (Enterprise Plus, Memorystore, C4A, N2 and Cloud NAT unknown)', async () => {
  const e = (await costOf(defaults('gcp', 'production')))!;
  assert.equal(line(e, 'GKE cluster management fee').monthly, cents(0.1 * 730));
  assert.equal(e.total, 73);
  assert.deepEqual(unknownItems(e), [
    'n2-standard-8', 'c4a-standard-16-lssd', 'c4a-standard-32-lssd', 'db-perf-optimized-N-8 (primary + standby)',
    'storage', 'standard-ha-5gb', 'NAT gateway',
  ]);
});

test('azure testing: NAT and its IPv4 address; no AKS Standard tier fee', async () => {
  const e = (await costOf(defaults('azure', 'testing')))!;
  assert.equal(line(e, 'NAT gateway').monthly, cents(0.045 * 730)); // 32.85
  assert.equal(line(e, 'public IPv4 address').monthly, cents(0.005 * 730)); // 3.65
  assert.equal(e.components.some((l) => l.item === 'AKS Standard tier'), false);
  assert.equal(e.total, cents(32.85 + 3.65));
  assert.equal(e.total, 36.5);
  assert.deepEqual(unknownItems(e), ['Standard_D2s_v5', 'Standard_D4s_v5', 'Standard_L8s_v3', 'GP_Standard_D2ds_v5', 'storage', 'Balanced_B1']);
});

test('azure production: NAT, IPv4 and the AKS Standard tier fee (0.10 per cluster-hour)', async () => {
  const e = (await costOf(defaults('azure', 'production')))!;
  assert.equal(line(e, 'AKS Standard tier').monthly, cents(1 * 0.1 * 730)); // 73
  assert.equal(line(e, 'Standard_D4s_v5').quantity, 3, 'system pool');
  assert.equal(e.total, cents(32.85 + 3.65 + 73));
  assert.equal(e.total, 109.5);
  assert.deepEqual(unknownItems(e), [
    'Standard_D4s_v5', 'Standard_D8s_v5', 'Standard_L16as_v3', 'Standard_L32as_v3',
    'MO_Standard_E8ds_v5 (primary + standby)', 'storage', 'Balanced_B5',
  ]);
});

test('every price in a shipped table is covered by a named source; types recorded as unpriced have no price', async () => {
  for (const cloud of ['aws', 'gcp', 'azure']) {
    const t = await loadPriceTable(cloud);
    const covers = t.sources.flatMap((s) => s.covers ?? []);
    const covered = (key: string) => covers.some((c) => c === key || (c.endsWith('*') && key.startsWith(c.slice(0, -1))));
    for (const [region, prices] of Object.entries(t.regions)) {
      for (const [key, value] of Object.entries(prices)) {
        if (typeof value === 'number') assert.ok(covered(key), `${cloud} ${region} ${key} has no source`);
        else for (const type of Object.keys(value as Record<string, number>)) assert.ok(covered(`${key} ${type}`), `${cloud} ${region} ${key} ${type} has no source`);
      }
      for (const entry of t.unpriced?.keys ?? []) {
        const [key, type] = entry.split(' ');
        const row = (prices as Record<string, unknown>)[key];
        const priced = ['compute', 'postgres', 'redis'].includes(key) ? (row as Record<string, number> | undefined)?.[type] : row;
        assert.equal(priced, undefined, `${cloud} ${region}: ${entry} is listed as unpriced but has a price`);
      }
    }
  }
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
