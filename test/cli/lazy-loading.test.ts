// --help and sizing check load neither cdktf nor any provider package; install --dry-run loads
// only the chosen cloud's provider.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir, removeDir, projectRoot } from '../helpers/cli.js';

async function importsOf(dir: string, args: string[]): Promise<string[]> {
  const file = join(dir, `imports-${args.join('-').replace(/\W+/g, '_')}.txt`);
  const r = await runCli(args, {
    cwd: dir,
    env: { NODE_OPTIONS: `--import ${join(projectRoot, 'test', 'fixtures', 'record-imports.mjs')}`, RECORD_IMPORTS: file },
  });
  assert.equal(r.code, 0, r.stderr);
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
}

const heavy = (urls: string[], pkg: string) => urls.filter((u) => u.includes(`/node_modules/${pkg}`));

describe('lazy loading', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('--help loads no cdktf, provider, zod or yaml', async () => {
    const urls = await importsOf(dir, ['--help']);
    for (const p of ['cdktf', '@cdktf/', 'constructs', 'zod', 'yaml', 'execa', 'pg/', 'ioredis', '@aws-sdk']) assert.deepEqual(heavy(urls, p), [], p);
  });

  test('sizing check loads no cdktf or provider package', async () => {
    const urls = await importsOf(dir, ['sizing', 'check']);
    assert.ok(heavy(urls, 'zod').length > 0, 'the recorder sees package imports');
    for (const p of ['cdktf', '@cdktf/', 'constructs', 'execa', '@aws-sdk']) assert.deepEqual(heavy(urls, p), [], p);
  });

  test('install --dry-run on gcp loads the gcp bundle and no cdktf or provider module', async () => {
    const file = join(dir, 'imports-dry-run.txt');
    const r = await runCli(['--verbose', 'install', '--dry-run'], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${join(projectRoot, 'test', 'fixtures', 'record-imports.mjs')}`, RECORD_IMPORTS: file },
    });
    assert.equal(r.code, 0, r.stderr);
    const urls = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    assert.ok(heavy(urls, 'zod').length > 0, 'the recorder sees package imports');
    // The stack, cdktf and the google provider come from one file, dist/bundles/gcp.cjs.
    assert.match(r.stderr, /stack code: .*dist\/bundles\/gcp\.cjs/);
    for (const p of ['cdktf', '@cdktf/', 'constructs']) assert.deepEqual(heavy(urls, p), [], p);
    assert.deepEqual(urls.filter((u) => /\/bundles\/(aws|azure)\./.test(u)), []);
  });
});
