// braintrust support bundle: secrets planted in the config, the outputs, the history, the audit
// log and the environment appear in no file of the extracted bundle, while the useful,
// non-secret facts (names, ARNs, doctor results) do.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x as extract } from 'tar';
import YAML from 'yaml';
import { run as runWithoutDefaults } from '../../src/commands/support-bundle.js';
import { runHandler, testConfig } from '../helpers/connect-harness.js';
import { dataOf } from '../helpers/io-capture.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { supportBundleCommand } from '../../src/commands/support-bundle.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const run = withDefaults(supportBundleCommand, runWithoutDefaults);

const PG_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bt-test-postgres-AbCdEf';

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('braintrust support bundle', () => {
  let dir: string;
  const env: NodeJS.ProcessEnv = {
    PATH: '',
    BRAINTRUST_PG_PASSWORD: 'PLANTED-ENV-PGPW',
    AWS_SECRET_ACCESS_KEY: 'PLANTED-ENV-AWS-SECRET',
    AWS_SESSION_TOKEN: 'PLANTED-ENV-SESSION',
    AWS_PROFILE: 'bt-admin',
    BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'PLANTED-ENV-LICENSE',
  };

  before(async () => {
    dir = await tempDir('bt-bundle-');
    const config = {
      ...testConfig('aws'),
      urls: { appUrl: 'https://admin:PLANTED-CFG-URLPW@app.example.com' },
      tags: { team: 'platform', db_password: 'PLANTED-CFG-PW', note: 'rotate token=PLANTED-CFG-TOKEN monthly' },
    };
    await writeFile(join(dir, 'braintrust.yaml'), `# deployment config\n${YAML.stringify(config)}`);
    const state = join(dir, '.braintrust');
    await mkdir(state);
    await writeFile(join(state, 'outputs.json'), JSON.stringify({
      region: 'us-east-1',
      api_url: 'http://ops:PLANTED-OUT-APIPW@127.0.0.1:9',
      postgres_host: '127.0.0.1', postgres_port: 9, postgres_secret_arn: PG_ARN,
      postgres_password: 'PLANTED-OUT-PW', redis_auth_token: 'PLANTED-OUT-TOKEN',
      database_url: 'postgres://bt:PLANTED-OUT-URLPW@db.internal:5432/bt',
      aws_secret_access_key: 'PLANTED-OUT-AWSKEY',
    }));
    await writeFile(join(state, 'history.jsonl'), [
      { time: '2026-01-01T00:00:00Z', version: 'v1.0.0', configSha256: 'abc', action: 'install', result: 'success', durationMs: 5 },
      { time: '2026-01-02T00:00:00Z', version: 'v1.0.0', configSha256: 'abc', action: 'install', result: 'failure', durationMs: 5, error: 'apply failed: password=PLANTED-HIST-PW' },
    ].map((l) => JSON.stringify(l)).join('\n') + '\nnot json: secret=PLANTED-HIST-RAW\n');
    const audit = Array.from({ length: 5 }, (_, i) => JSON.stringify({
      time: `2026-01-0${i + 1}T00:00:00Z`, identity: 'arn:aws:iam::123456789012:user/ops', localUser: 'ops@laptop', target: 'postgres',
      via: 'ssm', access: 'read', session: 'one-shot', statement: 'SELECT ?', durationMs: 10, outcome: 'error',
      error: i === 4 ? 'FATAL: password authentication failed, sent PLANTED-ENV-PGPW' : `connect postgresql://app:PLANTED-AUD-URLPW-${i}@db/bt refused`,
    }));
    await writeFile(join(state, 'audit.jsonl'), audit.join('\n') + '\n');
  });
  after(async () => { if (dir) await removeDir(dir); });

  it('writes a .tar.gz with every secret redacted and prints its path and size', async () => {
    const out = join(dir, 'bundle.tar.gz');
    const r = await runHandler(run, { cwd: dir, config: join(dir, 'braintrust.yaml'), env }, { out, timeout: '2', auditLines: '3' });
    assert.equal(r.code, 0, r.stderr);
    const size = (await stat(out)).size;
    assert.ok(size > 0);
    assert.match(r.stdout, new RegExp(`Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([\\d.]+ (B|KiB), 8 files, secrets redacted\\)`));
    assert.equal((await stat(out)).mode & 0o777, 0o600);
    const [written] = dataOf(r, 'support.bundle-written');
    assert.deepEqual([written.path, written.bytes, written.files.length, written.doctor.ok], [out, size, 8, false]);
    assert.ok(written.doctor.fail > 0);

    const x = join(dir, 'extracted');
    await mkdir(x);
    await extract({ file: out, cwd: x });
    const [root] = await readdir(x);
    assert.match(root, /^braintrust-support-bt-test-\d{8}T\d{6}Z$/);
    const files = await allFiles(x);
    assert.deepEqual(files.map((f) => f.slice(join(x, root).length + 1)).sort(),
      ['README.txt', 'audit.jsonl', 'config.yaml', 'doctor.json', 'environment.json', 'history.jsonl', 'outputs.json', 'versions.json']);
    const texts = Object.fromEntries(await Promise.all(files.map(async (f) => [f.slice(f.lastIndexOf('/') + 1), await readFile(f, 'utf8')] as const)));
    for (const [name, text] of Object.entries(texts)) {
      assert.ok(!text.includes('PLANTED'), `${name} leaks a planted secret:\n${text.split('\n').filter((l) => l.includes('PLANTED')).join('\n')}`);
    }

    // What support needs survives redaction.
    const config = YAML.parse(texts['config.yaml']) as { name: string; tags: Record<string, string>; urls: { appUrl: string } };
    assert.equal(config.name, 'bt-test');
    assert.equal(config.tags.team, 'platform');
    assert.equal(config.tags.db_password, '***');
    assert.equal(config.urls.appUrl, 'https://admin:***@app.example.com');
    const outputs = JSON.parse(texts['outputs.json']) as Record<string, string>;
    assert.equal(outputs.postgres_secret_arn, PG_ARN);
    assert.equal(outputs.region, 'us-east-1');
    const doctor = JSON.parse(texts['doctor.json']) as { ok: boolean; checks: { id: string; status: string; detail: string }[] };
    assert.equal(doctor.ok, false);
    assert.ok(doctor.checks.some((c) => c.id === 'api-health' && c.status === 'fail' && c.detail.includes('ops:***@127.0.0.1:9')));
    const auditLines = texts['audit.jsonl'].trim().split('\n');
    assert.equal(auditLines.length, 3, '--audit-lines keeps the most recent lines');
    assert.equal((JSON.parse(auditLines[2]) as { time: string }).time, '2026-01-05T00:00:00Z');
    assert.equal(texts['history.jsonl'].trim().split('\n').length, 3);
    const environment = JSON.parse(texts['environment.json']) as Record<string, string>;
    assert.equal(environment.AWS_PROFILE, 'bt-admin');
    assert.equal(environment.AWS_SECRET_ACCESS_KEY, '***');
    assert.ok(!('PATH' in environment));
    const versions = JSON.parse(texts['versions.json']) as { cli: string; node: string; terraform: { error?: string } };
    assert.match(versions.cli, /^\d+\.\d+\.\d+/);
    assert.equal(versions.node, process.version);
    assert.match(versions.terraform.error ?? '', /terraform/);
  });

  it('--json prints the path, size and file list', async () => {
    const out = join(dir, 'nested', 'b.tgz');
    const r = await runHandler(run, { cwd: dir, config: join(dir, 'braintrust.yaml'), env, json: true }, { out, only: 'local' });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { ok: boolean; path: string; bytes: number; files: string[]; doctor: { ok: boolean } };
    assert.equal(doc.ok, true);
    assert.equal(doc.path, out);
    assert.equal(doc.bytes, (await stat(out)).size);
    assert.ok(doc.files.includes('doctor.json'));
    const { ok: _ok, ...written } = doc;
    assert.deepEqual(dataOf(r, 'support.bundle-written'), [written], 'the document is the message\'s data with ok: true');
    assert.ok(!r.stdout.includes('PLANTED'));
  });
});
