// The optional `zones` list: zones of the config's region (AWS us-east-1a, GCP us-central1-a,
// Azure 1/2/3), no duplicates; errors name the field, the value and what is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, zoneIssues } from '../../src/config/schema.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { judgeZones } from '../../src/preflight/types.js';

const base = (cloud: 'aws' | 'gcp' | 'azure') => exampleConfig(cloud, 'production', { name: 'bt-z', org: 'acme' });

test('valid zone lists parse', () => {
  assert.deepEqual(configSchema.parse({ ...base('aws'), zones: ['us-east-1a', 'us-east-1b', 'us-east-1d'] }).zones, ['us-east-1a', 'us-east-1b', 'us-east-1d']);
  assert.ok(configSchema.safeParse({ ...base('gcp'), zones: ['us-central1-a', 'us-central1-f'] }).success);
  assert.ok(configSchema.safeParse({ ...base('azure'), zones: ['1', '2', '3'] }).success);
  assert.equal(configSchema.parse(base('aws')).zones, undefined);
});

test('zones of another region, duplicates, Azure names and docker are rejected with the fix', () => {
  const r = configSchema.safeParse({ ...base('aws'), zones: ['us-west-2a', 'us-east-1a', 'us-east-1a'] });
  assert.equal(r.success, false);
  const messages = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.ok(messages.some((m) => /^zones\.0: us-west-2a is not a zone of aws region us-east-1: use zones like us-east-1a/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^zones\.2: us-east-1a is listed twice/.test(m)));
  assert.match(zoneIssues('azure', 'eastus', ['eastus-1'])[0].message, /use zones like 1, 2 or 3/);
  assert.match(zoneIssues('docker', undefined, ['a'])[0].message, /docker deployments have no zones/);
  assert.equal(configSchema.safeParse({ ...base('gcp'), zones: [] }).success, false);
});

test('judgeZones: pinned zones that all offer every type pass; otherwise the suggestion lists zones that do', () => {
  const cfg = configSchema.parse(base('aws'));
  const offers = new Map([['i8g.4xlarge', new Set(['us-east-1a', 'us-east-1c', 'us-east-1d'])], ['c8gd.8xlarge', new Set(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'])]]);
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];
  const v = judgeZones(cfg, zones, ['i8g.4xlarge', 'c8gd.8xlarge'], offers);
  assert.equal(v.status, 'fail');
  assert.deepEqual(v.suggested, ['us-east-1a', 'us-east-1c', 'us-east-1d']);
  const pinned = configSchema.parse({ ...base('aws'), zones: ['us-east-1a', 'us-east-1c', 'us-east-1d'] });
  assert.equal(judgeZones(pinned, zones, ['i8g.4xlarge', 'c8gd.8xlarge'], offers).status, 'pass');
  const nowhere = judgeZones(cfg, zones, ['x9.huge'], new Map());
  assert.equal(nowhere.status, 'fail');
  assert.match(nowhere.hint!, /Pick instance types offered in at least 3 zone/);
});
