// The built CLI as a process: help, version, exit codes, JSON, and never prompting headless.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, tempDir, removeDir, projectRoot } from '../helpers/cli.js';

describe('braintrust CLI', () => {
  let dir: string;
  /** A GCP production config written by `init` in a directory of its own, so every test that
   * needs a valid config has one whichever tests run before it (or alone). */
  let gcpConfig: string;
  let seedDir: string;
  before(async () => {
    dir = await tempDir();
    seedDir = await tempDir();
    const r = await runCli(['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: seedDir });
    assert.equal(r.code, 0, r.stderr);
    gcpConfig = await readFile(join(seedDir, 'braintrust.yaml'), 'utf8');
  });
  after(async () => { await removeDir(dir); await removeDir(seedDir); });

  test('--help lists the commands and global options', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['init', 'install', 'sizing', 'destroy']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
    for (const o of ['--config', '--json', '--yes', '--non-interactive', '--no-color', '--verbose', '--version']) assert.ok(r.stdout.includes(o), o);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8'));
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test('the npm package has its own name (braintrust on npm is the SDK) and ships the braintrust bin', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8'));
    assert.notEqual(pkg.name, 'braintrust');
    assert.equal(pkg.bin.braintrust, 'dist/src/bin.cjs');
    assert.equal(pkg.bin[pkg.name], 'dist/src/bin.cjs');
  });

  test('the npm package ships the bin, the CLI bundle, the stack bundles and their code caches', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
    for (const f of ['dist/src/bin.cjs', 'dist/src/cli-main.js', 'dist/app/cli.cjs', 'dist/app/cli.v8cache', 'dist/app/cli.help.v8cache', 'dist/vendor/yaml.cjs', 'templates/braintrust.schema.json']) assert.ok(files.has(f), f);
    for (const cloud of ['aws', 'gcp', 'azure']) assert.ok(files.has(`dist/bundles/${cloud}.cjs`) && files.has(`dist/bundles/${cloud}.v8cache`), cloud);
    assert.ok(![...files].some((f) => f.startsWith('dist/test/')), 'no tests in the package');
  });

  test('BRAINTRUST_CONFIG names the config file when --config is absent; --config wins', async () => {
    const r = await runCli(['sizing', 'check'], { cwd: dir, env: { BRAINTRUST_CONFIG: join(dir, 'from-env.yaml') } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /from-env\.yaml/);
    const r2 = await runCli(['--config', join(dir, 'from-flag.yaml'), 'sizing', 'check'], { cwd: dir, env: { BRAINTRUST_CONFIG: join(dir, 'from-env.yaml') } });
    assert.match(r2.stderr, /from-flag\.yaml/);
    assert.doesNotMatch(r2.stderr, /from-env/);
  });

  test('an unknown command or option is a usage error (exit 2)', async () => {
    assert.equal((await runCli(['frobnicate'])).code, 2);
    const r = await runCli(['sizing', 'check', '--tier', 'gold'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /testing, production/);
  });

  test('a usage error with --json is still one JSON document on stdout', async () => {
    const r = await runCli(['--json', 'sizing', 'check', '--tier', 'bogus'], { cwd: dir });
    assert.equal(r.code, 2);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'USAGE');
    assert.match(doc.error.message, /testing, production/);
  });

  test('init without flags and without a TTY fails naming the flags, never prompts', async () => {
    const r = await runCli(['init'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--cloud/);
    assert.ok(!(await readdir(dir)).includes('braintrust.yaml'));
  });

  test('init rejects a bad --name before asking anything else', async () => {
    const r = await runCli(['init', '--name', 'Bad_Name'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--name "Bad_Name" is not a valid deployment name/);
    assert.match(r.stderr, /ending with a letter or digit/);
    assert.doesNotMatch(r.stderr, /--cloud/, 'fails on the flag given, not on the first missing question');
  });

  test('init --config <other> names that file in the next steps', async () => {
    const r = await runCli(['init', '--config', 'other.yaml', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /braintrust sizing check --config other\.yaml, then braintrust install --dry-run --config other\.yaml/);
  });

  test('init with flags writes a config that passes sizing; never overwrites without --force', async () => {
    const args = ['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'production', '--name', 'bt', '--org', 'acme'];
    const r = await runCli(args, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
    assert.match(text, /cloud: gcp/);
    const again = await runCli(args, { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /--force/);
    assert.equal(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), text);
    const check = await runCli(['sizing', 'check', '--json'], { cwd: dir });
    assert.equal(check.code, 0, check.stdout);
    const doc = JSON.parse(check.stdout);
    assert.deepEqual(Object.keys(doc).sort(), ['cloud', 'findings', 'ok', 'tier']);
    assert.equal(doc.ok, true);
    assert.equal(doc.cloud, 'gcp');
    assert.ok(doc.findings.length >= 15);
    const f = doc.findings[0];
    for (const k of ['component', 'check', 'status', 'required', 'actual', 'hint']) assert.ok(k in f, k);
  });

  test('a config error names the field, the value and what is allowed (exit 2), as JSON too', async () => {
    const bad = join(dir, 'bad.yaml');
    const good = gcpConfig;
    await writeFile(bad, good.replace('tier: production', 'tier: gold').replace('orgName: acme', 'orgName: acme\ncolour: blue'));
    const r = await runCli(['sizing', 'check', '--config', bad], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /tier: "gold" is not allowed: one of "testing", "production"/);
    assert.match(r.stderr, /unknown field "colour"/);
    const j = await runCli(['sizing', 'check', '--config', bad, '--json'], { cwd: dir });
    assert.equal(j.code, 2);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'CONFIG_INVALID');
    assert.ok(doc.error.details.some((d: string) => d.startsWith('tier:')));
  });

  test('a missing config file is exit 2 with a hint to run init', async () => {
    const r = await runCli(['sizing', 'check', '--config', 'nope.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /braintrust init/);
  });

  test('sizing check exits 1 when a finding fails and prints a table with the fix', async () => {
    const text = gcpConfig;
    const small = join(dir, 'small.yaml');
    await writeFile(small, text.replace(/version: 17/, 'version: 16'));
    const r = await runCli(['sizing', 'check', '--config', small], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /component/);
    assert.match(r.stdout, /FAIL/);
    assert.match(r.stdout, /17/);
    assert.doesNotMatch(r.stdout + r.stderr, /\u001b\[/, 'no colour when not a TTY');
  });
});
