// Issue 11 "done when": a seeded property-style run over generated configs and flag values
// through the real code paths (load -> validate -> sizing -> synth in process; a sample through
// the built CLI). Properties: no INTERNAL errors, no stack traces, one JSON document under
// --json, and invalid values are exit 2 naming a field or flag.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { checkSizing } from '../../src/sizing/check.js';
import { checkCommonFlags } from '../../src/commands/flag-checks.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { synthDeployment } from '../../stacks/synth.js';
import { runCli, projectRoot } from '../helpers/cli.js';

const SEED = 20261126;
const CONFIGS = 300;
const FLAG_SETS = 300;

/** mulberry32 from the test-order shuffle: a small seeded generator, so a failure reproduces. */
const { mulberry32: rng } = await import(pathToFileURL(join(projectRoot, 'scripts', 'shuffle.mjs')).href) as { mulberry32: (seed: number) => () => number };

const HOSTILE_STRINGS = [
  '', ' ', 'x'.repeat(100_000), 'a\u0000b', 'line\nbreak', '\u001b[31mred', '${file("/etc/hostname")}', '%{ for x in [1] }x%{ endfor }',
  'eastus; rm -rf /', 'Mars-North 9!', '../../etc/passwd', '*', 'arn:aws:iam::*:root', 'ünïcödé', '"quoted"', '-1', 'null', '💥',
];
const HOSTILE_NUMBERS = [0, -1, 1, 1.5, 9007199254740991, 1e308, -0, 65536, 2 ** 31, 3, 100, 1000, 1001];
const CIDRS = ['10.0.0.0/32', '999.999.999.999/99', '10.0.0.0/16', '10.175.0.0/21', '10.0.0.1/21', '10.0.0.0/24', '1.2.3/4', '10.0.0.0/8'];
const REGIONS = ['us-east-1', 'us-central1', 'eastus', 'westeurope', 'Mars-North 9!', 'eastus; rm -rf /', 'US-EAST-1', 'x'.repeat(300)];

type Json = Record<string, any>;

function generate(r: () => number): { config: Json; json: boolean } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const cloud = pick(['aws', 'gcp', 'azure', 'docker'] as const);
  const c = exampleConfig(cloud, pick(['testing', 'production'] as const), { name: 'bt', org: 'acme' }) as Json;
  const mutations = Math.floor(r() * 4);
  for (let i = 0; i < mutations; i++) {
    const which = Math.floor(r() * 12);
    // A mutation on a part an earlier one deleted is skipped.
    if ((which === 4 && !c.brainstore) || (which === 5 && !c.api)) continue;
    switch (which) {
      case 0: c.orgName = pick(HOSTILE_STRINGS); break;
      case 1: c.region = pick(REGIONS); break;
      case 2: c.network = { cidr: pick(CIDRS) }; break;
      case 3: c.network = { existingVpcId: pick(['vpc-0123456789abcdef0', 'vpc-1', '']), ...(r() < 0.5 ? { existingPrivateSubnetIds: pick([[], ['subnet-0a0a0a0a'], ['subnet-0a0a0a0a', 'subnet-0b0b0b0b'], ['a', 'b']]) } : {}) }; break;
      case 4: if (c.brainstore.readers) c.brainstore.readers.count = pick(HOSTILE_NUMBERS); else c.brainstore.combined.count = pick(HOSTILE_NUMBERS); break;
      case 5: c.api.memoryGiB = pick(HOSTILE_NUMBERS); break;
      case 6: c.tags = { [pick(['team', 'k'.repeat(200), '${x}'])]: pick(HOSTILE_STRINGS) }; break;
      case 7: {
        const from = Date.parse('2026-03-01T00:00:00Z');
        const hours = pick([1, 24 * 7, 24 * 8, -1, 24 * 365 * 80]);
        c.remoteAccess = { grants: [{ principal: pick([undefined, '*', '123456789012', 'user:a@b.io', 'allUsers', '0f8fad5b-d9cb-469f-a165-70867728950e', 'x'.repeat(5000)]), reason: pick(['INC-1', '', 'a\nb']), grantedAt: new Date(from).toISOString(), expiresAt: new Date(from + hours * 3_600_000).toISOString() }] };
        if (c.remoteAccess.grants[0].principal === undefined) delete c.remoteAccess.grants[0].principal;
        break;
      }
      case 8: c.postgres.storageGiB = pick([...HOSTILE_NUMBERS, '100', null] as unknown[]); break;
      case 9: c[pick(['colour', 'extra', '__proto__x'])] = 1; break;
      case 10: delete c[pick(['name', 'cloud', 'version', 'api', 'brainstore'])]; break;
      case 11: c.redis.instanceType = pick(['standard-ha-5gb', 'cache.r7g.large', 'Balanced_B5', '${file("/x")}']); break;
    }
  }
  return { config: c, json: r() < 0.3 };
}

const INTERNAL = /INTERNAL|TypeError|ReferenceError|RangeError|Cannot read/;

describe('fuzz: generated configs and flags', () => {
  let dir: string;
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  test(`${CONFIGS} configs: each is accepted and sizes, or refused with exit 2 naming a field`, async (t) => {
    dir = await mkdtemp(join(tmpdir(), 'bt-fuzz-'));
    const r = rng(SEED);
    const counts = { accepted: 0, refused: 0, synthesized: 0 };
    const accepted: string[] = [];
    const sample: { file: string; valid: boolean }[] = [];
    for (let i = 0; i < CONFIGS; i++) {
      const { config, json } = generate(r);
      const file = join(dir, `c${i}.${json ? 'json' : 'yaml'}`);
      await writeFile(file, json ? JSON.stringify(config) : stringify(config));
      let valid = true;
      try {
        const loaded = await loadConfig(file);
        checkSizing(loaded.config);
        counts.accepted += 1;
        accepted.push(file);
      } catch (e) {
        valid = false;
        counts.refused += 1;
        assert.ok(e instanceof BraintrustError, `config ${i} (${JSON.stringify(config).slice(0, 300)}): ${(e as Error).stack}`);
        assert.equal(e.exitCode, 2, `config ${i}: ${e.message}`);
        assert.doesNotMatch(e.message, INTERNAL);
        for (const line of [e.message, ...e.details]) assert.ok(line.length < 700, `config ${i}: a ${line.length}-character line`);
        if (e.details.length) for (const d of e.details) assert.match(d, /^\S[^\n]*?: /, `config ${i}: "${d.slice(0, 80)}" names a field`);
      }
      if (i % 25 === 0) sample.push({ file, valid });
    }
    // Accepted configs synthesize (stacks throw only for internal invariants): a sample, as synth takes a second or two.
    for (const file of accepted.filter((_, i) => i % Math.max(1, Math.floor(accepted.length / 6)) === 0).slice(0, 6)) {
      const { config } = await loadConfig(file);
      await synthDeployment(config, join(dir, 'out', String(counts.synthesized)));
      counts.synthesized += 1;
    }
    t.diagnostic(`seed ${SEED}: ${counts.accepted} accepted, ${counts.refused} refused (exit 2), ${counts.synthesized} synthesized`);
    assert.ok(counts.accepted > 20 && counts.refused > 20, JSON.stringify(counts));

    // A sample through the built CLI: one JSON document, no stack trace, exit 2 exactly when refused.
    for (const { file, valid } of sample) {
      const res = await runCli(['--config', file, 'sizing', 'check', '--json'], { cwd: dir, timeoutMs: 30_000 });
      assert.doesNotMatch(res.stderr, /\n\s+at .*:\d+:\d+/, `${file}: stack trace`);
      const doc = JSON.parse(res.stdout);
      if (valid) assert.ok([0, 1].includes(res.code), `${file}: exit ${res.code} ${res.stderr}`);
      else {
        assert.equal(res.code, 2, `${file}: ${res.stderr}`);
        assert.equal(doc.ok, false);
      }
    }
  });

  test(`${FLAG_SETS} flag combinations: accepted, or exit 2 naming the flag`, () => {
    const r = rng(SEED + 1);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const values: Record<string, readonly unknown[]> = {
      maxDuration: ['0', '1ms', '25d', '1h', '30m', '7d', '8d', '1.5h', 'abc', '', '99999999999999999999s', '1h30m'],
      port: ['0x3fef', '+16399', '16399.0', '5432', '0', '65535', '65536', '', ' 1', '1e3'],
      postgresUrl: ['ftp://x', 'postgres://h/db', 'postgresql://h', 'http://h', '', 'not a url'],
      redisUrl: ['redis://h', 'rediss://h:6380', 'http://h', ''],
      out: ['', ' ', 'braintrust.out', 'x/y'],
      dryRun: [true, false, undefined],
      planOnly: [true, false, undefined],
    };
    let refused = 0;
    for (let i = 0; i < FLAG_SETS; i++) {
      const opts: Record<string, unknown> = {};
      for (const [k, vs] of Object.entries(values)) if (r() < 0.4) opts[k] = pick(vs);
      try {
        checkCommonFlags(opts);
      } catch (e) {
        refused += 1;
        assert.ok(e instanceof BraintrustError, String(e));
        assert.equal(e.exitCode, 2);
        assert.match(e.message, /^--[a-z-]+/, e.message);
      }
    }
    assert.ok(refused > 50 && refused < FLAG_SETS, String(refused));
  });
});
