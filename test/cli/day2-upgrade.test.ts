// `braintrust upgrade` end to end with a fake terraform and fake cloud CLIs on PATH: the policy
// check, stepping through releases with required steps (two applies), the database snapshot,
// downgrade refusal, rollback, a failing apply, and manifests over HTTP.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

const NAME = 'acme-bt';

/** A fake aws/gcloud/az: logs argv as JSON lines to $FAKE_CLI_LOG; `sql instances list` prints a name. */
async function fakeCloudCli(bin: string, tool: string): Promise<void> {
  const file = join(bin, tool);
  await writeFile(file, `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_CLI_LOG, JSON.stringify({ tool: ${JSON.stringify(tool)}, args }) + '\\n');
if (process.env.FAKE_CLI_FAIL) { process.stderr.write('AccessDenied: not authorized\\n'); process.exit(254); }
if (args.join(' ').startsWith('sql instances list')) process.stdout.write('acme-bt-pg-1a2b3c\\n');
else process.stdout.write('{}\\n');
`);
  await chmod(file, 0o755);
}

async function lines(file: string): Promise<Record<string, any>[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
/** The live release list points at a closed port: these tests use the shipped snapshot, whatever the network. */
const NO_LIVE = { BRAINTRUST_RELEASES_API_URL: 'http://127.0.0.1:9', BRAINTRUST_RELEASES_RAW_URL: 'http://127.0.0.1:9' };
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

async function initAt(dir: string, cloud: string, version: string, region: string[]): Promise<void> {
  const r = await runCli(['init', '--cloud', cloud, ...region, '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const text = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
  await writeFile(join(dir, 'braintrust.yaml'), text.replace(/^version: .*$/m, `version: ${version}`));
}

describe('upgrade on AWS', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let tfLog: string;
  let cliLog: string;
  const cfg = () => join(dir, 'braintrust.yaml');
  const history = () => lines(join(dir, '.braintrust', 'history.jsonl'));
  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    await fakeCloudCli(bin, 'aws');
    tfLog = join(dir, 'tf.log');
    cliLog = join(dir, 'cli.log');
    env = { PATH: `${bin}:${dirname(process.execPath)}`, FAKE_TF_LOG: tfLog, FAKE_CLI_LOG: cliLog, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic', ...NO_LIVE };
    await initAt(dir, 'aws', 'v1.1.32', ['--region', 'us-east-1']);
    const r = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('--check: a release older than a quarter fails (exit 1) with the policy in JSON', async () => {
    const r = await runCli(['upgrade', '--check', '--json'], { cwd: dir, env });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    for (const k of ['ok', 'current', 'latest', 'daysBehind', 'status', 'policy', 'releasesBehind']) assert.ok(k in doc, k);
    assert.deepEqual([doc.ok, doc.current, doc.latest, doc.status, doc.currentSource], [false, 'v1.1.32', 'v2.12.0', 'fail', 'history']);
    assert.ok(doc.daysBehind > 90);
    assert.equal(doc.policy.requiredDays, 90);
    assert.equal(doc.releasesBehind, 16);
    assert.deepEqual([doc.releaseSource.kind, doc.releaseSource.asOf], ['snapshot', '2026-08-22']);
    assert.match(doc.releaseSource.fallbackReason, /live release list could not be read/);
    assert.equal(doc.sameAs.latest, 'same as terraform-aws-braintrust-data-plane v6.6.0');
    const human = await runCli(['upgrade', '--check'], { cwd: dir, env });
    assert.match(human.stdout, /FAIL: v1\.1\.32 is \d+ days old .* quarterly/);
    assert.match(human.stdout, /Latest: {2}v2\.12\.0, released 2026-08-21 .*; same as terraform-aws-braintrust-data-plane v6\.6\.0/);
    assert.match(human.stdout, /Source: {2}shipped snapshot \(.*release-manifest\.json, data as of 2026-08-22, \d+ days old\)/);
  });

  test('--check with a change flag is a usage error (exit 2), not a silently ignored flag', async () => {
    const r = await runCli(['upgrade', '--check', '--to', 'v2.1.0', '--json'], { cwd: dir, env });
    assert.equal(r.code, 2, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, false);
    assert.match(doc.error.message, /--check cannot be combined with --to/);
    assert.match(doc.error.hint, /upgrade --to v2\.1\.0 --dry-run/);
  });

  test('--dry-run shows the two stops and the artifacts that change; nothing is written', async () => {
    const before = await readFile(cfg(), 'utf8');
    const r = await runCli(['upgrade', '--to', 'v2.2.1', '--dry-run', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.status, 'dry-run');
    assert.deepEqual(doc.steps.map((s: { version: string }) => s.version), ['v2.0.0', 'v2.2.1']);
    assert.ok(doc.steps[0].requiredSteps.some((s: { id: string }) => /wal/.test(s.id)));
    assert.ok(doc.results[0].artifacts.some((a: { after: string }) => /brainstore:v2\.0\.0/.test(a.after)), 'the Brainstore image tag changes');
    assert.ok(doc.results[1].artifacts.some((a: { before: string; after: string }) => /version-v2\.0\.0/.test(a.before) && /version-v2\.2\.1/.test(a.after)), 'the Lambda code key changes');
    assert.equal(await readFile(cfg(), 'utf8'), before);
  });

  test('v1.1.32 -> v2.2.1 with --yes: snapshot first, then two applies through the pipeline, history per step', async () => {
    await writeFile(tfLog, '');
    const r = await runCli(['upgrade', '--to', 'v2.2.1', '--yes', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = lastJson(r.stdout);
    assert.equal(doc.status, 'applied');
    assert.equal(doc.version, 'v2.2.1');
    assert.equal(doc.backup.kind, 'snapshot');
    const calls = await lines(cliLog);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args.slice(0, 4), ['rds', 'create-db-snapshot', '--db-instance-identifier', 'fake-postgres_host']);
    assert.ok(calls[0].args.includes('--region') && calls[0].args.includes('us-east-1'));
    const applies = (await lines(tfLog)).filter((l) => l.argv?.[0] === 'apply');
    assert.equal(applies.length, 2, 'one apply per stop');
    const h = (await history()).filter((e) => e.action === 'upgrade' && e.result !== 'started');
    assert.deepEqual(h.map((e) => [e.version, e.fromVersion, e.step, e.result]), [['v2.0.0', 'v1.1.32', '1/2', 'success'], ['v2.2.1', 'v2.0.0', '2/2', 'success']]);
    assert.equal(h[0].backup.kind, 'snapshot');
    assert.match(await readFile(cfg(), 'utf8'), /^version: v2\.2\.1$/m);
  });

  test('a downgrade is refused with exit 2 and the flag to pass', async () => {
    const before = await readFile(cfg(), 'utf8');
    const r = await runCli(['upgrade', '--to', 'v2.1.0', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Refusing to go from v2\.2\.1 back to v2\.1\.0/);
    assert.match(r.stderr, /--allow-downgrade/);
    assert.equal(await readFile(cfg(), 'utf8'), before);
  });

  test('--rollback returns to the previous applied version; --skip-backup is recorded', async () => {
    const r = await runCli(['upgrade', '--rollback', '--yes', '--skip-backup', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = lastJson(r.stdout);
    assert.deepEqual([doc.kind, doc.from, doc.to, doc.status], ['rollback', 'v2.2.1', 'v2.0.0', 'applied']);
    assert.match(await readFile(cfg(), 'utf8'), /^version: v2\.0\.0$/m);
    const last = (await history()).at(-1)!;
    assert.deepEqual([last.action, last.rollback, last.backup.kind, last.fromVersion], ['upgrade', true, 'skipped', 'v2.2.1']);
  });

  test('a failing apply leaves the config at the old version and says how to retry', async () => {
    const before = await readFile(cfg(), 'utf8');
    const r = await runCli(['upgrade', '--yes', '--skip-backup'], { cwd: dir, env: { ...env, FAKE_TF_FAIL: 'apply' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /terraform apply failed \(upgrade step 1\/2: v2\.0\.0 -> v2\.7\.1\)/);
    assert.match(r.stderr, /config still says v2\.0\.0/);
    assert.match(r.stderr, /re-run `braintrust upgrade --to v2\.12\.0`/);
    assert.equal(await readFile(cfg(), 'utf8'), before);
    assert.equal((await history()).at(-1)!.result, 'failure');
  });

  test('a failing snapshot stops before any apply (exit 1)', async () => {
    await writeFile(tfLog, '');
    const r = await runCli(['upgrade', '--yes'], { cwd: dir, env: { ...env, FAKE_CLI_FAIL: '1' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /database snapshot failed/);
    assert.match(r.stderr, /--skip-backup/);
    assert.ok(!(await lines(tfLog)).some((l) => l.argv?.[0] === 'apply'));
  });

  test('pre-flight: missing terraform is exit 3 before any snapshot', async () => {
    await writeFile(cliLog, '');
    const r = await runCli(['upgrade', '--yes'], { cwd: dir, env: { ...env, PATH: `${join(dir, 'bin-empty')}:${dirname(process.execPath)}` } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /Neither terraform nor tofu/);
    assert.deepEqual(await lines(cliLog), []);
  });

  test('--no-apply writes only the first stop', async () => {
    const r = await runCli(['upgrade', '--no-apply', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.status, doc.complete, doc.version], ['config-updated', false, 'v2.7.1']);
    assert.match(r.stderr, /re-run `braintrust upgrade --to v2\.12\.0`/);
    assert.match(await readFile(cfg(), 'utf8'), /^version: v2\.7\.1$/m);
  });
});

describe('upgrade --check reads the live release list', () => {
  let dir: string;
  let server: Server;
  let live: NodeJS.ProcessEnv;
  const REPO = 'braintrustdata/terraform-aws-braintrust-data-plane';
  before(async () => {
    dir = await tempDir();
    await initAt(dir, 'aws', 'v2.12.0', ['--region', 'us-east-1']);
    const now = new Date();
    const published = new Date(now.getTime() - 2 * 86_400_000).toISOString();
    server = createServer((req, res) => {
      if (req.url === `/repos/${REPO}/releases?per_page=50`) {
        return void res.writeHead(200).end(JSON.stringify([{ tag_name: 'v6.7.0', draft: false, prerelease: false, published_at: published }, { tag_name: 'v6.6.0', draft: false, prerelease: false, published_at: '2026-08-21T16:10:00Z' }]));
      }
      const m = /^\/[^/]+\/[^/]+\/v6\.7\.0\/modules\/(api-ecs|brainstore-ec2|services)\/VERSIONS\.json$/.exec(req.url ?? '');
      if (m) return void res.writeHead(200).end(JSON.stringify({ 'api-ecs': { api: 'v2.13.0' }, 'brainstore-ec2': { brainstore: 'v2.13.0' }, services: { lambda_version_tag: 'v2.13.0' } }[m[1]]));
      res.writeHead(404).end('404: Not Found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    live = { BRAINTRUST_RELEASES_API_URL: base, BRAINTRUST_RELEASES_RAW_URL: base };
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await removeDir(dir);
  });

  test('a newer module release on GitHub is the latest; the output names the live source and the module', async () => {
    const r = await runCli(['upgrade', '--check', '--json'], { cwd: dir, env: live });
    assert.equal(r.code, 1, 'v2.12.0 shipped 2026-08-21 and a newer release exists: past the quarter');
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.latest, doc.releasesBehind, doc.releaseSource.kind, doc.releaseSource.stale], ['v2.13.0', 1, 'live', false]);
    assert.deepEqual(doc.sameAs, { current: 'same as terraform-aws-braintrust-data-plane v6.6.0', latest: 'same as terraform-aws-braintrust-data-plane v6.7.0' });
    const human = await runCli(['upgrade', '--check'], { cwd: dir, env: live });
    assert.match(human.stdout, /Source: {2}live release list \(http:\/\/127\.0\.0\.1:\d+\/repos\/braintrustdata\/terraform-aws-braintrust-data-plane\/releases/);
  });

  test('--offline uses the snapshot and warns that its verdict may be optimistic', async () => {
    const r = await runCli(['upgrade', '--check', '--offline'], { cwd: dir, env: live });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Source: {2}shipped snapshot/);
    assert.match(r.stderr, /offline \(--offline\)/);
    assert.match(r.stderr, /days old \(data as of 2026-08-22\): newer releases may exist, so this verdict may be optimistic/);
  });

  test('a version no list knows is exit 2 naming the nearest releases; --manifest that knows it is accepted', async () => {
    const text = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
    await writeFile(join(dir, 'braintrust.yaml'), text.replace(/^version: .*$/m, 'version: v2.2.0'));
    const r = await runCli(['upgrade', '--check', '--offline', '--json'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.match(doc.error.message, /version: v2\.2\.0 is not a known data plane release/);
    assert.match(JSON.stringify(doc.error), /v2\.1\.1, v2\.2\.1/);
    const own = join(dir, 'own.json');
    await writeFile(own, JSON.stringify({ schemaVersion: 1, releases: [{ version: 'v2.2.0', date: '2026-06-01' }, { version: 'v2.3.0', date: '2026-06-10' }] }));
    const ok = await runCli(['upgrade', '--check', '--json', '--manifest', own], { cwd: dir });
    assert.equal(JSON.parse(ok.stdout).current, 'v2.2.0');
    await writeFile(join(dir, 'braintrust.yaml'), text);
  });
});

describe('upgrade --manifest over HTTP', () => {
  let dir: string;
  let server: Server;
  let base: string;
  before(async () => {
    dir = await tempDir();
    await initAt(dir, 'aws', 'v2.0.0', ['--region', 'us-east-1']);
    const manifest = {
      schemaVersion: 1,
      releases: ['v2.0.0', 'v2.1.0'].map((version, i) => ({ version, date: `2026-0${i + 1}-01`, components: { api: version, brainstore: version }, notesUrl: 'https://example.test/n' })),
    };
    server = createServer((req, res) => {
      if (req.url === '/m.json') res.writeHead(200).end(JSON.stringify(manifest));
      else res.writeHead(200).end('{"schemaVersion": 7}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await removeDir(dir);
  });

  test('reads the manifest from the URL', async () => {
    const r = await runCli(['upgrade', '--check', '--json', '--manifest', `${base}/m.json`], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.latest, doc.releasesBehind, doc.manifest], ['v2.1.0', 1, `${base}/m.json`]);
  });

  test('an invalid manifest is exit 2 naming the field', async () => {
    const r = await runCli(['upgrade', '--check', '--manifest', `${base}/bad.json`], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Release manifest .* is invalid/);
    assert.match(r.stderr, /schemaVersion/);
  });

  test('an unreachable URL (a closed port) is exit 1 with a clear error and hint', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await runCli(['upgrade', '--check', '--json', '--manifest', `http://127.0.0.1:${port}/m.json`], { cwd: dir });
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.error.code, 'MANIFEST_UNREACHABLE');
    assert.match(doc.error.message, /ECONNREFUSED/);
    assert.match(doc.error.hint, /--manifest/);
  });
});

describe('upgrade on GCP, Azure and docker', () => {
  test('GCP: the Helm image tags change; the snapshot finds the Cloud SQL instance by label', async () => {
    const dir = await tempDir();
    try {
      const bin = await fakeTerraformBin(dir);
      await fakeCloudCli(bin, 'gcloud');
      const env = { PATH: `${bin}:${dirname(process.execPath)}`, FAKE_CLI_LOG: join(dir, 'cli.log'), BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic', ...NO_LIVE };
      await initAt(dir, 'gcp', 'v2.11.0', ['--region', 'us-central1']);
      assert.equal((await runCli(['install', '--yes'], { cwd: dir, env })).code, 0);
      const r = await runCli(['upgrade', '--yes', '--json'], { cwd: dir, env });
      assert.equal(r.code, 0, r.stderr);
      const doc = lastJson(r.stdout);
      assert.equal(doc.version, 'v2.12.0');
      assert.ok(doc.results[0].artifacts.some((a: { address: string; after: string }) => a.address.startsWith('helm_release.') && a.after === 'v2.12.0'));
      const calls = await lines(join(dir, 'cli.log'));
      assert.deepEqual(calls.map((c) => c.args.slice(0, 3).join(' ')), ['sql instances list', 'sql backups create']);
      assert.ok(calls[1].args.includes('acme-bt-pg-1a2b3c'));
    } finally {
      await removeDir(dir);
    }
  });

  test('Azure dry run and docker upgrade (compose files rewritten, docker needs --skip-backup with --yes)', async () => {
    const dir = await tempDir();
    const d = await tempDir();
    try {
      await initAt(dir, 'azure', 'v2.11.0', ['--region', 'eastus']);
      const az = await runCli(['upgrade', '--dry-run', '--json'], { cwd: dir, env: NO_LIVE });
      assert.equal(az.code, 0, az.stderr);
      assert.ok(JSON.parse(az.stdout).results[0].artifacts.some((a: { after: string }) => a.after === 'v2.12.0'));

      await initAt(d, 'docker', 'v2.11.0', []);
      const refused = await runCli(['upgrade', '--yes'], { cwd: d, env: NO_LIVE });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--skip-backup/);
      const r = await runCli(['upgrade', '--yes', '--skip-backup', '--json'], { cwd: d, env: NO_LIVE });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).status, 'compose-written');
      assert.match(await readFile(join(d, 'braintrust.out', 'docker-compose.yml'), 'utf8'), /standalone-api:v2\.12\.0/);
      assert.match(await readFile(join(d, 'braintrust.yaml'), 'utf8'), /^version: v2\.12\.0$/m);
    } finally {
      await removeDir(dir);
      await removeDir(d);
    }
  });
});
