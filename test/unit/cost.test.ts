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

// Every expected figure below is worked out by hand from the table rows (templates/prices-*.json),
// as quantity x unit price x 730 hours a month, rounded to cents. Types without a public price in
// the tables ("unpriced") must be unknown rows, left out of the total.

test('aws testing: Brainstore EC2, storage, NAT, IPv4 and one NLB are priced; database and cache types are unknown', async () => {
  const e = (await costOf(defaults('aws', 'testing')))!;
  assert.equal(line(e, 'c8gd.xlarge').monthly, cents(1 * 0.19596 * 730)); // 143.0508 -> 143.05
  assert.equal(line(e, 'storage').monthly, cents(100 * 0.115)); // 100 GB gp3 = 11.50
  assert.equal(line(e, 'NAT gateway').monthly, cents(0.045 * 730)); // 32.85
  assert.equal(line(e, 'public IPv4 address').monthly, cents(0.005 * 730)); // 3.65
  assert.equal(line(e, 'internal network load balancer (Brainstore)').monthly, cents(1 * 0.0225 * 730)); // 16.425 -> 16.43
  assert.equal(e.components.some((l) => l.item.startsWith('IOPS')), false, '3000 IOPS are included with gp3');
  assert.equal(e.total, cents(143.05 + 11.5 + 32.85 + 3.65 + 16.43));
  assert.equal(e.total, 207.48);
  assert.deepEqual(unknownItems(e), ['db.m7g.large', 'cache.t4g.small']);
  assert.equal(e.complete, false);
  assert.equal(line(e, 'db.m7g.large').unitPrice, 'unknown');
});

test('aws production: Multi-AZ db.r8g.2xlarge (derived 0.956/h) bills two instances, doubles storage and IOPS above the 3000 included; two NLBs; Brainstore readers and writer priced', async () => {
  const e = (await costOf(defaults('aws', 'production')))!;
  const db = line(e, 'db.r8g.2xlarge (primary + standby)');
  assert.deepEqual({ q: db.quantity, u: db.unitPrice, m: db.monthly }, { q: 2, u: cents(0.956 * 730), m: cents(2 * 0.956 * 730) }); // 697.88 each, 1395.76
  assert.deepEqual({ q: line(e, 'storage').quantity, m: line(e, 'storage').monthly }, { q: 2 * 1000, m: cents(2 * 1000 * 0.115) }); // 230
  const iops = line(e, 'IOPS above 3000 included');
  assert.deepEqual({ q: iops.quantity, m: iops.monthly }, { q: 2 * (15000 - 3000), m: cents(2 * (15000 - 3000) * 0.02) }); // 480
  assert.equal(line(e, 'NAT gateway').monthly, 32.85);
  assert.equal(line(e, 'public IPv4 address').monthly, 3.65);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').quantity, 2);
  assert.equal(line(e, 'internal network load balancer (Brainstore)').monthly, cents(2 * 0.0225 * 730)); // 32.85
  assert.equal(line(e, 'i8g.4xlarge').quantity, 2);
  assert.equal(line(e, 'i8g.4xlarge').monthly, cents(2 * 1.3728 * 730)); // 2004.288 -> 2004.29
  assert.equal(line(e, 'c8gd.8xlarge').monthly, cents(1 * 1.56768 * 730)); // 1144.4064 -> 1144.41
  assert.equal(e.total, cents(2004.29 + 1144.41 + 1395.76 + 230 + 480 + 32.85 + 3.65 + 32.85));
  assert.equal(e.total, 5323.81);
  assert.deepEqual(unknownItems(e), ['cache.r7g.large (primary + replica)']);
});

test('gcp testing: every row priced (GCE hour rates, Cloud SQL Enterprise per vCPU/GB, Memorystore M1, Cloud NAT per VM, GKE fee)', async () => {
  const e = (await costOf(defaults('gcp', 'testing')))!;
  assert.equal(line(e, 'e2-standard-4').monthly, cents(1 * 0.134023 * 730)); // 97.83679 -> 97.84
  assert.equal(line(e, 'c4a-standard-4-lssd').monthly, cents(1 * 0.241244 * 730)); // 176.10812 -> 176.11 (machine + bundled Local SSD)
  assert.equal(line(e, 'db-custom-2-8192').monthly, cents((2 * 0.0413 + (8192 / 1024) * 0.007) * 730)); // 0.1386 x 730 = 101.178 -> 101.18
  assert.equal(line(e, 'storage').monthly, cents(100 * 0.17)); // 17
  assert.equal(line(e, 'basic-1gb').monthly, cents(1 * 0.049 * 730)); // basic M1: 35.77
  assert.equal(line(e, 'Cloud NAT (2 VMs)').monthly, cents(2 * 0.0014 * 730)); // 2.044 -> 2.04
  assert.equal(line(e, 'GKE cluster management fee').monthly, cents(0.1 * 730)); // 73
  assert.equal(e.total, cents(97.84 + 176.11 + 101.18 + 17 + 35.77 + 2.04 + 73));
  assert.equal(e.total, 502.94);
  assert.deepEqual(unknownItems(e), []);
  assert.equal(e.complete, true);
});

test('gcp production: N2 API pool, C4A -lssd Brainstore pools, regional storage, Memorystore standard M2, NAT for 5 VMs; Enterprise Plus unknown', async () => {
  const e = (await costOf(defaults('gcp', 'production')))!;
  assert.equal(line(e, 'n2-standard-8').monthly, cents(2 * 0.388472 * 730)); // 567.16912 -> 567.17
  assert.equal(line(e, 'c4a-standard-16-lssd').monthly, cents(2 * 0.964975 * 730)); // 1408.8635 -> 1408.86
  assert.equal(line(e, 'c4a-standard-32-lssd').monthly, cents(1 * 1.806663 * 730)); // 1318.86399 -> 1318.86
  assert.equal(line(e, 'storage').monthly, cents(2 * 1000 * 0.17)); // HA: primary + standby disks = 340
  assert.equal(line(e, 'standard-ha-5gb').monthly, cents(5 * 0.054 * 730)); // standard M2: 197.10
  assert.equal(line(e, 'Cloud NAT (5 VMs)').monthly, cents(5 * 0.0014 * 730)); // 5.11
  assert.equal(e.total, cents(567.17 + 1408.86 + 1318.86 + 340 + 197.1 + 5.11 + 73));
  assert.equal(e.total, 3910.1);
  assert.deepEqual(unknownItems(e), ['db-perf-optimized-N-8 (primary + standby)']);
});

test('azure testing: system, API and Brainstore VMs, NAT and its IPv4 address; Flexible Server and Managed Redis B1 unknown; no AKS Standard fee', async () => {
  const e = (await costOf(defaults('azure', 'testing')))!;
  assert.equal(line(e, 'Standard_D2s_v5').monthly, cents(1 * 0.096 * 730)); // 70.08
  assert.equal(line(e, 'Standard_D4s_v5').monthly, cents(1 * 0.192 * 730)); // 140.16
  assert.equal(line(e, 'Standard_L8s_v3').monthly, cents(1 * 0.696 * 730)); // 508.08
  assert.equal(line(e, 'NAT gateway').monthly, cents(0.045 * 730)); // 32.85
  assert.equal(line(e, 'public IPv4 address').monthly, cents(0.005 * 730)); // 3.65
  assert.equal(e.components.some((l) => l.item === 'AKS Standard tier'), false);
  assert.equal(e.total, cents(70.08 + 140.16 + 508.08 + 32.85 + 3.65));
  assert.equal(e.total, 754.82);
  assert.deepEqual(unknownItems(e), ['GP_Standard_D2ds_v5', 'storage', 'Balanced_B1']);
});

test('azure production: 3 system + 2 API + Lasv3 Brainstore pools and the AKS Standard tier fee; HA Redis is two nodes', async () => {
  const e = (await costOf(defaults('azure', 'production')))!;
  assert.equal(line(e, 'Standard_D4s_v5').quantity, 3, 'system pool');
  assert.equal(line(e, 'Standard_D4s_v5').monthly, cents(3 * 0.192 * 730)); // 420.48
  assert.equal(line(e, 'Standard_D8s_v5').monthly, cents(2 * 0.384 * 730)); // 560.64
  assert.equal(line(e, 'Standard_L16as_v3').monthly, cents(2 * 1.248 * 730)); // 1822.08
  assert.equal(line(e, 'Standard_L32as_v3').monthly, cents(1 * 2.496 * 730)); // 1822.08
  assert.equal(line(e, 'AKS Standard tier').monthly, cents(1 * 0.1 * 730)); // 73
  assert.equal(line(e, 'Balanced_B5 (high availability)').quantity, 2);
  assert.equal(e.total, cents(420.48 + 560.64 + 1822.08 + 1822.08 + 32.85 + 3.65 + 73));
  assert.equal(e.total, 4734.78);
  assert.deepEqual(unknownItems(e), ['MO_Standard_E8ds_v5 (primary + standby)', 'storage', 'Balanced_B5 (high availability)']);
});

test('priced beyond the defaults: legacy Cloud SQL N1, Memorystore bands, the Cloud NAT 32-VM cap, Azure HA Managed Redis', async () => {
  const gcp = (over: Record<string, unknown>) => configSchema.parse({ ...exampleConfig('gcp', 'testing', { name: 'bt-cost', org: 'acme' }), ...over });
  const n1 = estimateCost(inventoryOf(gcp({ postgres: { ...defaults('gcp', 'testing').postgres, instanceType: 'db-n1-standard-2' } })), await loadPriceTable('gcp'));
  assert.equal(line(n1, 'db-n1-standard-2').monthly, cents((2 * 0.0413 + 7.5 * 0.007) * 730)); // 0.1351 x 730 = 98.623 -> 98.62
  const m4 = estimateCost(inventoryOf(gcp({ redis: { ...defaults('gcp', 'testing').redis, instanceType: 'standard-ha-45gb' } })), await loadPriceTable('gcp'));
  assert.equal(line(m4, 'standard-ha-45gb').monthly, cents(45 * 0.035 * 730)); // standard M4: 1149.75
  const inv = inventoryOf(defaults('gcp', 'testing'));
  const big = estimateCost({ ...inv, nodes: [{ ...inv.nodes[0], count: 40 }] }, await loadPriceTable('gcp'));
  assert.equal(line(big, 'Cloud NAT (40 VMs)').monthly, cents(32 * 0.0014 * 730)); // capped at 32 VMs: 32.704 -> 32.7
  const az = configSchema.parse({ ...exampleConfig('azure', 'production', { name: 'bt-cost', org: 'acme' }), redis: { ...defaults('azure', 'production').redis, instanceType: 'Balanced_B3' } });
  const r = estimateCost(inventoryOf(az), await loadPriceTable('azure'));
  assert.equal(line(r, 'Balanced_B3 (high availability)').monthly, cents(2 * 0.065 * 730)); // 94.90, the source's HA figure
});

test('derived rows name their source and formula, and every derived key is priced and covered', async () => {
  for (const cloud of ['aws', 'gcp', 'azure']) {
    const t = await loadPriceTable(cloud);
    const urls = t.sources.map((s) => s.url);
    for (const d of t.derived ?? []) {
      assert.ok(urls.includes(d.from), `${cloud}: derived rows cite ${d.from}, which is not a listed source`);
      assert.ok(d.formula.length > 10);
      for (const k of d.keys) {
        if (k.endsWith('*')) continue; // computed at run time from the rates (Cloud SQL Enterprise)
        const [key, type] = k.split(' ');
        const value = (t.regions[Object.keys(t.regions)[0]] as Record<string, unknown>)[key];
        assert.equal(typeof (type ? (value as Record<string, number>)[type] : value), 'number', `${cloud}: derived ${k} has no price`);
      }
    }
  }
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
  assert.equal(doc.currency, 'USD');
  assert.equal(doc.region, 'us-east-1');
  assert.equal(doc.total, 5323.81);
  for (const c of doc.components) {
    for (const k of ['component', 'item', 'quantity', 'unitPrice', 'monthly']) assert.ok(k in c, `component row without ${k}`);
    assert.equal(typeof c.quantity, 'number');
    assert.ok(typeof c.monthly === 'number' || c.monthly === 'unknown');
    assert.equal(typeof c.unitPrice, typeof c.monthly);
  }
  const db = doc.components.find((c: { item: string }) => c.item === 'db.r8g.2xlarge (primary + standby)');
  assert.deepEqual([db.quantity, db.unitPrice, db.monthly], [2, 697.88, 1395.76]);
  assert.deepEqual(doc.components.find((c: { item: string }) => c.item === 'cache.r7g.large (primary + replica)').monthly, 'unknown');
  assert.ok(doc.sources.length > 0 && doc.sources.every((s: { url: string; retrieved: string }) => s.url.startsWith('https://') && /^\d{4}-\d{2}-\d{2}$/.test(s.retrieved)));
});

test('cost emits one cost.estimate message: the estimate with --json, a table, notes and the total otherwise', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bt-cost-'));
  await writeFile(join(dir, 'braintrust.json'), JSON.stringify(exampleConfig('aws', 'production', { name: 'bt-cost', org: 'acme' })));
  const ctx = { cwd: dir, config: join(dir, 'braintrust.json'), env: {} };
  const json = await runHandler(run, { ...ctx, json: true }, {});
  assert.deepEqual(json.messages.map((m) => m.code), ['cost.estimate']);
  const m = json.messages[0];
  assert.ok(m.code === 'cost.estimate');
  assert.deepEqual(JSON.parse(json.stdout), JSON.parse(JSON.stringify(m.data)), 'the JSON document is the estimate');
  const human = await runHandler(run, ctx, {});
  assert.equal(human.code, 0, human.stderr);
  const lines = human.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^component +item +quantity +unit price \/ month +monthly$/);
  assert.ok(lines.some((l) => /^note: /.test(l)), 'the notes follow the table');
  assert.match(lines.at(-1)!, /^Estimated monthly cost \(us-east-1, production, on-demand list prices\): \$\d+\.\d\d( \+ \d+ unknown item\(s\))?$/);
  assert.equal(human.stderr, '');
});
