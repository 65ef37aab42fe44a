// Finding terraform or OpenTofu: fake executables on PATH print what the real ones print for
// `version -json` (or, for an old terraform, only the text banner).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTerraform } from '../../src/terraform/binary.js';
import { BraintrustError } from '../../src/ui/errors.js';

let root: string;

/** A directory holding executables `name` that print `stdout` and exit `code`. */
async function binDir(tools: Record<string, { stdout: string; code?: number }>): Promise<string> {
  const dir = await mkdtemp(join(root, 'bin-'));
  for (const [name, t] of Object.entries(tools)) {
    const file = join(dir, name);
    // printf is a shell builtin: PATH holds only this directory.
    const text = t.stdout ? `printf '%s\\n' '${t.stdout.replace(/'/g, `'\\''`).replace(/\n/g, `' '`)}'\n` : '';
    await writeFile(file, `#!/bin/sh\n${text}exit ${t.code ?? 0}\n`);
    await chmod(file, 0o755);
  }
  return dir;
}

const tfJson = (v: string) => JSON.stringify({ terraform_version: v, platform: 'linux_amd64', provider_selections: {}, terraform_outdated: false });
const rejectsWith = (code: string, exit: number, message: RegExp) => (e: unknown) =>
  e instanceof BraintrustError && e.code === code && e.exitCode === exit && message.test(e.message);

describe('findTerraform', () => {
  before(async () => { root = await mkdtemp(join(tmpdir(), 'bt-tfbin-')); await mkdir(root, { recursive: true }); });
  after(async () => rm(root, { recursive: true, force: true }));

  test('terraform >= 1.5 on PATH is used first', async () => {
    const dir = await binDir({ terraform: { stdout: tfJson('1.9.8') }, tofu: { stdout: tfJson('1.8.0') } });
    assert.deepEqual(await findTerraform({ PATH: dir }), { path: 'terraform', flavor: 'terraform', version: '1.9.8' });
  });

  test('OpenTofu alone on PATH is found and named tofu (its -json says terraform_version too)', async () => {
    const dir = await binDir({ tofu: { stdout: tfJson('1.8.5') } });
    assert.deepEqual(await findTerraform({ PATH: dir }), { path: 'tofu', flavor: 'tofu', version: '1.8.5' });
  });

  test('BRAINTRUST_TERRAFORM_BIN pointing at tofu wins over terraform on PATH', async () => {
    const tofuDir = await binDir({ tofu: { stdout: tfJson('1.7.2') } });
    const pathDir = await binDir({ terraform: { stdout: tfJson('1.9.8') } });
    const found = await findTerraform({ PATH: pathDir, BRAINTRUST_TERRAFORM_BIN: join(tofuDir, 'tofu') });
    assert.deepEqual(found, { path: join(tofuDir, 'tofu'), flavor: 'tofu', version: '1.7.2' });
  });

  test('an OpenTofu banner marks the flavor even under another name', async () => {
    const dir = await binDir({ terraform: { stdout: 'OpenTofu v1.6.0\non linux_amd64' } });
    assert.deepEqual(await findTerraform({ PATH: dir }), { path: 'terraform', flavor: 'tofu', version: '1.6.0' });
  });

  test('terraform older than 1.5 is TERRAFORM_TOO_OLD (exit 3), read from the text banner when -json is unknown', async () => {
    const dir = await binDir({ terraform: { stdout: 'Terraform v1.4.6\non linux_amd64' } });
    await assert.rejects(findTerraform({ PATH: dir }), rejectsWith('TERRAFORM_TOO_OLD', 3, /1\.4\.6 is too old: braintrust needs terraform >= 1\.5\.0/));
  });

  test('neither on PATH is TERRAFORM_NOT_FOUND (exit 3); a broken override names itself', async () => {
    const empty = await binDir({});
    await assert.rejects(findTerraform({ PATH: empty }), rejectsWith('TERRAFORM_NOT_FOUND', 3, /Neither terraform nor tofu was found on PATH/));
    await assert.rejects(findTerraform({ PATH: empty, BRAINTRUST_TERRAFORM_BIN: join(empty, 'nope') }),
      rejectsWith('TERRAFORM_NOT_FOUND', 3, /BRAINTRUST_TERRAFORM_BIN=.*nope does not run/));
  });

  test('a binary that fails without output is skipped for the next candidate', async () => {
    const dir = await binDir({ terraform: { stdout: '', code: 1 }, tofu: { stdout: tfJson('1.8.5') } });
    assert.equal((await findTerraform({ PATH: dir })).flavor, 'tofu');
  });
});
