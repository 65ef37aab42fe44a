// Day-2 settings (rate-limit, telemetry, url, allowlist) end to end: the built CLI edits
// braintrust.yaml and runs the install pipeline; the synthesized API environment (AWS Lambda
// env, Helm api.extraEnvVars on GCP/Azure, compose .env) carries the new values.
import { toHistoryEntry } from '../../src/state/history.js';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

type Cloud = 'aws' | 'gcp' | 'azure' | 'docker';
const REGION: Record<Cloud, string[]> = { aws: ['--region', 'us-east-1'], gcp: ['--region', 'us-central1'], azure: ['--region', 'eastus'], docker: [] };
const NAME = 'acme-bt';

/** The API environment as synthesized for `cloud` into <dir>/braintrust.out. */
async function synthesizedApiEnv(dir: string, cloud: Cloud): Promise<Record<string, string>> {
  const out = join(dir, 'braintrust.out');
  if (cloud === 'docker') {
    const text = await readFile(join(out, '.env'), 'utf8');
    return Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }
  const json = JSON.parse(await readFile(join(out, 'stacks', NAME, 'cdk.tf.json'), 'utf8'));
  if (cloud === 'aws') {
    // init writes api.runtime ecs: the API environment is in the ECS task definitions
    // (a Lambda config carries it on the APIHandler function).
    const tasks = Object.values(json.resource.aws_ecs_task_definition ?? {}) as { container_definitions: string }[];
    const fromTasks = tasks.map((t) => Object.fromEntries((JSON.parse(t.container_definitions)[0].environment as { name: string; value: string }[]).map((e) => [e.name, e.value])));
    const fns = Object.values(json.resource.aws_lambda_function) as { environment?: { variables?: Record<string, string> } }[];
    const api = [...fromTasks, ...fns.map((f) => f.environment?.variables)].find((v) => v && 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS' in v);
    assert.ok(api, 'an ECS task or a Lambda carries the API environment');
    return api!;
  }
  for (const rel of Object.values(json.resource.helm_release) as { values?: string[] }[]) {
    const values = YAML.parse(rel.values?.[0] ?? '{}') as { api?: { extraEnvVars?: { name: string; value: string }[] } };
    if (values.api?.extraEnvVars) return Object.fromEntries(values.api.extraEnvVars.map((e) => [e.name, String(e.value)]));
  }
  throw new Error('no helm_release with api.extraEnvVars');
}

for (const cloud of ['aws', 'gcp', 'azure', 'docker'] as Cloud[]) {
  describe(`day-2 settings on ${cloud}`, () => {
    let dir: string;
    before(async () => {
      dir = await tempDir();
      const r = await runCli(['init', '--cloud', cloud, ...REGION[cloud], '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
    });
    after(async () => removeDir(dir));

    test('rate-limit set --dry-run: config and env diff, the synthesized API env has the new values, the file is unchanged', async () => {
      const before = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
      const r = await runCli(['rate-limit', 'set', '--max-requests', '250', '--window-minutes', '5', '--dry-run', '--json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.status, 'dry-run');
      assert.match(doc.configDiff, /^\+ {2}maxRequests: 250$/m);
      assert.deepEqual(doc.env.map((e: { name: string; after: string }) => [e.name, e.after]), [['OUTBOUND_RATE_LIMIT_MAX_REQUESTS', '250'], ['OUTBOUND_RATE_LIMIT_WINDOW_MINUTES', '5']]);
      const env = await synthesizedApiEnv(dir, cloud);
      assert.equal(env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS, '250');
      assert.equal(env.OUTBOUND_RATE_LIMIT_WINDOW_MINUTES, '5');
      assert.equal(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), before);
    });

    test('telemetry disable --no-apply edits the config only; status reports it; enable --logs on --dry-run synthesizes logs', async () => {
      const r = await runCli(['telemetry', 'disable', '--no-apply', '--json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).status, 'config-updated');
      assert.match(await readFile(join(dir, 'braintrust.yaml'), 'utf8'), /enabled: false/);
      const s = JSON.parse((await runCli(['telemetry', 'status', '--json'], { cwd: dir })).stdout);
      assert.equal(s.enabled, false);
      assert.deepEqual(s.env, { CONTROL_PLANE_TELEMETRY: '', BRAINSTORE_CONTROL_PLANE_TELEMETRY: '' });
      const e = await runCli(['telemetry', 'enable', '--logs', 'on', '--dry-run'], { cwd: dir });
      assert.equal(e.code, 0, e.stderr);
      assert.match(e.stdout, /CONTROL_PLANE_TELEMETRY: "" -> "status,metrics,usage,logs"/);
      assert.match(e.stderr, /only when Braintrust support asks/);
      assert.equal((await synthesizedApiEnv(dir, cloud)).CONTROL_PLANE_TELEMETRY, 'status,metrics,usage,logs');
    });

    test('url set --proxy-control-plane --public-url "" --dry-run: SDKs constrained to the data plane', async () => {
      const r = await runCli(['url', 'set', '--proxy-control-plane', '--public-url', '', '--dry-run', '--json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const env = await synthesizedApiEnv(dir, cloud);
      assert.equal(env.BRAINTRUST_APP_PUBLIC_URL, '');
      assert.notEqual(env.BRAINTRUST_APP_URL, 'https://www.braintrust.dev', 'BRAINTRUST_APP_URL is the data plane');
    });
  });
}

describe('day-2 validation (exit 2 with the allowed range)', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
    assert.equal((await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: dir })).code, 0);
  });
  after(async () => removeDir(dir));

  const cases: [string[], RegExp][] = [
    [['rate-limit', 'set', '--max-requests', '-1'], /--max-requests "-1" is not allowed[\s\S]*>= 0/],
    [['rate-limit', 'set', '--window-minutes', '0'], /--window-minutes "0" is not allowed[\s\S]*>= 1/],
    [['rate-limit', 'set', '--max-requests', '2.5'], /--max-requests "2.5" is not allowed/],
    [['rate-limit', 'set'], /Nothing to set[\s\S]*--max-requests/],
    [['url', 'set', '--app-url', 'ftp://example.com'], /--app-url "ftp:\/\/example.com" is not allowed[\s\S]*http\(s\)/],
    [['url', 'set'], /Nothing to set/],
    [['telemetry', 'enable', '--logs', 'maybe'], /on, off/],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), async () => {
      const r = await runCli(args, { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  test('--json errors are one document', async () => {
    const r = await runCli(['rate-limit', 'set', '--window-minutes', 'x', '--json'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stdout).ok, false);
  });
});

describe('day-2 settings applied with terraform (AWS) and docker compose', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cfg = () => join(dir, 'braintrust.yaml');
  const history = async () => (await readFile(join(dir, '.braintrust', 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  before(async () => {
    dir = await tempDir();
    env = { PATH: `${await fakeTerraformBin(dir)}:${dirname(process.execPath)}`, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic' };
    assert.equal((await runCli(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: dir })).code, 0);
    const r = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  test('rate-limit set --yes applies, saves the config and records history', async () => {
    const r = await runCli(['rate-limit', 'set', '--max-requests', '250', '--yes', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const doc = JSON.parse(lines[lines.length - 1]);
    assert.equal(doc.status, 'applied');
    assert.ok(doc.plan.change >= 1);
    assert.match(await readFile(cfg(), 'utf8'), /maxRequests: 250/);
    const last = (await history()).at(-1);
    assert.equal(last.action, 'rate-limit');
    assert.equal(last.result, 'success');
    assert.deepEqual(last.settings, [{ path: 'rateLimit.maxRequests', before: 0, after: 250 }]);
    // Every line is a typed entry, and `change` is always the plan's count (never the action name).
    for (const h of await history()) {
      assert.ok(toHistoryEntry(h), JSON.stringify(h));
      assert.ok(h.change === undefined || typeof h.change === 'number', JSON.stringify(h));
    }
  });

  test('a failing apply exits 1 and leaves the config as it was', async () => {
    const before = await readFile(cfg(), 'utf8');
    const r = await runCli(['rate-limit', 'disable', '--yes'], { cwd: dir, env: { ...env, FAKE_TF_FAIL: 'apply' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /terraform apply failed/);
    assert.equal(await readFile(cfg(), 'utf8'), before);
    assert.equal((await history()).at(-1).result, 'failure');
  });

  test('rate-limit and url show, allowlist with the deployed API URL', async () => {
    const rl = JSON.parse((await runCli(['rate-limit', 'show', '--json'], { cwd: dir })).stdout);
    assert.deepEqual([rl.maxRequests, rl.windowMinutes, rl.env.OUTBOUND_RATE_LIMIT_MAX_REQUESTS], [250, 1, '250']);
    // show explains 0 and the server's own default when the variable is absent.
    assert.match(rl.note, /^0 disables the limit/);
    assert.deepEqual(rl.serverDefault, { maxRequests: 100, windowMinutes: 1 });
    const url = JSON.parse((await runCli(['url', 'show', '--json'], { cwd: dir })).stdout);
    assert.equal(url.dataPlaneUrl, 'https://d111.cloudfront.net');
    assert.equal(url.env.BRAINTRUST_APP_URL, 'https://www.braintrust.dev');
    const al = await runCli(['allowlist', '--json'], { cwd: dir });
    assert.equal(al.code, 0, al.stderr);
    const urls = JSON.parse(al.stdout).entries.map((e: { url: string }) => e.url);
    for (const u of ['https://www.braintrust.dev', 'https://d111.cloudfront.net', 'https://public.ecr.aws', 'https://api.openai.com']) assert.ok(urls.includes(u), u);
    const human = await runCli(['allowlist'], { cwd: dir });
    assert.match(human.stdout, /only needed for the AI proxy/);
  });

  test('docker: the change writes the compose files and the config, recorded in history', async () => {
    const d = await tempDir();
    try {
      assert.equal((await runCli(['init', '--cloud', 'docker', '--tier', 'production', '--name', NAME, '--org', 'acme'], { cwd: d })).code, 0);
      const r = await runCli(['rate-limit', 'set', '--max-requests', '42', '--yes', '--json'], { cwd: d });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).status, 'compose-written');
      assert.match(await readFile(join(d, 'braintrust.out', '.env'), 'utf8'), /^OUTBOUND_RATE_LIMIT_MAX_REQUESTS=42$/m);
      assert.match(await readFile(join(d, 'braintrust.yaml'), 'utf8'), /maxRequests: 42/);
      assert.match(await readFile(join(d, '.braintrust', 'history.jsonl'), 'utf8'), /"action":"rate-limit"/);
    } finally {
      await removeDir(d);
    }
  });
});
