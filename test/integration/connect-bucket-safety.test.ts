// connect bucket hardening (issue 11, items 11 and 17) against s3rver: keys that climb out of
// the bucket path are refused, `get` never overwrites or follows a symlink, writes a 0600 file,
// `ls` shows control characters escaped, and the AWS SDK prints no Node version warning.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../src/commands/connect-bucket.js';
import { createBucketClient } from '../../src/access/buckets.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { startS3, type S3Service } from '../helpers/services.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runHandler, writeDeployment, type TestDeployment } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';
import { runCli } from '../helpers/cli.js';

describe('connect bucket safety (S3)', () => {
  let s3: S3Service;
  let fakes: FakeClis;
  let dep: TestDeployment;
  let env: NodeJS.ProcessEnv;
  const base = { maxDuration: '1h', limit: '1000' };
  const ctx = (extra: Record<string, unknown> = {}) => ({ cwd: dep.dir, config: dep.configPath, env, ...extra });

  before(async () => {
    s3 = await startS3({ bucket: 'bt-safe-brainstore' });
    fakes = await installFakeClis();
    dep = await writeDeployment('aws', { region: s3.region, brainstore_bucket: s3.bucket });
    env = fakes.env({ BRAINTRUST_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey });
    const client = await createBucketClient({ cloud: 'aws', bucket: s3.bucket, env, region: s3.region });
    await writeFile(join(dep.dir, 'seed.txt'), 'remote content');
    await client.upload(join(dep.dir, 'seed.txt'), 'docs/report.txt');
    await client.upload(join(dep.dir, 'seed.txt'), 'evil\u001b[2Jname\tx');
  });
  after(async () => {
    await s3?.stop();
    await fakes?.cleanup();
  });

  for (const [action, args] of [
    ['get', ['../other-container/x', 'out.txt']],
    ['get', ['docs/../../x', 'out.txt']],
    ['get', ['docs//report.txt', 'out.txt']],
    ['get', ['./docs/report.txt', 'out.txt']],
    ['put', ['seed.txt', '../other-container/x']],
    ['put', ['seed.txt', 'a/./b']],
    ['rm', ['..']],
    ['rm', ['/leading']],
    ['ls', ['../other-container/']],
  ] as const) {
    it(`refuses ${action} ${args.join(' ')} (a key with an empty, . or .. segment)`, async () => {
      const r = await runHandler(run, ctx({ yes: true }), { ...base, write: true }, [action, ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal((r.error as BraintrustError).code, 'BAD_OBJECT_KEY');
      assert.match(r.stderr, /segment/);
    });
  }

  it('get refuses to overwrite an existing file without --force, and replaces it with --force', async () => {
    const dest = join(dep.dir, 'existing.txt');
    await writeFile(dest, 'local work');
    const r = await runHandler(run, ctx(), base, ['get', 'docs/report.txt', 'existing.txt']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal((r.error as BraintrustError).code, 'DEST_EXISTS');
    assert.match(r.stderr, /--force/);
    assert.equal(await readFile(dest, 'utf8'), 'local work');
    const forced = await runHandler(run, ctx(), { ...base, force: true }, ['get', 'docs/report.txt', 'existing.txt']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await readFile(dest, 'utf8'), 'remote content');
  });

  it('get never writes through a symlink at the destination', async () => {
    const target = join(dep.dir, 'victim.txt');
    await writeFile(target, 'do not touch');
    await symlink(target, join(dep.dir, 'link.txt'));
    const r = await runHandler(run, ctx(), base, ['get', 'docs/report.txt', 'link.txt']);
    assert.equal(r.code, 2);
    assert.equal(await readFile(target, 'utf8'), 'do not touch');
    const forced = await runHandler(run, ctx(), { ...base, force: true }, ['get', 'docs/report.txt', 'link.txt']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await readFile(target, 'utf8'), 'do not touch', 'the symlink target is unchanged');
    assert.equal((await lstat(join(dep.dir, 'link.txt'))).isSymbolicLink(), false, 'the link itself was replaced');
    await readlink(join(dep.dir, 'link.txt')).then(() => assert.fail('still a link'), () => undefined);
  });

  it('get writes a new file with mode 0600', async () => {
    const r = await runHandler(run, ctx(), base, ['get', 'docs/report.txt', 'fresh.txt']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await stat(join(dep.dir, 'fresh.txt'))).mode & 0o777, 0o600);
  });

  it('ls escapes control characters in key names', async () => {
    const r = await runHandler(run, ctx(), base, ['ls']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\u001b'), 'no raw escape character on the terminal');
    assert.ok(!r.stdout.includes('\t'), 'no raw tab');
    assert.match(r.stdout, /evil\\x1b\[2Jname\\tx/);
    assert.ok(dataOf(r, 'connect.bucket.listed')[0].objects.some((o) => o.key === 'evil\u001b[2Jname\tx'), 'the message keeps the real key; the renderer escapes it');
    const json = await runHandler(run, ctx({ json: true }), base, ['ls']);
    assert.ok(JSON.parse(json.stdout).objects.some((o: { key: string }) => o.key === 'evil\u001b[2Jname\tx'), 'JSON keeps the real key');
  });

  it('prints no AWS SDK Node version warning (the built CLI, as a process)', async () => {
    const r = await runCli(['connect', 'bucket', 'ls', '--config', dep.configPath], { cwd: dep.dir, env: { ...env, PATH: `${fakes.binDir}:${process.env.PATH}` } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /docs\/report\.txt/);
    assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning|Warning/);
  });
});
