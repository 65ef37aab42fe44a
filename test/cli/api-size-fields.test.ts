// api.instances/cpu/memoryGiB size the API on GCP, Azure and docker; AWS does not use them
// (api.ecs sizes the ECS services, Lambda sizes itself): init stops writing them there, and an
// existing AWS config that has them still works, with a warning naming them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

describe('api size fields per cloud', () => {
  let dir: string;
  before(async () => { dir = await tempDir(); });
  after(() => removeDir(dir));

  test('init on AWS writes no api.instances/cpu/memoryGiB; GCP does', async () => {
    for (const [cloud, region, has] of [['aws', 'us-east-1', false], ['gcp', 'us-central1', true]] as const) {
      const r = await runCli(['init', '--cloud', cloud, '--region', region, '--tier', 'production', '--name', 'bt', '--org', 'acme', '--force'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const api = parse(await readFile(join(dir, 'braintrust.yaml'), 'utf8')).api;
      for (const k of ['instances', 'cpu', 'memoryGiB']) assert.equal(k in api, has, `${cloud} api.${k}`);
    }
  });

  test('an existing AWS config with them still deploys, warning that they are ignored', async () => {
    await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bt', '--org', 'acme', '--force'], { cwd: dir });
    const file = join(dir, 'braintrust.yaml');
    const cfg = parse(await readFile(file, 'utf8'));
    cfg.api = { ...cfg.api, instances: 4, cpu: 2, memoryGiB: 8 };
    await writeFile(file, stringify(cfg));
    const r = await runCli(['install', '--dry-run'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /api\.instances, api\.cpu, api\.memoryGiB: not used on AWS, ignored/);
  });

  test('GCP without api.instances is exit 2 naming the field', async () => {
    await runCli(['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'testing', '--name', 'bt', '--org', 'acme', '--force'], { cwd: dir });
    const file = join(dir, 'braintrust.yaml');
    const cfg = parse(await readFile(file, 'utf8'));
    delete cfg.api.instances;
    await writeFile(file, stringify(cfg));
    const r = await runCli(['sizing', 'check'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /api\.instances: .*required for cloud gcp/);
  });
});
