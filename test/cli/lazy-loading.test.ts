// --help and sizing check load neither cdktf nor any provider package; install --dry-run loads
// only the chosen cloud's provider. The bin runs the CLI from one bundle (dist/app/cli.cjs) that
// loads outside packages with require(); the modules build (BRAINTRUST_CLI_MODULES=1) imports
// them. Both are checked.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir, removeDir, projectRoot } from '../helpers/cli.js';

async function importsOf(dir: string, args: string[], modules = false): Promise<string[]> {
  const file = join(dir, `imports-${args.join('-').replace(/\W+/g, '_')}${modules ? '-modules' : ''}.txt`);
  const r = await runCli(args, {
    cwd: dir,
    env: {
      NODE_OPTIONS: `--import ${join(projectRoot, 'test', 'fixtures', 'record-imports.mjs')}`,
      RECORD_IMPORTS: file,
      ...(modules ? { BRAINTRUST_CLI_MODULES: '1' } : {}),
    },
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

  test('modules build: --help loads no cdktf, provider, zod or yaml', async () => {
    const urls = await importsOf(dir, ['--help'], true);
    assert.ok(urls.some((u) => u.endsWith('/node_modules/commander/index.js')), 'the recorder sees package imports');
    for (const p of ['cdktf', '@cdktf/', 'constructs', 'zod', 'yaml', 'execa', 'pg/', 'ioredis', '@aws-sdk']) assert.deepEqual(heavy(urls, p), [], p);
    // Nor the message catalog: it loads with the first command that runs.
    assert.deepEqual(urls.filter((u) => u.includes('/src/ui/messages/') || u.endsWith('/src/ui/io.js')), []);
  });

  test('modules build: sizing check loads no cdktf or provider package', async () => {
    const urls = await importsOf(dir, ['sizing', 'check'], true);
    assert.ok(heavy(urls, 'zod').length > 0, 'the recorder sees package imports');
    for (const p of ['cdktf', '@cdktf/', 'constructs', 'execa', '@aws-sdk']) assert.deepEqual(heavy(urls, p), [], p);
  });

  test('bin: --help and sizing check run from the CLI bundle and load no outside package', async () => {
    for (const args of [['--help'], ['sizing', 'check']]) {
      const urls = await importsOf(dir, args);
      // The bundle's own require()s of node built-ins show the recorder sees it.
      assert.ok(urls.includes('node:fs'), `${args.join(' ')}: the recorder sees the bundle's requires`);
      assert.deepEqual(urls.filter((u) => u.includes('/dist/src/') && !u.endsWith('/dist/src/bin.cjs')), [], `${args.join(' ')}: no ES module of the CLI is loaded`);
      assert.deepEqual(urls.filter((u) => u.includes('/node_modules/')), [], `${args.join(' ')}: no outside package`);
    }
  });

  test('install --dry-run on gcp loads the gcp bundle and no cdktf or provider module', async () => {
    const file = join(dir, 'imports-dry-run.txt');
    const r = await runCli(['--verbose', 'install', '--dry-run'], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${join(projectRoot, 'test', 'fixtures', 'record-imports.mjs')}`, RECORD_IMPORTS: file },
    });
    assert.equal(r.code, 0, r.stderr);
    const urls = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    assert.ok(urls.includes('node:fs'), 'the recorder sees the bundle\'s requires');
    // The stack, cdktf and the google provider come from one file, dist/bundles/gcp.cjs.
    assert.match(r.stderr, /stack code: .*dist\/bundles\/gcp\.cjs/);
    for (const p of ['cdktf', '@cdktf/', 'constructs']) assert.deepEqual(heavy(urls, p), [], p);
    assert.deepEqual(urls.filter((u) => /\/bundles\/(aws|azure)\./.test(u)), []);
  });
});
