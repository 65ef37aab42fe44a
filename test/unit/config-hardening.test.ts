// Issue 11 items 4, 12, 13: per-cloud rules and limits live in config validation, so every
// bad value is a config error (exit 2) naming the field before any synth, and messages quote at
// most ~200 characters of a value.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { BraintrustError, ExitCode } from '../../src/ui/errors.js';

type C = Record<string, any>;
const base = (cloud: 'aws' | 'gcp' | 'azure' = 'aws', tier: 'testing' | 'production' = 'production'): C =>
  exampleConfig(cloud, tier, { name: 'bt', org: 'acme' }) as C;

function problems(input: unknown): string {
  try {
    validateConfig(input, 'braintrust.yaml');
  } catch (e) {
    assert.ok(e instanceof BraintrustError, String(e));
    assert.equal(e.exitCode, ExitCode.usage);
    return [e.message, ...e.details].join('\n');
  }
  assert.fail('expected a config error');
}
const ok = (input: unknown) => assert.doesNotThrow(() => validateConfig(input));
const grant = (principal: string | undefined, hours = 8, from = '2026-03-01T00:00:00Z') => ({
  ...(principal === undefined ? {} : { principal }), reason: 'INC-1',
  grantedAt: from, expiresAt: new Date(Date.parse(from) + hours * 3_600_000).toISOString(),
});

describe('support-access grants (item 4)', () => {
  const cases: [cloud: 'aws' | 'gcp' | 'azure', principal: string | undefined, good: boolean][] = [
    ['aws', '*', false], ['aws', 'arn:aws:iam::*:root', false], ['aws', 'arn:aws:iam::123456789012:role/*', false],
    ['aws', 'root', false], ['aws', '123456789012', true], ['aws', 'arn:aws:iam::123456789012:role/Support', true],
    ['aws', undefined, true],
    ['gcp', 'allUsers', false], ['gcp', 'allAuthenticatedUsers', false], ['gcp', 'domain:example.com', false], ['gcp', 'user:*@example.com', false],
    ['gcp', 'user:help@example.com', true], ['gcp', 'group:support@braintrust.dev', true], ['gcp', undefined, true],
    ['azure', '*', false], ['azure', 'someone@example.com', false], ['azure', undefined, false],
    ['azure', '0f8fad5b-d9cb-469f-a165-70867728950e', true],
  ];
  for (const [cloud, principal, good] of cases) {
    test(`${cloud} principal ${JSON.stringify(principal)} is ${good ? 'accepted' : 'refused'}`, () => {
      const c = base(cloud);
      c.remoteAccess = { grants: [grant(principal)] };
      if (good) ok(c);
      else assert.match(problems(c), /remoteAccess\.grants\.0\.principal/);
    });
  }
  test('a grant longer than 7 days, or ending before it starts, is refused in the config', () => {
    const c = base();
    c.remoteAccess = { grants: [{ reason: 'x', grantedAt: '2020-01-01T00:00:00Z', expiresAt: '2099-01-01T00:00:00Z' }] };
    assert.match(problems(c), /remoteAccess\.grants\.0\.expiresAt: .*at most 7 days/);
    c.remoteAccess = { grants: [grant(undefined, -1)] };
    assert.match(problems(c), /expiresAt: .*after grantedAt/);
    c.remoteAccess = { grants: [grant(undefined, 7 * 24)] };
    ok(c);
  });
});

describe('network and per-cloud rules (item 12)', () => {
  for (const [cidr, why] of [
    ['10.0.0.0/32', /prefix must be \/16 to \/24/], ['999.999.999.999/99', /CIDR like/], ['10.0.0.0/8', /prefix/],
    ['10.0.0.1/21', /network address of this range is 10\.0\.0\.0\/21/], ['10.0.0/21', /CIDR like/],
  ] as const) {
    test(`network.cidr ${cidr} is refused`, () => {
      const c = base();
      c.network = { cidr };
      assert.ok(problems(c).includes(`network.cidr: "${cidr}" is not allowed`), problems(c));
      assert.match(problems(c), why);
    });
  }
  test('a valid range on each cloud is accepted', () => {
    for (const cloud of ['aws', 'gcp', 'azure'] as const) ok({ ...base(cloud), network: { cidr: '10.20.0.0/20' } });
  });
  test('existingVpcId needs at least two subnet ids of the right shape, and only on AWS', () => {
    assert.match(problems({ ...base(), network: { existingVpcId: 'vpc-0123456789abcdef0' } }), /network\.existingPrivateSubnetIds: .*at least 2/);
    assert.match(problems({ ...base(), network: { existingVpcId: 'vpc-0123456789abcdef0', existingPrivateSubnetIds: ['x', 'y'] } }), /existingPrivateSubnetIds\.0: .*subnet id/);
    assert.match(problems({ ...base(), network: { existingPrivateSubnetIds: ['subnet-0a0a0a0a', 'subnet-0b0b0b0b'] } }), /network\.existingVpcId: .*required/);
    assert.match(problems({ ...base('gcp'), network: { existingVpcId: 'vpc-0123456789abcdef0', existingPrivateSubnetIds: ['subnet-0a0a0a0a', 'subnet-0b0b0b0b'] } }), /only supported on cloud aws/);
    ok({ ...base(), network: { existingVpcId: 'vpc-0123456789abcdef0', existingPrivateSubnetIds: ['subnet-0a0a0a0a', 'subnet-0b0b0b0b'] } });
  });
  test('Azure secretRef shape and state backends per cloud are config rules', () => {
    const a = base('azure');
    a.secrets = { brainstoreLicenseKey: { secretRef: 'arn:aws:secretsmanager:x' } };
    assert.match(problems(a), /secrets\.brainstoreLicenseKey\.secretRef: .*Key Vault/);
    assert.match(problems({ ...base('gcp'), state: { backend: 's3', bucket: 'abc' } }), /state\.backend: .*"local", "gcs" on cloud gcp/);
    assert.match(problems({ ...base(), state: { backend: 's3', bucket: 'a${file("/x")}' } }), /state\.bucket: .*must not contain/);
  });
});

describe('hostile values (item 13)', () => {
  for (const [cloud, region] of [['aws', 'Mars-North 9!'], ['azure', 'eastus; rm -rf /'], ['gcp', 'us-east-1'], ['aws', 'eastus']] as const) {
    test(`${cloud} region ${JSON.stringify(region)} is refused`, () => {
      assert.match(problems({ ...base(cloud), region }), new RegExp(`region: .*not a ${cloud} region name`));
    });
  }
  test('real regions are accepted', () => {
    for (const [cloud, region] of [['aws', 'us-gov-west-1'], ['aws', 'ap-southeast-2'], ['gcp', 'northamerica-northeast1'], ['azure', 'westeurope'], ['azure', 'eastus2']] as const) ok({ ...base(cloud), region });
  });
  test('control characters and 100 KB values are refused, quoting at most ~200 characters', () => {
    assert.match(problems({ ...base(), orgName: 'acme\u001b[31m' }), /orgName: .*control characters/);
    assert.match(problems({ ...base(), tags: { a: 'x\ny' } }), /tags\.a: .*control characters/);
    const huge = 'x'.repeat(100_000);
    const text = problems({ ...base(), orgName: huge });
    assert.match(text, /orgName: .*<=1024 characters/);
    assert.ok(text.length < 1000, `message is ${text.length} characters`);
    assert.match(text, /\(100002 characters\)/);
    const other = problems({ ...base(), postgres: { ...base().postgres, instanceType: 5 }, name: 'Y'.repeat(900) });
    for (const line of other.split('\n')) assert.ok(line.length < 400, line.slice(0, 100));
  });
  test('absurd numbers are refused with the limit', () => {
    const c = base();
    c.brainstore.readers.count = 9007199254740991;
    assert.match(problems(c), /brainstore\.readers\.count: .*<=1000/);
    const d = base();
    d.api.memoryGiB = 1e308;
    assert.match(problems(d), /api\.memoryGiB: .*<=4096/);
  });
  test('JSON duplicate keys are an error; YAML alias amplification is capped and reported with its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-cfg-'));
    const json = JSON.stringify(base(), null, 2).replace('"orgName": "acme"', '"orgName": "acme",\n  "orgName": "evil"');
    await writeFile(join(dir, 'c.json'), json);
    await assert.rejects(loadConfig(join(dir, 'c.json')), (e: BraintrustError) => e.exitCode === 2 && /orgName/.test(e.message) && /unique|duplicate/i.test(e.message));
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]', 'name: bt'].join('\n');
    await writeFile(join(dir, 'b.yaml'), bomb);
    await assert.rejects(loadConfig(join(dir, 'b.yaml')), (e: BraintrustError) => e.exitCode === 2 && /aliases expand too much \(first alias at line 2\)/.test(e.message));
  });
});
