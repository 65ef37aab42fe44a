// `braintrust install` / `destroy` end to end: the built CLI as a process, with a fake
// terraform on PATH that records its argv and prints terraform's -json lines.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

interface LogLine { argv?: string[]; cwd?: string; signal?: string; licenseSet?: boolean; waiting?: string; pid?: number }

/** Until the fake terraform's log has a line `has` accepts (its cue, not a clock). */
async function waitForLog(file: string, has: (l: LogLine) => boolean): Promise<LogLine> {
  for (;;) {
    const found = (await readLog(file)).find(has);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readLog(file: string): Promise<LogLine[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
}

async function readJsonl(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('install --dry-run', () => {
  let dir: string;
  before(async () => { dir = await tempDir(); });
  after(async () => removeDir(dir));

  test('with no config uses the shipped AWS production example and writes the stack', async () => {
    const r = await runCli(['install', '--dry-run'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /shipped example/);
    const file = join(dir, 'braintrust.out', 'stacks', 'braintrust', 'cdk.tf.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    assert.ok(json.resource.aws_db_instance, 'the example is an AWS stack');
    assert.match(r.stdout, /aws_db_instance/);
    assert.match(r.stdout, /Dry run: \d+ resources/);
  });

  test('--json prints one document with resource counts and findings', async () => {
    const r = await runCli(['install', '--dry-run', '--json', '--out', 'out2'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, true);
    assert.equal(doc.status, 'dry-run');
    assert.equal(doc.usedExample, true);
    assert.equal(doc.cloud, 'aws');
    assert.ok(doc.totalResources > 20);
    assert.ok(Array.isArray(doc.findings) && doc.findings.length > 0);
    assert.ok(doc.findings.every((f: { status: string }) => f.status !== 'fail'), 'the example passes sizing');
  });
});

describe('install with terraform', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let logFile: string;
  const cfg = () => join(dir, 'braintrust.yaml');

  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    logFile = join(dir, 'tf.log');
    env = {
      PATH: `${bin}:${dirname(process.execPath)}`,
      FAKE_TF_LOG: logFile,
      BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic-123-secret',
    };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('init -> plan -> apply in order, outputs saved without secrets, history appended', async () => {
    const r = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const calls = (await readLog(logFile)).map((l) => l.argv ?? []);
    const verbs = calls.map((a) => a[0]);
    assert.deepEqual(verbs, ['version', 'init', 'plan', 'apply', 'output']);
    assert.ok(calls[1].includes('-input=false'));
    const planFile = calls[2].find((a) => a.startsWith('-out='))!.slice(5);
    assert.ok(calls[2].includes('-json') && /^tfplan-[0-9a-z-]+$/.test(planFile), 'each run plans into its own file');
    assert.deepEqual(calls[3], ['apply', '-input=false', '-json', planFile]);
    const log = await readLog(logFile);
    assert.ok(log[2].cwd?.endsWith(join('braintrust.out', 'stacks', 'bt')), 'terraform runs in the stack directory');
    assert.equal(log[3].licenseSet, true, 'license key reaches terraform as TF_VAR_');
    assert.match(r.stderr, /Plan: \d+ to add, 0 to change, 0 to destroy/);
    const stack = JSON.parse(await readFile(join(dir, 'braintrust.out', 'stacks', 'bt', 'cdk.tf.json'), 'utf8'));
    assert.equal(stack.terraform.backend.local.path, join('..', '..', '..', '.braintrust', 'terraform.tfstate'),
      'local state lives beside the config, not in the output directory');
    const planned = /Plan: (\d+) to add/.exec(r.stderr)![1];
    assert.match(r.stderr, new RegExp(`Applied ${planned}/${planned} resources`), 'every planned resource is counted');

    const outputs = JSON.parse(await readFile(join(dir, '.braintrust', 'outputs.json'), 'utf8'));
    assert.equal(outputs.api_url, 'https://d111.cloudfront.net');
    assert.ok(!('postgres_password' in outputs), 'sensitive outputs are dropped');
    const history = await readJsonl(join(dir, '.braintrust', 'history.jsonl'));
    const last = history[history.length - 1];
    assert.equal(last.action, 'install');
    assert.equal(last.result, 'success');
    for (const k of ['time', 'version', 'configSha256', 'durationMs']) assert.ok(k in last, k);
    const all = await readFile(join(dir, '.braintrust', 'history.jsonl'), 'utf8') + await readFile(join(dir, '.braintrust', 'outputs.json'), 'utf8');
    assert.ok(!all.includes('lic-123-secret') && !all.includes('super-secret-pw'));
  });

  test('a second run plans no changes; a rate-limit flag changes the API and is saved', async () => {
    // Its own first run, so this test passes alone too (not only after the one above).
    const first = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(first.code, 0, first.stderr);
    const again = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(again.code, 0, again.stderr);
    const lines = again.stdout.trim().split('\n');
    const doc = JSON.parse(lines[lines.length - 1]);
    assert.deepEqual([doc.plan.add, doc.plan.change, doc.plan.destroy], [0, 0, 0]);
    assert.match(again.stderr, /Up to date in/);
    assert.doesNotMatch(again.stderr, /0\/0/, 'an empty plan is not shown as "0/0 resources"');

    const r = await runCli(['install', '--yes', '--json', '--outbound-rate-limit-max-requests', '250', '--outbound-rate-limit-window-minutes', '5'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const result = out[out.length - 1];
    assert.ok(result.plan.change >= 1, 'the Lambda environment changes');
    assert.ok(out.some((e) => e.type === 'progress' && e.kind === 'complete'), 'progress streams as JSON lines');
    const completes = out.filter((e) => e.type === 'progress' && e.kind === 'complete');
    assert.deepEqual(completes.map((e) => e.done), completes.map((_, i) => i + 1), 'done counts the resource just completed');
    assert.equal(completes[completes.length - 1].done, completes[0].total);
    const text = await readFile(cfg(), 'utf8');
    assert.match(text, /maxRequests: 250/);
    assert.match(text, /windowMinutes: 5/);
  });

  test('bad flag values are usage errors (exit 2)', async () => {
    const r = await runCli(['install', '--dry-run', '--outbound-rate-limit-window-minutes', '0'], { cwd: dir, env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--outbound-rate-limit-window-minutes "0" is not allowed/);
    assert.match(r.stderr, />= 1/);
  });

  test('a failing apply exits 1 with the diagnostic, records the failure and leaves the config unchanged', async () => {
    const before = await readFile(cfg(), 'utf8');
    const r = await runCli(['install', '--yes', '--outbound-rate-limit-max-requests', '7'], { cwd: dir, env: { ...env, FAKE_TF_FAIL: 'apply' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /terraform apply failed/);
    assert.match(r.stderr, /InvalidParameterCombination/);
    assert.match(r.stderr, /\((aws_[a-z_]+\.[^)]+)\)/, 'the resource address is shown');
    assert.equal(await readFile(cfg(), 'utf8'), before, 'config restored');
    const history = await readJsonl(join(dir, '.braintrust', 'history.jsonl'));
    assert.equal(history[history.length - 1].result, 'failure');
  });

  test('--verbose shows terraform\'s own lines as text, not raw JSON', async () => {
    const r = await runCli(['install', '--yes', '--verbose', '--reinit'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Terraform has been successfully initialized!/);
    assert.match(r.stderr, /^terraform: Plan: \d+ to add, \d+ to change, \d+ to destroy\.$/m);
    assert.doesNotMatch(r.stderr, /"@level"/);
  });

  test('non-interactive without --yes stops after the plan with exit 0 and a hint', async () => {
    await writeFile(logFile, '');
    const r = await runCli(['install', '--outbound-rate-limit-max-requests', '9'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--yes/);
    const verbs = (await readLog(logFile)).map((l) => l.argv?.[0]);
    assert.ok(!verbs.includes('apply'));
    assert.doesNotMatch(await readFile(cfg(), 'utf8'), /maxRequests: 9/);
  });

  test('--plan-only --json gives counts and addresses without applying', async () => {
    await writeFile(logFile, '');
    const r = await runCli(['install', '--plan-only', '--json', '--outbound-rate-limit-max-requests', '11'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.status, 'planned');
    assert.ok(doc.plan.change >= 1);
    assert.ok(doc.plan.changes.some((c: { address: string; action: string }) => c.action === 'update' && /^aws_(lambda_function|ecs_task_definition)\./.test(c.address)));
    assert.ok(!(await readLog(logFile)).some((l) => l.argv?.[0] === 'apply'));
  });

  test('missing terraform is exit 3 with an install hint', async () => {
    const r = await runCli(['install', '--yes'], { cwd: dir, env: { ...env, PATH: dirname(process.execPath) } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /Neither terraform nor tofu/);
    assert.match(r.stderr, /BRAINTRUST_TERRAFORM_BIN/);
  });

  test('a missing license key is exit 3 naming the variable', async () => {
    const r = await runCli(['install', '--yes'], { cwd: dir, env: { ...env, BRAINTRUST_BRAINSTORE_LICENSE_KEY: '' } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /BRAINTRUST_BRAINSTORE_LICENSE_KEY/);
  });

  test('Ctrl-C during apply is forwarded to terraform, waited for, and exits 130', async () => {
    await writeFile(logFile, '');
    let pid = 0;
    const running = runCli(['install', '--yes', '--outbound-rate-limit-max-requests', '12'], {
      cwd: dir, env: { ...env, FAKE_TF_HANG: 'apply' }, onSpawn: (p) => { pid = p; },
    });
    // Ctrl-C once terraform is applying with its SIGINT handler in place.
    await waitForLog(logFile, (l) => l.waiting === 'apply');
    process.kill(pid, 'SIGINT');
    const r = await running;
    assert.equal(r.code, 130, r.stderr);
    assert.ok((await readLog(logFile)).some((l) => l.signal === 'SIGINT'), 'terraform received SIGINT');
    assert.match(r.stderr, /force-unlock/);
    assert.match(r.stderr, /Apply stopped after 0\/\d+ resources/, 'the progress line ends, not left running');
    assert.match(r.stderr, /Interrupted: terraform apply was stopped \(Ctrl-C\) and has exited/);
    assert.match(r.stderr, /Error: execution halted/, "terraform's own errors are shown (a held lock would be there)");
    assert.match(r.stderr, /next: Re-run the same command/);
    assert.doesNotMatch(r.stderr, /error: Interrupted|at .*\.js:\d+/, 'no "error:" prefix and no stack trace');
    const history = await readJsonl(join(dir, '.braintrust', 'history.jsonl'));
    assert.equal(history[history.length - 1].result, 'interrupted');
    assert.doesNotMatch(await readFile(cfg(), 'utf8'), /maxRequests: 12/);
  });

  test('destroy needs confirmation, refuses data stores, and --delete-data unprotects then destroys', async () => {
    const noYes = await runCli(['destroy'], { cwd: dir, env });
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /--yes/);

    const refused = await runCli(['destroy', '--yes'], { cwd: dir, env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /deletion protection/);
    assert.match(refused.stderr, /aws_db_instance\./);
    assert.match(refused.stderr, /--delete-data/);

    await writeFile(logFile, '');
    const r = await runCli(['destroy', '--yes', '--delete-data'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const calls = (await readLog(logFile)).map((l) => l.argv ?? []);
    const plans = calls.filter((a) => a[0] === 'plan');
    assert.equal(plans.length, 2);
    assert.ok(!plans[0].includes('-destroy') && plans[1].includes('-destroy'));
    const stack = JSON.parse(await readFile(join(dir, 'braintrust.out', 'stacks', 'bt', 'cdk.tf.json'), 'utf8'));
    const db = Object.values(stack.resource.aws_db_instance)[0] as Record<string, unknown>;
    assert.equal(db.deletion_protection, false);
    const state = JSON.parse(await readFile(join(dir, 'braintrust.out', 'stacks', 'bt', 'fake.tfstate.json'), 'utf8'));
    assert.deepEqual(state.resources, {}, 'everything destroyed');
  });
});

describe('install sizing gate', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
    await writeFile(join(dir, 'braintrust.yaml'), text.replace(/instanceType: cache\.[a-z0-9.]+/, 'instanceType: cache.t4g.small'));
  });
  after(async () => removeDir(dir));

  test('a failing production config stops with the findings (exit 1)', async () => {
    const r = await runCli(['install', '--dry-run'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr + r.stdout, /burstable|t-family/i);
    assert.match(r.stderr, /--allow-undersized/);
  });

  test('--allow-undersized proceeds and is recorded in history', async () => {
    const bin = await fakeTerraformBin(dir);
    const r = await runCli(['install', '--yes', '--allow-undersized'], {
      cwd: dir, env: { PATH: `${bin}:${dirname(process.execPath)}`, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'k' },
    });
    assert.equal(r.code, 0, r.stderr);
    const history = await readJsonl(join(dir, '.braintrust', 'history.jsonl'));
    assert.equal(history[history.length - 1].allowUndersized, true);
    assert.ok((await stat(join(dir, '.braintrust', 'outputs.json'))).size > 0);
  });
});

describe('cli signal handling', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let logFile: string;
  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    logFile = join(dir, 'tf.log');
    env = { PATH: `${bin}:${dirname(process.execPath)}`, FAKE_TF_LOG: logFile, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic-123-secret' };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('a second Ctrl-C while terraform keeps running forces exit 130 at once and leaves no lock', async () => {
    let pid = 0;
    const running = runCli(['install', '--yes'], { cwd: dir, env: { ...env, FAKE_TF_HANG: 'apply-stubborn' }, onSpawn: (p) => { pid = p; } });
    const tf = await waitForLog(logFile, (l) => l.waiting === 'apply');
    try {
      process.kill(pid, 'SIGINT');
      // The first Ctrl-C reaches terraform (forwarded), which does not stop.
      await waitForLog(logFile, (l) => l.signal === 'SIGINT');
      process.kill(pid, 'SIGINT');
      const r = await running;
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /Received SIGINT: stopping cleanly/);
      assert.match(r.stderr, /Forced exit on a second SIGINT/);
      assert.equal(existsSync(join(dir, '.braintrust', 'lock')), false, 'the lock is released even on a forced exit');
    } finally {
      try { process.kill(tf.pid!, 'SIGKILL'); } catch { /* gone */ }
    }
  });
});
