// `braintrust upgrade` applying on AWS, in-process: an installed deployment (fake terraform, the
// shared fake aws) copied per test, then the backup choices (headless without --yes, the RDS
// snapshot, a failing snapshot), --no-apply on one stop, and a failing apply during an upgrade
// and during a rollback (what the error says to do next). test/cli/day2-upgrade.test.ts runs the
// multi-stop upgrade through the CLI process, test/cli/api-runtime-migration.test.ts the API
// runtime move; these check the branches in-process.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from '../../src/commands/upgrade.js';
import { upgradeCommand } from '../../src/commands/upgrade.spec.js';
import { run as installRun } from '../../src/commands/install.js';
import { installCommand } from '../../src/commands/install.spec.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runOps } from '../helpers/ops-harness.js';
import { hasPython3, runCliInPty } from '../helpers/pty.js';
import { withDefaults } from '../helpers/command-options.js';

const upgrade = withDefaults(upgradeCommand, run);
const install = withDefaults(installCommand, installRun);
const NAME = 'acme-bt';
const NOW = new Date('2026-08-29T12:00:00Z');
/** What snapshotName makes of the deployment, the target and NOW. */
const SNAPSHOT = `${NAME}-pre-v2-12-0-202608291200`;

let base: string;
let bin: string;
let clis: FakeClis;
const dirs: string[] = [];

before(async () => {
  base = await tempDir();
  dirs.push(base);
  const init = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: base });
  assert.equal(init.code, 0, init.stderr);
  const cfg = join(base, 'braintrust.yaml');
  await writeFile(cfg, (await readFile(cfg, 'utf8')).replace(/^version: .*$/m, 'version: v2.11.0'));
  bin = await fakeTerraformBin(base);
  clis = await installFakeClis({ tools: ['aws'] });
  const r = await runOps(install, { cwd: base, config: cfg, env: envFor(base), now: NOW, yes: true }, { out: join(base, 'braintrust.out') });
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  await clis.cleanup();
  for (const d of dirs) await removeDir(d);
});

function envFor(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...clis.env(), PATH: `${bin}:${clis.binDir}:${dirname(process.execPath)}`, FAKE_TF_LOG: join(dir, 'tf.log'),
    BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic', BRAINTRUST_SKIP_PREFLIGHT: '1', ...extra,
  };
}

/** A copy of the installed deployment (config, .braintrust/, the synthesized stack and its fake state). */
async function deployment(): Promise<{ dir: string; config: string; out: string; applies: () => Promise<number>; history: () => Promise<Record<string, any>[]> }> {
  const dir = await tempDir();
  dirs.push(dir);
  await cp(base, dir, { recursive: true, filter: (src) => !src.startsWith(join(base, 'bin')) && src !== join(base, 'tf.log') });
  const log = join(dir, 'tf.log');
  return {
    dir,
    config: join(dir, 'braintrust.yaml'),
    // Relative --out resolves against the process's directory: in-process runs pass their own.
    out: join(dir, 'braintrust.out'),
    applies: async () => (existsSync(log) ? (await readFile(log, 'utf8')).trim().split('\n').filter((l) => JSON.parse(l).argv[0] === 'apply').length : 0),
    history: async () => (await readFile(join(dir, '.braintrust', 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l)),
  };
}

/** The result document: the whole stdout, or its last line after JSON-lines progress events. */
function resultOf(stdout: string): Record<string, any> {
  try { return JSON.parse(stdout); } catch { return JSON.parse(stdout.trim().split('\n').at(-1)!); }
}

const snapshotCalls = async () => (await clis.calls('aws')).filter((c) => c.argv[0] === 'rds');

describe('upgrade on AWS, in-process', () => {
  test('headless without --yes: the plan is shown, no backup is asked for or taken, nothing is applied', async () => {
    const d = await deployment();
    const before = (await snapshotCalls()).length;
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir), now: NOW, json: true }, { out: d.out, offline: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = resultOf(r.stdout);
    assert.equal(doc.backup.kind, 'not-needed');
    assert.match(doc.backup.reason, /non-interactive without --yes/);
    assert.equal(doc.status, 'not-confirmed');
    assert.equal(doc.complete, false);
    assert.equal(doc.version, 'v2.11.0');
    assert.equal(await d.applies(), 0);
    assert.equal((await snapshotCalls()).length, before);
    assert.ok(!r.messages.some((m) => m.code === 'upgrade.done'));
    assert.match(await readFile(d.config, 'utf8'), /^version: v2\.11\.0$/m);
  });

  test('--yes: an RDS snapshot of the deployment\'s database first, then the apply; the backup is in the result and in history', async () => {
    const d = await deployment();
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir), now: NOW, yes: true, json: true }, { out: d.out, offline: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = resultOf(r.stdout);
    assert.deepEqual([doc.status, doc.version, doc.complete], ['applied', 'v2.12.0', true]);
    assert.deepEqual(doc.backup, { kind: 'snapshot', tool: 'aws', id: SNAPSHOT });
    const call = (await snapshotCalls()).find((c) => c.argv.includes(SNAPSHOT));
    assert.ok(call, 'aws rds create-db-snapshot was run');
    assert.deepEqual(call.argv.slice(0, 3), ['rds', 'create-db-snapshot', '--db-instance-identifier']);
    assert.ok(call.argv.includes('--region') && call.argv.includes('us-east-1'));
    assert.match(r.stderr, new RegExp(`Taking a database snapshot: aws rds create-db-snapshot --db-instance-identifier \\(${SNAPSHOT}\\)`));
    assert.match(r.stderr, new RegExp(`✔ Database snapshot ${SNAPSHOT} started`));
    assert.equal(await d.applies(), 1);
    const last = (await d.history()).filter((h) => h.action === 'upgrade' && h.result === 'success').at(-1)!;
    assert.deepEqual([last.version, last.fromVersion, last.step, last.backup], ['v2.12.0', 'v2.11.0', '1/1', { kind: 'snapshot', tool: 'aws', id: SNAPSHOT }]);
    assert.match(await readFile(d.config, 'utf8'), /^version: v2\.12\.0$/m);
  });

  test('a failing snapshot stops before any apply: exit 1 BACKUP_FAILED with what aws said and --skip-backup as the way out', async () => {
    const d = await deployment();
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir, { FAKE_RDS_SNAPSHOT_FAIL: '1' }), now: NOW, yes: true }, { out: d.out, offline: true });
    assert.equal(r.code, 1);
    assert.ok(r.error instanceof BraintrustError);
    assert.equal(r.error.code, 'BACKUP_FAILED');
    assert.equal(r.error.message, 'The database snapshot failed (aws exited 254)');
    assert.match(r.error.details.join('\n'), /not authorized to perform: rds:CreateDBSnapshot/);
    assert.match(r.error.hint ?? '', /--skip-backup/);
    assert.equal(await d.applies(), 0);
    assert.match(await readFile(d.config, 'utf8'), /^version: v2\.11\.0$/m);
  });

  test('--no-apply on a one-stop upgrade: the config is written, the upgrade is complete as far as the config goes', async () => {
    const d = await deployment();
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir), now: NOW, json: true }, { out: d.out, offline: true, apply: false });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.status, doc.complete, doc.version, doc.backup], ['config-updated', true, 'v2.12.0', null]);
    assert.ok(!r.messages.some((m) => m.code === 'upgrade.no-apply-first-stop'), 'one stop: nothing remains');
    assert.equal(await d.applies(), 0);
    assert.match(await readFile(d.config, 'utf8'), /^version: v2\.12\.0$/m);
  });

  test('a failing apply: the step and the versions in the error, the config unchanged, the command that resumes', async () => {
    const d = await deployment();
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir, { FAKE_TF_FAIL: 'apply' }), now: NOW, yes: true }, { out: d.out, offline: true, skipBackup: true });
    assert.equal(r.code, 1);
    assert.ok(r.error instanceof BraintrustError);
    assert.match(r.error.message, /\(upgrade step 1\/1: v2\.11\.0 -> v2\.12\.0\)$/);
    assert.equal(r.error.hint, 'The config still says v2.11.0. Fix the problem above, then re-run `braintrust upgrade --to v2.12.0` to resume from v2.11.0.');
    assert.match(await readFile(d.config, 'utf8'), /^version: v2\.11\.0$/m);
  });

  test('a failing rollback apply: the hint resumes with --allow-downgrade', async () => {
    const d = await deployment();
    // The deployment ran v2.10.0 before v2.11.0: --rollback goes back to it.
    const h = await d.history();
    const first = { ...h.find((e) => e.result === 'success')!, version: 'v2.10.0', time: '2026-08-01T00:00:00.000Z' };
    await writeFile(join(d.dir, '.braintrust', 'history.jsonl'), [first, ...h].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir, { FAKE_TF_FAIL: 'apply' }), now: NOW, yes: true }, { out: d.out, offline: true, rollback: true, skipBackup: true });
    assert.equal(r.code, 1);
    assert.ok(r.error instanceof BraintrustError);
    assert.match(r.error.message, /\(upgrade step 1\/1: v2\.11\.0 -> v2\.10\.0\)$/);
    assert.match(r.error.hint ?? '', /re-run `braintrust upgrade --to v2\.10\.0` to resume from v2\.11\.0 \(with --allow-downgrade\)\.$/);
    const failed = (await d.history()).at(-1)!;
    assert.deepEqual([failed.action, failed.result, failed.rollback, failed.backup], ['upgrade', 'failure', true, { kind: 'skipped' }]);
  });
});

describe('upgrade --api-runtime, in-process', () => {
  const SERVICES = { api: `${NAME}-braintrust-api`, ingest: `${NAME}-braintrust-api-ingest`, background: `${NAME}-braintrust-api-background` };
  const TG = (k: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${NAME}-${k}/0123456789abcdef`;
  /** What the stack outputs once the ECS services exist (the fake terraform prints these values). */
  const ECS_OUTPUTS = { FAKE_TF_OUTPUTS: JSON.stringify({ api_ecs_cluster: NAME, api_ecs_services: SERVICES, api_ecs_target_groups: { api: TG('api'), ingest: TG('ingest'), background: TG('background') } }) };

  /** The installed deployment with the API on Lambda (no api.runtime, no api.ecs), optionally ECS as standby. */
  async function onLambda(standby?: 'ecs') {
    const d = await deployment();
    const doc = parse(await readFile(d.config, 'utf8'));
    delete doc.api.runtime;
    delete doc.api.ecs;
    if (standby) doc.api.standbyRuntime = standby;
    await writeFile(d.config, stringify(doc));
    return d;
  }
  const apiOf = async (config: string) => (parse(await readFile(config, 'utf8')) as { api: Record<string, unknown> }).api;
  const runtime = (d: { dir: string; config: string; out: string }, opts: Record<string, unknown>, o: { yes?: boolean; json?: boolean; env?: Record<string, string> } = {}) =>
    runOps(upgrade, { cwd: d.dir, config: d.config, env: envFor(d.dir, o.env), now: NOW, yes: o.yes, json: o.json }, { out: d.out, ...opts });
  const codes = (r: { messages: { code: string }[] }) => r.messages.map((m) => m.code).filter((c) => c.startsWith('upgrade.api-runtime.'));

  test('already there: nothing to do (ECS, or Lambda), exit 0 with status unchanged', async () => {
    const ecs = await deployment();
    const r = await runtime(ecs, { apiRuntime: 'ecs' }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, action: 'api-runtime', from: 'ecs', to: 'ecs', status: 'unchanged', phases: [] });
    assert.deepEqual(codes(r), ['upgrade.api-runtime.already-ecs', 'upgrade.api-runtime.result']);
    assert.match(r.stderr, /^Traffic is already on ECS\.$/m);
    const lambda = await onLambda('ecs');
    const l = await runtime(lambda, { apiRuntime: 'lambda' });
    assert.equal(l.code, 0, l.stderr);
    assert.match(l.stderr, /^Traffic is already on Lambda \(ECS kept as standby\): nothing to do\.$/m);
  });

  test('ECS -> Lambda without a Lambda standby: warned, one apply, ECS kept as standby', async () => {
    const d = await deployment();
    const r = await runtime(d, { apiRuntime: 'lambda' }, { yes: true, json: true });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(codes(r), ['upgrade.api-runtime.no-lambda-standby', 'upgrade.api-runtime.phase', 'upgrade.api-runtime.on-lambda', 'upgrade.api-runtime.result']);
    const doc = resultOf(r.stdout);
    assert.deepEqual([doc.from, doc.to, doc.status, doc.phases.map((p: { phase: string }) => p.phase)], ['ecs', 'lambda', 'applied', ['rollback']]);
    assert.deepEqual([(await apiOf(d.config)).runtime, (await apiOf(d.config)).standbyRuntime], ['lambda', 'ecs']);
    assert.equal(await d.applies(), 1);
  });

  test('Lambda -> ECS --dry-run: both phases as plans, nothing applied or written', async () => {
    const d = await onLambda();
    const before = await readFile(d.config, 'utf8');
    const r = await runtime(d, { apiRuntime: 'ecs', dryRun: true }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = resultOf(r.stdout);
    assert.deepEqual([doc.status, doc.phases.map((p: { phase: string; status: string }) => `${p.phase}:${p.status}`)], ['dry-run', ['phase-1:dry-run', 'phase-2:dry-run']]);
    assert.ok(codes(r).includes('upgrade.api-runtime.dry-run-done'));
    assert.equal(await readFile(d.config, 'utf8'), before);
    assert.equal(await d.applies(), 0);
  });

  test('Lambda -> ECS headless without --yes stops after phase 1\'s plan; --no-apply writes phase 1 only', async () => {
    const d = await onLambda();
    const r = await runtime(d, { apiRuntime: 'ecs' }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const stopped = r.messages.find((m) => m.code === 'upgrade.api-runtime.phase-1-stopped');
    assert.deepEqual(stopped?.data, { status: 'not-confirmed' });
    assert.match(r.stderr, /^Phase 1 not applied; traffic stays on Lambda\.$/m);
    assert.equal(await d.applies(), 0);
    const w = await runtime(d, { apiRuntime: 'ecs', apply: false });
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /^Phase 1 written to the config only \(--no-apply\)\./m);
    assert.deepEqual([(await apiOf(d.config)).runtime, (await apiOf(d.config)).standbyRuntime], ['lambda', 'ecs']);
  });

  test('Lambda -> ECS --yes: phase 1, the ECS services checked through the AWS API, phase 2; the health report in the result', async () => {
    const d = await onLambda();
    const r = await runtime(d, { apiRuntime: 'ecs', healthTimeout: '0' }, { yes: true, json: true, env: ECS_OUTPUTS });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(codes(r), ['upgrade.api-runtime.phase', 'upgrade.api-runtime.health-check', 'upgrade.api-runtime.health', 'upgrade.api-runtime.phase', 'upgrade.api-runtime.on-ecs', 'upgrade.api-runtime.result']);
    const doc = resultOf(r.stdout);
    assert.deepEqual([doc.status, doc.health.healthy, doc.phases.map((p: { phase: string }) => p.phase)], ['applied', true, ['phase-1', 'phase-2']]);
    assert.match(doc.health.lines[0], new RegExp(`^${SERVICES.api}: ready \\(2 tasks, 2 healthy targets\\)$`));
    const calls = (await clis.calls('aws')).filter((c) => c.argv[0] === 'ecs' || c.argv[0] === 'elbv2');
    assert.ok(calls.some((c) => c.argv.slice(0, 2).join(' ') === 'ecs describe-services' && c.argv.includes(SERVICES.ingest)));
    assert.ok(calls.some((c) => c.argv.includes(TG('background'))));
    assert.deepEqual([(await apiOf(d.config)).runtime, (await apiOf(d.config)).standbyRuntime], ['ecs', 'lambda']);
    assert.equal(await d.applies(), 2);
  });

  test('an unhealthy ECS service stops before traffic moves: exit 1 ECS_UNHEALTHY naming it; phase 1 stays applied', async () => {
    const d = await onLambda();
    const r = await runtime(d, { apiRuntime: 'ecs', healthTimeout: '0' }, { yes: true, env: { ...ECS_OUTPUTS, FAKE_ECS_UNHEALTHY: '1' } });
    assert.equal(r.code, 1);
    assert.ok(r.error instanceof BraintrustError);
    assert.equal(r.error.code, 'ECS_UNHEALTHY');
    assert.match(r.error.details.join('\n'), new RegExp(`${SERVICES.ingest}: rollout FAILED \\(3 failed tasks\\); 0/2 tasks running; no healthy ALB target; ALB targets not healthy: unhealthy`));
    assert.match(r.stderr, new RegExp(`^  ${SERVICES.ingest}: rollout FAILED`, 'm'));
    assert.deepEqual([(await apiOf(d.config)).runtime, (await apiOf(d.config)).standbyRuntime], ['lambda', 'ecs']);
    assert.equal(await d.applies(), 1);
  });

  test('phase 1 applied before but the outputs do not name the ECS services: exit 3 OUTPUTS_MISSING', async () => {
    const d = await onLambda('ecs');
    const r = await runtime(d, { apiRuntime: 'ecs' }, { yes: true });
    assert.equal(r.code, 3);
    assert.ok(r.error instanceof BraintrustError);
    assert.equal(r.error.code, 'OUTPUTS_MISSING');
    assert.ok(r.messages.some((m) => m.code === 'upgrade.api-runtime.phase-1-found'));
    assert.equal(await d.applies(), 0);
  });

  test('--health-timeout that is not a whole number of seconds: exit 2', async () => {
    const d = await onLambda();
    const r = await runtime(d, { apiRuntime: 'ecs', healthTimeout: '5m' });
    assert.equal(r.code, 2);
    assert.match(r.error?.message ?? '', /--health-timeout: "5m" is not a whole number of seconds/);
  });
});

describe('upgrade in a terminal: the backup question', { skip: !hasPython3() && 'python3 with pty is needed to drive a terminal' }, () => {
  const DOWN = '\u001b[B';
  const terminal = async (steps: { expect: string; send: string }[]) => {
    const d = await deployment();
    // The CLI runs in d.dir: its default --out (braintrust.out) is the copied stack.
    const r = await runCliInPty(['upgrade', '--offline'], steps, { cwd: d.dir, env: envFor(d.dir) });
    return { ...r, ...d };
  };

  test('"Cancel the upgrade": exit 130, nothing snapshotted, applied or written', async () => {
    const before = (await snapshotCalls()).length;
    const r = await terminal([{ expect: 'Database backup before upgrading', send: `${DOWN}${DOWN}\r` }]);
    assert.equal(r.stuckAt, undefined, r.screen);
    assert.equal(r.code, 130, r.screen);
    assert.match(r.screen, /Upgrade cancelled before any change: take a backup, then re-run\./);
    assert.equal((await snapshotCalls()).length, before);
    assert.equal(await r.applies(), 0);
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.11\.0$/m);
  });

  test('"I have a recent backup", then yes to the apply: upgraded, the confirmation recorded in history', async () => {
    const before = (await snapshotCalls()).length;
    const r = await terminal([
      { expect: 'Take a snapshot now \\(aws rds create-db-snapshot --db-instance-identifier\\)', send: `${DOWN}\r` },
      { expect: `Apply these changes to ${NAME}`, send: 'y\r' },
    ]);
    assert.equal(r.stuckAt, undefined, r.screen);
    assert.equal(r.code, 0, r.screen);
    assert.match(r.screen, /Upgraded to v2\.12\.0\./);
    assert.equal((await snapshotCalls()).length, before, 'no snapshot taken');
    const last = (await r.history()).filter((h) => h.action === 'upgrade' && h.result === 'success').at(-1)!;
    assert.deepEqual(last.backup, { kind: 'confirmed' });
  });
});
