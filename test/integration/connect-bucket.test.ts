// connect bucket end to end against s3rver (S3) and azurite (Azure Blob): put/ls/get/rm
// round-trips through the official SDKs, writes refused without --write, large objects stream.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { run } from '../../src/commands/connect-bucket.js';
import { createBucketClient } from '../../src/access/buckets.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { startAzurite, startS3, type AzuriteService, type S3Service } from '../helpers/services.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runHandler, writeDeployment, type TestDeployment } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Backend {
  name: string;
  start(): Promise<{ cloud: 'aws' | 'azure'; dep: TestDeployment; env: NodeJS.ProcessEnv; bucket: string; stop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'S3 (s3rver)',
    async start() {
      const s3: S3Service = await startS3({ bucket: 'bt-test-brainstore' });
      const fakes: FakeClis = await installFakeClis();
      const dep = await writeDeployment('aws', { region: s3.region, brainstore_bucket: s3.bucket, response_bucket: 'bt-test-responses' });
      const env = fakes.env({ BRAINTRUST_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey });
      return { cloud: 'aws', dep, env, bucket: s3.bucket, stop: async () => { await s3.stop(); await fakes.cleanup(); } };
    },
  },
  {
    name: 'Azure Blob (azurite)',
    async start() {
      const az: AzuriteService = await startAzurite();
      await BlobServiceClient.fromConnectionString(az.connectionString).getContainerClient('brainstore').create();
      const fakes: FakeClis = await installFakeClis();
      const dep = await writeDeployment('azure', { brainstore_bucket: 'brainstore', storage_account: az.account });
      const env = fakes.env({ BRAINTRUST_AZURE_BLOB_ENDPOINT: az.endpoint, AZURE_STORAGE_KEY: az.accountKey });
      return { cloud: 'azure', dep, env, bucket: 'brainstore', stop: async () => { await az.stop(); await fakes.cleanup(); } };
    },
  },
];

for (const backend of backends) {
  describe(`connect bucket: ${backend.name}`, () => {
    let h: Awaited<ReturnType<Backend['start']>>;
    const ctx = (extra: Record<string, unknown> = {}) => ({ cwd: h.dep.dir, config: h.dep.configPath, env: h.env, ...extra });
    const base = { maxDuration: '1h', limit: '1000' };

    before(async () => { h = await backend.start(); });
    after(async () => { await h?.stop(); });

    it('refuses put and rm without --write', async () => {
      await writeFile(join(h.dep.dir, 'small.txt'), 'hello');
      const put = await runHandler(run, ctx({ yes: true }), base, ['put', 'small.txt', 'notes/small.txt']);
      assert.equal(put.code, 1);
      assert.equal((put.error as BraintrustError).code, 'WRITE_REFUSED');
      const rm = await runHandler(run, ctx({ yes: true }), base, ['rm', 'notes/small.txt']);
      assert.equal(rm.code, 1);
    });

    it('put, ls, get and rm round-trip (a 12 MiB object streams both ways)', async () => {
      const big = randomBytes(12 * 1024 * 1024);
      await writeFile(join(h.dep.dir, 'big.bin'), big);
      await writeFile(join(h.dep.dir, 'small.txt'), 'hello');
      const w = { ...base, write: true };
      assert.equal((await runHandler(run, ctx({ yes: true }), w, ['put', 'big.bin', 'segments/big.bin'])).code, 0);
      const put = await runHandler(run, ctx({ yes: true, json: true }), w, ['put', 'small.txt', 'notes/small.txt']);
      assert.equal(put.code, 0, put.stderr);
      assert.deepEqual(JSON.parse(put.stdout), { ok: true, bucket: h.bucket, key: 'notes/small.txt', bytes: 5 });
      assert.deepEqual(dataOf(put, 'connect.bucket.uploaded'), [{ bucket: h.bucket, source: 'small.txt', key: 'notes/small.txt', bytes: 5 }]);

      const ls = await runHandler(run, ctx({ json: true }), base, ['ls']);
      assert.equal(ls.code, 0, ls.stderr);
      const keys = JSON.parse(ls.stdout).objects.map((o: { key: string }) => o.key).sort();
      assert.deepEqual(keys, ['notes/small.txt', 'segments/big.bin']);
      const lsPrefix = await runHandler(run, ctx(), base, ['ls', 'segments/']);
      assert.match(lsPrefix.stdout, /segments\/big\.bin\s+12582912/);
      assert.doesNotMatch(lsPrefix.stdout, /small/);
      const [listed] = dataOf(lsPrefix, 'connect.bucket.listed');
      assert.deepEqual([listed.bucket, listed.objects.map((o) => [o.key, o.size]), listed.truncated], [h.bucket, [['segments/big.bin', 12582912]], false]);
      assert.deepEqual(dataOf(lsPrefix, 'connect.bucket.count'), [{ count: 1, truncated: false, limit: 1000 }]);
      assert.match(lsPrefix.stderr, /^1 object$/m);

      const get = await runHandler(run, ctx(), base, ['get', 'segments/big.bin', 'copy.bin']);
      assert.equal(get.code, 0, get.stderr);
      assert.equal(sha(await readFile(join(h.dep.dir, 'copy.bin'))), sha(big));
      assert.deepEqual(dataOf(get, 'connect.bucket.downloaded'), [{ bucket: h.bucket, key: 'segments/big.bin', path: join(h.dep.dir, 'copy.bin'), bytes: big.length }]);
      assert.match(get.stderr, new RegExp(`^✔ Downloaded segments/big\\.bin \\(${big.length} bytes\\) to `, 'm'));
      await runHandler(run, ctx(), base, ['get', 'notes/small.txt']);
      assert.equal(await readFile(join(h.dep.dir, 'small.txt'), 'utf8'), 'hello');

      const rm = await runHandler(run, ctx({ yes: true }), w, ['rm', 'notes/small.txt']);
      assert.equal(rm.code, 0, rm.stderr);
      assert.deepEqual(dataOf(rm, 'connect.bucket.deleted'), [{ bucket: h.bucket, key: 'notes/small.txt' }]);
      assert.deepEqual(dataOf(rm, 'connect.bucket.result'), [{ bucket: h.bucket, key: 'notes/small.txt', deleted: true }]);
      const after = await runHandler(run, ctx({ json: true }), base, ['ls', 'notes/']);
      assert.deepEqual(JSON.parse(after.stdout).objects, []);
      const missing = await runHandler(run, ctx(), base, ['get', 'notes/small.txt', 'gone.txt']);
      assert.equal(missing.code, 1);
      assert.equal((missing.error as BraintrustError).code, 'OBJECT_NOT_FOUND');
    });

    it('ls paginates and --limit truncates', async () => {
      const client = await createBucketClient({ cloud: h.cloud, bucket: h.bucket, env: h.env, azureAccount: 'devstoreaccount1', region: 'us-east-1' });
      for (let i = 0; i < 5; i++) await writeFile(join(h.dep.dir, `p${i}`), String(i));
      for (let i = 0; i < 5; i++) await client.upload(join(h.dep.dir, `p${i}`), `page/${i}`);
      const seen: string[] = [];
      for await (const o of client.list('page/', { pageSize: 2 })) seen.push(o.key);
      assert.deepEqual(seen, ['page/0', 'page/1', 'page/2', 'page/3', 'page/4']);
      const r = await runHandler(run, ctx({ json: true }), { ...base, limit: '3' }, ['ls', 'page/']);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.objects.length, 3);
      assert.equal(doc.truncated, true);
      assert.deepEqual(dataOf(r, 'connect.bucket.count'), [{ count: 3, truncated: true, limit: 3 }]);
    });

    it('audits bucket sessions', async () => {
      // Its own sessions (a refused rm, a put and an rm with --write), so it passes alone too.
      await writeFile(join(h.dep.dir, 'audit.txt'), 'audit');
      assert.equal((await runHandler(run, ctx({ yes: true }), base, ['rm', 'audit/one.txt'])).code, 1);
      assert.equal((await runHandler(run, ctx({ yes: true }), { ...base, write: true }, ['put', 'audit.txt', 'audit/one.txt'])).code, 0);
      assert.equal((await runHandler(run, ctx({ yes: true }), { ...base, write: true }, ['rm', 'audit/one.txt'])).code, 0);
      const entries = await h.dep.audit();
      assert.ok(entries.some((e) => e.target === `bucket:${h.bucket}` && e.statement === 'rm audit/one.txt' && e.access === 'write' && e.outcome === 'ok'));
      assert.ok(entries.some((e) => e.outcome === 'refused'));
    });
  });
}
