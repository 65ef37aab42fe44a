// Deploy messages: install and a settings change run in-process (fake terraform on PATH) and are
// checked on their message stream; the messages no CLI test shows are rendered through a real
// Io in human and --json mode.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exampleConfig } from '../../src/config/defaults.js';
import { run as install } from '../../src/commands/install.js';
import { changeSettings } from '../../src/deploy/settings-change.js';
import type { DeploymentPlan } from '../../src/deploy/plan.js';
import type { Handler } from '../../src/context.js';
import type { IoMessage } from '../../src/ui/io.js';
import { runHandler } from '../helpers/connect-harness.js';
import { fakeTerraformBin, removeDir, tempDir } from '../helpers/cli.js';
import { renderMessage, renderMessages } from '../helpers/io-capture.js';

const codes = (ms: IoMessage[]) => ms.map((m) => m.code);
const installOpts = (dir: string) => ({ out: join(dir, 'braintrust.out'), skipPreflight: true });

describe('install in-process: the message stream', () => {
  let env: NodeJS.ProcessEnv;
  const dirs: string[] = [];
  const ctxOf = (dir: string, json = false) => ({ cwd: dir, config: join(dir, 'braintrust.json'), env, yes: true, json });
  /** A fresh directory with an AWS testing config (each test deploys its own). */
  const deployment = async () => {
    const dir = await tempDir();
    dirs.push(dir);
    await writeFile(join(dir, 'braintrust.json'), JSON.stringify(exampleConfig('aws', 'testing', { name: 'bt-msg', org: 'acme' })));
    return dir;
  };

  before(async () => {
    const bin = await tempDir();
    dirs.push(bin);
    env = { PATH: `${await fakeTerraformBin(bin)}:${dirname(process.execPath)}`, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic-secret' };
  });
  after(async () => { for (const d of dirs) await removeDir(d); });

  it('--json: one progress line per apply event, then the document; the closing line on stderr', async () => {
    const dir = await deployment();
    const r = await runHandler(install, ctxOf(dir, true), installOpts(dir));
    assert.equal(r.code, 0, r.stderr);
    const progress = r.messages.filter((m) => m.code === 'terraform.apply-progress');
    assert.ok(progress.length > 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, progress.length + 1, 'stdout is the progress lines and the result, nothing else');
    for (const [i, m] of progress.entries()) {
      assert.ok(m.code === 'terraform.apply-progress');
      assert.deepEqual(JSON.parse(lines[i]), JSON.parse(JSON.stringify({ type: 'progress', ...m.data.progress, done: m.data.done, total: m.data.total })));
    }
    const completes = progress.flatMap((m) => (m.code === 'terraform.apply-progress' && m.data.progress.kind === 'complete' ? [m.data] : []));
    assert.ok(completes.length > 0);
    assert.deepEqual(completes.map((d) => d.done), completes.map((_, i) => i + 1), 'done counts each completed resource');
    assert.equal(completes.at(-1)!.done, completes.at(-1)!.total, 'the last completed resource says done == total');
    assert.doesNotMatch(r.stderr, /\[\d+\/\d+\]/, 'no [n/total] lines with --json');

    const result = r.messages.find((m) => m.code === 'install.result');
    assert.ok(result?.code === 'install.result');
    assert.equal(result.data.status, 'applied');
    const doc = JSON.parse(lines.at(-1)!);
    assert.equal(doc.status, 'applied');
    assert.equal(doc.action, 'install');
    assert.equal(doc.schemaVersion, result.data.deployment.schemaVersion, 'the document is the plan value plus the result');
    assert.equal(doc.totalResources, Object.values(result.data.resources).reduce((a, b) => a + b, 0));
    assert.equal('cwd' in doc || 'deployment' in doc, false, 'the renderer\'s inputs stay out of the document');

    const applied = r.messages.find((m) => m.code === 'deploy.applied');
    assert.ok(applied?.code === 'deploy.applied');
    assert.equal(applied.data.outcome, 'applied');
    assert.match(applied.data.outputsFile ?? '', /\.braintrust[/\\]outputs\.json$/);
    assert.match(r.stderr, /✔ Applied in \d+s; outputs saved to /);
    assert.deepEqual(codes(r.messages).filter((c) => c.startsWith('deploy.preflight')), ['deploy.preflight-skipped']);
  });

  it('human: [n/total] lines for completed resources, then "Up to date" on a second run', async () => {
    const dir = await deployment();
    const r = await runHandler(install, ctxOf(dir), installOpts(dir));
    assert.equal(r.code, 0, r.stderr);
    const completes = r.messages.flatMap((m) => (m.code === 'terraform.apply-progress' && m.data.progress.kind === 'complete' ? [m.data] : []));
    for (const d of completes) {
      assert.ok(d.progress.kind === 'complete');
      assert.ok(r.stderr.includes(`  [${d.done}/${d.total}] ${d.progress.action} ${d.progress.address} (${d.progress.elapsedSeconds}s)\n`));
    }
    assert.ok(completes.length > 0);
    const again = await runHandler(install, ctxOf(dir), installOpts(dir));
    assert.equal(again.code, 0, again.stderr);
    assert.ok(codes(again.messages).includes('deploy.no-changes'));
    const closing = again.messages.find((m) => m.code === 'deploy.applied');
    assert.ok(closing?.code === 'deploy.applied');
    assert.equal(closing.data.outcome, 'up-to-date');
    assert.match(again.stderr, /✔ Up to date in \d+s/);
  });
});

describe('a settings change in-process: the message stream', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
    await writeFile(join(dir, 'braintrust.json'), JSON.stringify(exampleConfig('aws', 'testing', { name: 'bt-set', org: 'acme' })));
  });
  after(async () => removeDir(dir));

  const change = (maxRequests: number): Handler => (ctx) => changeSettings(ctx, { out: join(dir, 'braintrust.out'), apply: false }, {
    action: 'rate-limit',
    edit: (raw) => { raw.rateLimit = { ...(raw.rateLimit ?? {}), maxRequests }; },
    summary: (c) => `max ${c.rateLimit.maxRequests}`,
  });

  it('--no-apply: start, the diff, the config write and the result document; then "unchanged"', async () => {
    const ctx = { cwd: dir, config: join(dir, 'braintrust.json'), env: {}, yes: true };
    const r = await runHandler(change(42), ctx, {});
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(codes(r.messages), ['deploy.change-start', 'deploy.plan-change', 'deploy.config-updated', 'deploy.change-result']);
    const start = r.messages[0];
    assert.ok(start.code === 'deploy.change-start');
    assert.equal(start.data.summary, 'max 42');
    const diff = r.messages[1];
    assert.ok(diff.code === 'deploy.plan-change');
    assert.match(diff.data.configDiff, /^\+.*42/m);
    assert.ok(r.stdout.startsWith('Config change:\n'), 'the diff is the human result');
    const result = r.messages[3];
    assert.ok(result.code === 'deploy.change-result');
    assert.equal(result.data.status, 'config-updated');
    assert.equal(result.data.action, 'rate-limit');

    const json = await runHandler(change(42), { ...ctx, json: true }, {});
    assert.deepEqual(codes(json.messages), ['deploy.change-result', 'deploy.change-unchanged']);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.status, 'unchanged');
    assert.equal(doc.mode, 'unchanged');
    assert.match(json.stderr, /^No change: braintrust\.json already has max 42\./);
  });
});

describe('deploy messages rendered', () => {
  const plan = { schemaVersion: 1, action: 'destroy', mode: 'destroy', name: 'bt', cloud: 'aws', tier: 'production' } as unknown as DeploymentPlan;

  it('an earlier run\'s leftovers: the lock taken over and the interrupted run', () => {
    const r = renderMessages({}, (io) => {
      io.emit('deploy.lock-taken-over', { command: 'install', pid: 41, startedAt: '2026-01-02T03:04:05Z', terraformPid: 42 });
      io.emit('deploy.lock-taken-over', { command: 'url set', pid: 43, startedAt: 't' });
      io.emit('deploy.run-interrupted', { action: 'install', time: 't0', runId: 'r1', running: true, terraformPid: 44 });
      io.emit('deploy.run-interrupted', { action: 'upgrade', time: 't1', runId: 'r2', running: false });
    });
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], 'warning: A previous run (`braintrust install`, pid 41, started 2026-01-02T03:04:05Z) died without releasing its lock; its terraform is no longer running (pid 42 has exited). Taking the lock over.');
    assert.match(lines[1], /pid 43, started t\) died without releasing its lock; its terraform is no longer running\. Taking/);
    assert.match(lines[2], /^warning: The install run started t0 \(run r1\) was interrupted before it recorded a result; its terraform is still running \(pid 44\)\./);
    assert.match(lines[3], /^warning: The upgrade run started t1 \(run r2\) .* its terraform is not running any more\. Terraform plans again/);
  });

  it('apply progress: a JSON line with --json, [n/total] without a live spinner, nothing with one', () => {
    const complete = { progress: { kind: 'complete' as const, address: 'aws_s3_bucket.a', action: 'create', elapsedSeconds: 3 }, done: 2, total: 5 };
    const json = renderMessage('terraform.apply-progress', complete, { json: true });
    assert.deepEqual(JSON.parse(json.stdout), { type: 'progress', kind: 'complete', address: 'aws_s3_bucket.a', action: 'create', elapsedSeconds: 3, done: 2, total: 5 });
    assert.equal(json.stderr, '');
    assert.equal(renderMessage('terraform.apply-progress', complete).stderr, '  [2/5] create aws_s3_bucket.a (3s)\n');
    assert.equal(renderMessage('terraform.apply-progress', { ...complete, progress: { kind: 'start', address: 'x', action: 'create' } }).stderr, '');
    // An interactive Output (a TTY) shows the count in its spinner instead.
    const tty = renderMessage('terraform.apply-progress', complete, { interactive: true });
    assert.equal(tty.stderr + tty.stdout, '');
    // A failed resource is named on stderr in both modes, after its JSON line.
    const failed = renderMessages({ json: true }, (io) => {
      io.emit('terraform.apply-progress', { progress: { kind: 'errored', address: 'aws_db_instance.main', action: 'create' }, done: 2, total: 5 });
      io.emit('terraform.apply-errored', { action: 'create', address: 'aws_db_instance.main' });
    });
    assert.equal(JSON.parse(failed.stdout).kind, 'errored');
    assert.equal(failed.stderr, '  failed: create aws_db_instance.main\n');
  });

  it('the closing line: applied, destroyed or up to date, with the time and the outputs file', () => {
    const line = (d: Parameters<typeof renderMessage<'deploy.applied'>>[1]) => renderMessage('deploy.applied', d).stderr;
    assert.equal(line({ outcome: 'applied', durationMs: 187_000, outputsFile: '/d/.braintrust/outputs.json' }), '✔ Applied in 3m07s; outputs saved to /d/.braintrust/outputs.json\n');
    assert.equal(line({ outcome: 'destroyed', durationMs: 42_400 }), '✔ Destroyed in 42s\n');
    assert.equal(line({ outcome: 'up-to-date', durationMs: 900 }), '✔ Up to date in 1s\n');
    assert.equal(renderMessage('deploy.applied', { outcome: 'applied', durationMs: 1 }, { json: true }).stdout, '', 'a log line, never on stdout');
  });

  it('the plan\'s replaced and destroyed resources, and terraform\'s warnings', () => {
    const r = renderMessages({}, (io) => {
      io.emit('terraform.plan-risks', { replaced: ['aws_instance.a'], destroyed: ['aws_s3_bucket.b', 'aws_s3_bucket.c'] });
      io.emit('terraform.diagnostic', { severity: 'warning', summary: 'Deprecated attribute', detail: 'use x\ninstead', address: 'aws_s3_bucket.b' });
    });
    assert.equal(r.stderr, '  ! replace aws_instance.a\n  - destroy aws_s3_bucket.b\n  - destroy aws_s3_bucket.c\nwarning: Warning: Deprecated attribute (aws_s3_bucket.b)\n  use x\n  instead\n');
  });

  it('a failing preflight: the report on stdout for people, nothing with --json (the error document names the checks)', () => {
    const report = {
      ok: false,
      checks: [
        { id: 'identity', group: 'cloud' as const, title: 'Identity', status: 'pass' as const, detail: 'arn:aws:iam::1:user/me', hint: '', durationMs: 5 },
        { id: 'quota.vcpu', group: 'cloud' as const, title: 'vCPU quota', status: 'fail' as const, detail: '16 of 32 needed', hint: 'request a quota increase', durationMs: 5 },
      ],
      suggestedZones: ['us-east-1a', 'us-east-1b'],
    };
    const human = renderMessage('deploy.preflight-failed', { report, durationMs: 1500 });
    const lines = human.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^check +status +detail$/);
    assert.match(lines[3], /^quota\.vcpu +FAIL +16 of 32 needed$/);
    assert.ok(human.stdout.includes('\nTo fix:\n  FAIL quota.vcpu: request a quota increase\n'));
    assert.ok(human.stdout.includes('\nZones offering every instance type: zones: [us-east-1a, us-east-1b]\n'));
    assert.match(lines.at(-1)!, /^preflight: some checks failed \(1 pass, 0 warn, 1 fail, 0 skip in 1\.5 s\)$/);
    assert.equal(renderMessage('deploy.preflight-failed', { report, durationMs: 1 }, { json: true }).stdout, '');
  });

  it('the certificate\'s validation records: a table, and the apex note for an endpoint CNAME', () => {
    const records = [
      { name: '_x.bt.example.com.', type: 'CNAME', value: '_y.acm-validations.aws.', purpose: 'certificate validation' as const },
    ];
    const r = renderMessage('install.validation-records', { domain: 'bt.example.com', records });
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 2), ['', 'Create this DNS record now in the zone of bt.example.com (keep it: ACM renews the certificate with it):']);
    assert.match(lines[2], /^name +type +value +for$/);
    assert.match(lines[4], /^_x\.bt\.example\.com\. +CNAME +_y\.acm-validations\.aws\. +certificate validation$/);
    assert.doesNotMatch(r.stdout, /zone apex/, 'the apex note is for the endpoint record');
    assert.equal(renderMessage('install.validation-records', { domain: 'bt.example.com', records: [] }).stdout, '', 'no records: nothing');
    assert.equal(renderMessage('install.validation-records', { domain: 'bt.example.com', records }, { json: true }).stdout, '');
  });

  it('destroy: the document is the plan value with the outcome; --delete-data warns', () => {
    const r = renderMessages({ json: true }, (io) => {
      io.emit('destroy.delete-data');
      io.emit('destroy.result', { ok: true, status: 'applied', destroyed: 12, ...plan });
    });
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, status: 'applied', destroyed: 12, ...plan });
    assert.equal(r.stderr, 'warning: --delete-data: databases, caches and buckets will be deleted. This cannot be undone.\n');
    assert.equal(renderMessage('destroy.result', { ok: true, status: 'applied', destroyed: 1, ...plan }).stdout, '', 'no human form');
  });

  it('--force-replace names each setting, before -> after, and what it replaces', () => {
    const r = renderMessage('deploy.force-replace', { key: 'postgres.version', before: 15, after: 16, replaces: 'the database' });
    assert.equal(r.stderr, 'warning: --force-replace: postgres.version: 15 -> 16 replaces the database\n');
  });

  it('terraform details show only with --verbose', () => {
    const emit = (io: Parameters<Parameters<typeof renderMessages>[1]>[0]) => {
      io.emit('terraform.binary', { flavor: 'terraform', version: '1.9.0', path: '/usr/bin/terraform' });
      io.emit('terraform.log', { line: JSON.stringify({ '@level': 'info', '@message': 'Apply complete!' }) });
    };
    assert.equal(renderMessages({}, emit).stderr, '');
    assert.equal(renderMessages({ verbose: true }, emit).stderr, 'using terraform 1.9.0 at /usr/bin/terraform\nterraform: Apply complete!\n');
  });
});
