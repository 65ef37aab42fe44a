// `braintrust upgrade --api-runtime` end to end on a Lambda deployment, with a fake terraform
// and a fake aws on PATH: the dry run shows both phases, a run without --yes stops at phase 1's
// plan, the health-checked two-phase move to ECS (each phase one apply, both in history),
// the one-apply rollback to Lambda, and an unhealthy service stopping before traffic moves.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

const NAME = 'acme-bt';
const SERVICES = { api: `${NAME}-braintrust-api`, ingest: `${NAME}-braintrust-api-ingest`, background: `${NAME}-braintrust-api-background` };
const TG = (k: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${NAME}-${k}/0123456789abcdef`;
const OUTPUTS = {
  api_ecs_cluster: NAME,
  api_ecs_services: SERVICES,
  api_ecs_target_groups: { api: TG('api'), ingest: TG('ingest'), background: TG('bg') },
};

/**
 * A fake aws: logs argv to $FAKE_CLI_LOG and answers `ecs describe-services` and
 * `elbv2 describe-target-health` as AWS does: healthy, or (FAKE_ECS_UNHEALTHY) with the
 * ingest rollout failing and its targets unhealthy.
 */
async function fakeAws(bin: string): Promise<void> {
  const file = join(bin, 'aws');
  await writeFile(file, `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_CLI_LOG, JSON.stringify({ tool: 'aws', args }) + '\\n');
const bad = Boolean(process.env.FAKE_ECS_UNHEALTHY);
const flag = (n) => args[args.indexOf(n) + 1];
if (args[0] === 'ecs' && args[1] === 'describe-services') {
  const names = args.slice(args.indexOf('--services') + 1).filter((a, i, all) => !a.startsWith('--') && all.slice(0, i).every((x) => !x.startsWith('--')));
  const services = names.map((serviceName) => {
    const failing = bad && serviceName.endsWith('-ingest');
    return { serviceName, status: 'ACTIVE', desiredCount: 2, runningCount: failing ? 0 : 2,
      deployments: [{ status: 'PRIMARY', rolloutState: failing ? 'FAILED' : 'COMPLETED', desiredCount: 2, runningCount: failing ? 0 : 2, failedTasks: failing ? 3 : 0 }] };
  });
  process.stdout.write(JSON.stringify({ services, failures: [] }));
} else if (args[0] === 'elbv2' && args[1] === 'describe-target-health') {
  const state = bad && flag('--target-group-arn').includes('-ingest/') ? 'unhealthy' : 'healthy';
  process.stdout.write(JSON.stringify({ TargetHealthDescriptions: [{ Target: { Id: '10.0.1.5', Port: 8000 }, TargetHealth: { State: state } }, { Target: { Id: '10.0.2.7', Port: 8000 }, TargetHealth: { State: state } }] }));
} else {
  process.stdout.write('{}');
}
`);
  await chmod(file, 0o755);
}

async function lines(file: string): Promise<Record<string, any>[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
/** The result document: the whole stdout, or its last line after JSON-lines progress events. */
const lastJson = (stdout: string) => {
  try { return JSON.parse(stdout); } catch { return JSON.parse(stdout.trim().split('\n').at(-1)!); }
};

describe('upgrade --api-runtime on AWS', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let tfLog: string;
  let cliLog: string;
  const cfg = () => join(dir, 'braintrust.yaml');
  const api = async () => (parse(await readFile(cfg(), 'utf8')) as { api: Record<string, any> }).api;
  const history = async () => (await lines(join(dir, '.braintrust', 'history.jsonl'))).filter((e) => e.action === 'api-runtime');
  const applies = async () => (await lines(tfLog)).filter((l) => l.argv?.[0] === 'apply').length;

  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    await fakeAws(bin);
    tfLog = join(dir, 'tf.log');
    cliLog = join(dir, 'cli.log');
    env = { PATH: `${bin}:${dirname(process.execPath)}`, FAKE_TF_LOG: tfLog, FAKE_CLI_LOG: cliLog, FAKE_TF_OUTPUTS: JSON.stringify(OUTPUTS), BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic' };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    // A deployment installed before ECS: no api.runtime (so Lambda), no api.ecs.
    const doc = parse(await readFile(cfg(), 'utf8'));
    delete doc.api.runtime;
    delete doc.api.ecs;
    await writeFile(cfg(), stringify(doc));
    const install = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(install.code, 0, install.stderr);
  });
  after(async () => removeDir(dir));

  test('--dry-run shows phase 1 and phase 2 as two changes; nothing applied or written', async () => {
    const before = await readFile(cfg(), 'utf8');
    await writeFile(tfLog, '');
    const r = await runCli(['upgrade', '--api-runtime', 'ecs', '--dry-run', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = lastJson(r.stdout);
    assert.equal(doc.status, 'dry-run');
    assert.deepEqual(doc.phases.map((p: any) => p.phase), ['phase-1', 'phase-2']);
    assert.match(doc.phases[0].change.configDiff, /\+  runtime: lambda\n\+  standbyRuntime: ecs/);
    assert.match(doc.phases[1].change.configDiff, /-  runtime: lambda\n-  standbyRuntime: ecs\n\+  runtime: ecs\n\+  standbyRuntime: lambda/);
    assert.equal(await readFile(cfg(), 'utf8'), before);
    assert.equal(await applies(), 0);
  });

  test('without --yes (non-interactive) phase 1 stops at its plan: a reviewable step, config unchanged', async () => {
    const before = await readFile(cfg(), 'utf8');
    const r = await runCli(['upgrade', '--api-runtime', 'ecs'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /Phase 1\/2/);
    assert.match(r.stdout + r.stderr, /Plan: \d+ to add/);
    assert.match(r.stdout + r.stderr, /Re-run with --yes/);
    assert.equal(await readFile(cfg(), 'utf8'), before);
    assert.equal(await applies(), 0);
  });

  test('--yes: phase 1 apply, ECS health from the AWS API, phase 2 apply; history records both', async () => {
    await writeFile(tfLog, '');
    await writeFile(cliLog, '');
    const r = await runCli(['upgrade', '--api-runtime', 'ecs', '--yes', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = lastJson(r.stdout);
    assert.equal(doc.status, 'applied');
    assert.deepEqual(doc.phases.map((p: any) => [p.phase, p.status]), [['phase-1', 'applied'], ['phase-2', 'applied']]);
    assert.equal(doc.health.healthy, true);
    assert.equal(await applies(), 2, 'one apply per phase');
    const calls = (await lines(cliLog)).map((c) => c.args as string[]);
    const describe = calls.find((a) => a[0] === 'ecs' && a[1] === 'describe-services')!;
    assert.deepEqual(describe.slice(2, 8), ['--cluster', NAME, '--services', SERVICES.api, SERVICES.ingest, SERVICES.background]);
    assert.ok(describe.includes('--region') && describe.includes('us-east-1'));
    const health = calls.filter((a) => a[0] === 'elbv2' && a[1] === 'describe-target-health').map((a) => a[a.indexOf('--target-group-arn') + 1]).sort();
    assert.deepEqual(health, Object.values(OUTPUTS.api_ecs_target_groups).sort());
    // Each apply writes a "started" line before its result.
    assert.deepEqual((await history()).filter((h) => h.result !== 'started').map((h) => [h.phase, h.result]), [['phase-1', 'success'], ['phase-2', 'success']]);
    const a = await api();
    assert.equal(a.runtime, 'ecs');
    assert.equal(a.standbyRuntime, 'lambda');
    assert.equal(a.ecs.api.cpu, 2, 'ECS sized for the production tier');
  });

  test('--api-runtime lambda rolls traffic back in one apply, ECS kept as standby', async () => {
    await writeFile(tfLog, '');
    const r = await runCli(['upgrade', '--api-runtime', 'lambda', '--yes', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = lastJson(r.stdout);
    assert.deepEqual(doc.phases.map((p: any) => [p.phase, p.status]), [['rollback', 'applied']]);
    assert.equal(await applies(), 1);
    const plan = (await lines(join(dir, '.braintrust', 'history.jsonl'))).at(-1)!;
    assert.equal(plan.phase, 'rollback');
    assert.equal(plan.add, 0, 'nothing created: the Lambda standby is there');
    assert.equal(plan.destroy, 0, 'nothing destroyed: ECS stays as standby');
    const a = await api();
    assert.deepEqual([a.runtime, a.standbyRuntime], ['lambda', 'ecs']);
  });

  test('unhealthy ECS services stop before phase 2 (exit 1): traffic stays on Lambda', async () => {
    await writeFile(tfLog, '');
    const r = await runCli(['upgrade', '--api-runtime', 'ecs', '--yes', '--health-timeout', '0', '--json'], { cwd: dir, env: { ...env, FAKE_ECS_UNHEALTHY: '1' } });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'ECS_UNHEALTHY');
    assert.match(doc.error.message, /not healthy: traffic stays on Lambda/);
    assert.ok(doc.error.details.some((l: string) => /braintrust-api-ingest: .*rollout FAILED.*unhealthy/.test(l)), doc.error.details.join('\n'));
    assert.ok(doc.error.details.some((l: string) => /braintrust-api: ready/.test(l)));
    assert.equal(await applies(), 0, 'phase 1 was already applied; phase 2 never ran');
    assert.equal((await api()).runtime, 'lambda');
  });

  test('usage errors: an unknown runtime, or --api-runtime with --to (exit 2)', async () => {
    const bad = await runCli(['upgrade', '--api-runtime', 'fargate'], { cwd: dir, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--api-runtime: "fargate" is not a runtime/);
    const mixed = await runCli(['upgrade', '--api-runtime', 'ecs', '--to', 'v2.12.0'], { cwd: dir, env });
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /cannot be combined with --to/);
  });
});
