// .braintrust/outputs.json: one rule for every reader. Missing: not installed yet. Not a JSON
// object: OUTPUTS_CORRUPT naming the file, whether the deploy flow or remote access reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutputs, saveOutputs } from '../../src/state/outputs.js';
import { parseOutputs } from '../../src/access/installed-deployment.js';
import { BraintrustError } from '../../src/ui/errors.js';

async function withConfigDir(fn: (configPath: string, outputsFile: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-outputs-'));
  try {
    await mkdir(join(dir, '.braintrust'));
    await fn(join(dir, 'braintrust.yaml'), join(dir, '.braintrust', 'outputs.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const isCorrupt = (file: string) => (e: unknown) =>
  e instanceof BraintrustError && e.code === 'OUTPUTS_CORRUPT' && e.exitCode === 2 && e.message.includes(file) && /braintrust install/.test(e.hint ?? '');

test('a missing outputs file reads as undefined; a saved one round-trips', async () => {
  await withConfigDir(async (config) => {
    assert.equal(await readOutputs(config), undefined);
    await saveOutputs(config, { api_url: 'https://x', port: 5432 });
    assert.deepEqual(await readOutputs(config), { api_url: 'https://x', port: 5432 });
  });
});

for (const [what, text] of [['truncated JSON', '{"api_url": "https://'], ['an array', '[1, 2]'], ['null', 'null'], ['a string', '"x"']] as const) {
  test(`${what} is OUTPUTS_CORRUPT for the deploy flow and for remote access alike`, async () => {
    await withConfigDir(async (config, file) => {
      await writeFile(file, text);
      await assert.rejects(readOutputs(config), isCorrupt(file));
      assert.throws(() => parseOutputs(text, file), isCorrupt(file));
    });
  });
}
