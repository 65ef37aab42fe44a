// Config validation, errors that name the field, atomic writes, and the committed templates.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, saveConfig, validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { renderTemplates } from '../../scripts/write-templates.js';

const good = () => exampleConfig('aws', 'production', { name: 'bt', org: 'acme', region: 'us-east-1' });

function errorOf(input: unknown): BraintrustError {
  try {
    validateConfig(input, 'braintrust.yaml');
  } catch (e) {
    assert.ok(e instanceof BraintrustError);
    return e;
  }
  assert.fail('expected a validation error');
}

describe('config validation', () => {
  test('the example validates and gets defaults', () => {
    const c = validateConfig(good());
    // New configs start with the outbound rate limit disabled (official AWS module default).
    assert.equal(c.rateLimit.maxRequests, 0);
    assert.equal(c.rateLimit.windowMinutes, 1);
    // A config without the field (written before) keeps the server's 100/minute.
    const { rateLimit: _rl, ...older } = good();
    assert.equal(validateConfig(older).rateLimit.maxRequests, 100);
    assert.equal(c.telemetry.enabled, true);
    assert.equal(c.urls.appUrl, 'https://www.braintrust.dev');
    assert.deepEqual(c.state, { backend: 'local' });
  });

  const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
    ['unknown top-level field', (c) => { c.colour = 'blue'; }, /\(top level\): unknown field "colour"/],
    ['unknown nested field', (c) => { c.postgres.size = 1; }, /postgres: unknown field "size"/],
    // YAML indentation slip: rateLimit and its keys indented under brainstore.
    ['top-level field under another', (c) => { c.brainstore.rateLimit = null; c.brainstore.maxRequests = 250; delete c.rateLimit; },
      /brainstore: unknown fields "rateLimit", "maxRequests"[^\n]*\n"rateLimit" is a top-level field but sits under brainstore: check its indentation/],
    ['wrong type', (c) => { c.postgres.storageGiB = '1000'; }, /postgres\.storageGiB: "1000" is not allowed: expected number/],
    ['bad enum', (c) => { c.cloud = 'oracle'; }, /cloud: "oracle" is not allowed: one of "aws", "gcp", "azure", "docker"/],
    ['bad tier', (c) => { c.tier = 'prod'; }, /tier: "prod" is not allowed: one of "testing", "production"/],
    ['negative rate limit', (c) => { c.rateLimit = { maxRequests: -1, windowMinutes: 1 }; }, /rateLimit\.maxRequests: -1 is not allowed/],
    ['zero window', (c) => { c.rateLimit = { maxRequests: 5, windowMinutes: 0 }; }, /rateLimit\.windowMinutes: 0 is not allowed/],
    ['bad name', (c) => { c.name = 'Bad_Name'; }, /name: "Bad_Name" is not allowed: 2-18 characters/],
    ['missing region for aws', (c) => { delete c.region; }, /region: missing is not allowed: required for cloud aws/],
    ['bad url', (c) => { c.urls = { appUrl: 'not a url' }; }, /urls\.appUrl: "not a url"/],
    ['brainstore without writers', (c) => { delete c.brainstore.writers; }, /brainstore.*readers and writers/],
    ['bad version', (c) => { c.version = 'latest'; }, /version: "latest" is not allowed: a release like v2.12.0/],
    ['unknown state backend', (c) => { c.state = { backend: 'consul' }; }, /state\.backend: "consul"/],
  ];
  for (const [name, mutate, pattern] of cases) {
    test(`error: ${name}`, () => {
      const c = structuredClone(good()) as Record<string, any>;
      mutate(c);
      const e = errorOf(c);
      assert.equal(e.exitCode, 2);
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.details.join('\n'), pattern);
    });
  }
});

describe('config files', () => {
  test('YAML and JSON load the same config; saves are atomic and leave no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-config-'));
    const y = await saveConfig(join(dir, 'braintrust.yaml'), good());
    const j = await saveConfig(join(dir, 'braintrust.json'), good());
    assert.deepEqual((await loadConfig(y.path)).config, (await loadConfig(j.path)).config);
    assert.deepEqual((await readdir(dir)).sort(), ['braintrust.json', 'braintrust.yaml']);
    assert.match(await readFile(y.path, 'utf8'), /\$schema=/);
  });

  test('an invalid edit is refused and the file on disk is untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-config-'));
    const path = join(dir, 'braintrust.yaml');
    await saveConfig(path, good());
    const before = await readFile(path, 'utf8');
    await assert.rejects(saveConfig(path, { ...good(), tier: 'nope' } as never), /invalid/);
    assert.equal(await readFile(path, 'utf8'), before);
  });

  test('YAML syntax errors are config errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-config-'));
    const path = join(dir, 'braintrust.yaml');
    await writeFile(path, 'name: [unclosed\n');
    await assert.rejects(loadConfig(path), (e: BraintrustError) => e.exitCode === 2 && /not valid YAML/.test(e.message));
  });
});

describe('committed templates', () => {
  test('templates/braintrust.schema.json and the example config are up to date (npm run templates)', async () => {
    for (const [path, text] of Object.entries(await renderTemplates())) {
      assert.equal(await readFile(path, 'utf8'), text, `${path} is stale: run npm run templates`);
    }
  });

  test('the JSON Schema rejects unknown fields and lists the enums', async () => {
    const files = await renderTemplates();
    const schema = JSON.parse(Object.entries(files).find(([p]) => p.endsWith('.schema.json'))![1]);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.properties.cloud.enum, ['aws', 'gcp', 'azure', 'docker']);
    assert.ok(schema.required.includes('name'));
  });
});
