// braintrust logs against fake aws, kubectl and docker: merged time order with a
// service/instance prefix, the --since window, --grep, redaction of planted secrets, --follow
// until Ctrl-C (the followers are stopped), --json, and exit 3 without the cloud CLI.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { run as logsWithoutDefaults } from '../../src/commands/logs.js';
import { POLL_ENV } from '../../src/ops/index.js';
import { isRunning } from '../helpers/fake-cloud-cli.js';
import { fakeOpsCliFactory, type OpsFixture } from '../helpers/fake-ops-cli.js';
import { testConfig, writeDeployment } from '../helpers/connect-harness.js';
import { runOps } from '../helpers/ops-harness.js';
import { dataOf } from '../helpers/io-capture.js';
import { logsCommand } from '../../src/commands/logs.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const logs = withDefaults(logsCommand, logsWithoutDefaults);

const NOW = new Date('2026-01-31T12:00:00.000Z');
const T = NOW.getTime();
const min = 60_000;
const iso = (ms: number, extra = '123456789') => new Date(ms).toISOString().replace(/\.\d{3}Z$/, (m) => m.slice(0, 4) + extra.slice(3) + 'Z');
const PLANTED = 'planted-token-9f8e7d6c5b';
const SECRET_LINE = `db connect failed: postgres://braintrust:hunter2hunter2@db.internal:5432/braintrust token=${PLANTED} Authorization: Bearer abcdefghijklmnopqrstuv`;

const fakes = fakeOpsCliFactory(after);

/** A deployment with dedicated readers and writers (not the combined testing node). */
async function deployment(cloud: 'aws' | 'gcp' | 'docker', outputs: Record<string, string>) {
  // Docker deployments have no outputs.json (install writes compose files, applies nothing).
  const d = await writeDeployment(cloud, cloud === 'docker' ? undefined : outputs);
  const config = { ...testConfig(cloud), brainstore: { readers: { count: 1, instanceType: cloud === 'gcp' ? 'n2-standard-8' : 'c8gd.xlarge' }, writers: { count: 1, instanceType: cloud === 'gcp' ? 'n2-standard-8' : 'c8gd.xlarge' } } };
  if (cloud === 'docker') delete (config as Record<string, unknown>).brainstore;
  await writeFile(d.configPath, JSON.stringify(cloud === 'docker' ? testConfig('docker') : config, null, 2));
  return d;
}

const AWS_OUTPUTS = { region: 'us-east-1', brainstore_reader_asg: 'bt-test-brainstore-reader-2026', brainstore_writer_asg: 'bt-test-brainstore-writer-2026' };
const awsFixture: OpsFixture = {
  aws: {
    logGroups: {
      '/braintrust/bt-test/bt-test-APIHandler': [
        { timestamp: T - 120 * min, logStreamName: '2026/01/31/[$LATEST]0123456789abcdef', message: 'START old request outside the window\n' },
        { timestamp: T - 50 * min, logStreamName: '2026/01/31/[12]0123456789abcdef', message: 'GET /v1/health 200 3ms\n' },
        { timestamp: T - 10 * min, logStreamName: '2026/01/31/[12]fedcba9876543210', message: SECRET_LINE + '\n' },
        { timestamp: T + 1 * min, logStreamName: '2026/01/31/[12]fedcba9876543210', message: 'later line from the API\n', later: true },
      ],
      '/braintrust/bt-test/bt-test-AIProxy': [
        { timestamp: T - 20 * min, logStreamName: '2026/01/31/[7]aaaabbbbccccdddd', message: 'proxy ERROR upstream 502' },
      ],
      '/braintrust/bt-test/brainstore-reader': [
        { timestamp: T - 40 * min, logStreamName: 'i-0reader00000000001', message: 'INFO reader: query took 12ms' },
        { timestamp: T - 5 * min, logStreamName: 'i-0reader00000000001', message: 'ERROR reader: segment fetch timed out' },
      ],
      '/braintrust/bt-test/brainstore-writer': [
        { timestamp: T - 30 * min, logStreamName: 'i-0writer00000000001', message: 'INFO writer: compacted 3 segments' },
      ],
    },
  },
};

function shownLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\d{4}-/.test(l));
}

describe('braintrust logs on AWS (CloudWatch filter-log-events)', () => {
  it('merges Lambda and Brainstore groups in time order with a service/instance prefix, redacted', async () => {
    const f = await fakes(awsFixture);
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env({ BRAINTRUST_DEBUG_TOKEN: PLANTED }), now: NOW }, {});
    assert.equal(r.code, 0, r.stderr);
    const lines = shownLines(r.stdout);
    assert.deepEqual(lines.map((l) => l.slice(0, 24)), [T - 50 * min, T - 40 * min, T - 30 * min, T - 20 * min, T - 10 * min, T - 5 * min].map((t) => new Date(t).toISOString()));
    assert.match(lines[0], /^\S+ api\/APIHandler\/01234567  GET \/v1\/health 200 3ms$/);
    assert.match(lines[1], /^\S+ brainstore-reader\/i-0reader00000000001  INFO reader/);
    assert.match(lines[2], /^\S+ brainstore-writer\/i-0writer00000000001  INFO writer/);
    assert.match(lines[3], /^\S+ api\/AIProxy\/aaaabbbb  proxy ERROR/);
    // The planted secrets are gone, the shape of the line stays.
    assert.ok(!r.stdout.includes('hunter2hunter2') && !r.stdout.includes(PLANTED) && !r.stdout.includes('abcdefghijklmnopqrstuv'), lines[4]);
    assert.match(lines[4], /db connect failed: postgres:\/\/braintrust:\*\*\*@db\.internal/);
    assert.ok(!r.stdout.includes('outside the window'));
    // The missing migration log group is a warning, not a failure.
    assert.deepEqual(dataOf(r, 'ops.logs.source-warning'), [{ kind: 'group-missing', group: '/braintrust/bt-test/bt-test-MigrateDatabaseFunction' }]);
    assert.match(r.stderr, /^warning: log group \/braintrust\/bt-test\/bt-test-MigrateDatabaseFunction does not exist/m);
    const [shown] = dataOf(r, 'ops.logs.lines');
    assert.deepEqual([shown.target, shown.services, shown.since], ['aws', ['api', 'brainstore'], T - 60 * min]);
    assert.deepEqual(shown.lines.map((l) => `${l.service}/${l.instance}`).slice(0, 4), ['api/APIHandler/01234567', 'brainstore-reader/i-0reader00000000001', 'brainstore-writer/i-0writer00000000001', 'api/AIProxy/aaaabbbb']);
    assert.deepEqual(dataOf(r, 'ops.logs.none'), []);
    const calls = await f.calls('aws');
    const filter = calls.filter((c) => c.argv[1] === 'filter-log-events');
    assert.equal(filter.length, 5);
    for (const c of filter) {
      assert.equal(c.argv[c.argv.indexOf('--start-time') + 1], String(T - 60 * min));
      assert.equal(c.argv[c.argv.indexOf('--region') + 1], 'us-east-1');
    }
  });

  it('--since 30m --service brainstore reads only the Brainstore groups from 30 minutes ago', async () => {
    const f = await fakes(awsFixture);
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, { service: 'brainstore', since: '30m' });
    assert.equal(r.code, 0, r.stderr);
    const lines = shownLines(r.stdout);
    assert.equal(lines.length, 2);
    const [shown] = dataOf(r, 'ops.logs.lines');
    assert.deepEqual([shown.services, shown.since, shown.lines.map((l) => l.service)], [['brainstore'], T - 30 * min, ['brainstore-writer', 'brainstore-reader']]);
    assert.match(lines[0], /brainstore-writer\/i-0writer00000000001  INFO writer/);
    assert.match(lines[1], /brainstore-reader\/i-0reader00000000001  ERROR reader/);
    const groups = (await f.calls('aws')).map((c) => c.argv[c.argv.indexOf('--log-group-name') + 1]).sort();
    assert.deepEqual(groups, ['/braintrust/bt-test/brainstore-reader', '/braintrust/bt-test/brainstore-writer']);
    for (const c of await f.calls('aws')) assert.equal(c.argv[c.argv.indexOf('--start-time') + 1], String(T - 30 * min));
  });

  it('--grep passes a filter pattern and keeps only matching lines; --json is one document', async () => {
    const f = await fakes(awsFixture);
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true }, { grep: 'ERROR' });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { ok: boolean; lines: { time: string; service: string; instance: string; message: string }[] };
    assert.equal(doc.ok, true);
    assert.deepEqual(doc.lines.map((l) => l.service), ['api', 'brainstore-reader']);
    assert.equal(doc.lines[1].message, 'ERROR reader: segment fetch timed out');
    assert.deepEqual(dataOf(r, 'ops.logs.lines')[0].lines.map((l) => l.message), doc.lines.map((l) => l.message));
    const c = (await f.calls('aws')).find((x) => x.argv.includes('--filter-pattern'));
    assert.equal(c?.argv[c.argv.indexOf('--filter-pattern') + 1], '"ERROR"');
  });

  it('--follow polls for new events without repeating old ones, until Ctrl-C (exit 0)', async () => {
    const f = await fakes(awsFixture);
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(logs, {
      cwd: d.dir, config: d.configPath, env: f.env({ [POLL_ENV]: '5' }), now: NOW,
      interruptWhen: (out) => out.includes('later line from the API'),
    }, { follow: true, service: 'api', since: '1h' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Stopped following logs/);
    assert.deepEqual(dataOf(r, 'ops.logs.following'), [{ services: ['api'], since: T - 60 * min }]);
    assert.equal(r.messages.at(-1)?.code, 'ops.logs.stopped');
    assert.equal(dataOf(r, 'ops.logs.line').filter((l) => l.message.includes('GET /v1/health')).length, 1);
    const lines = shownLines(r.stdout);
    assert.equal(lines.filter((l) => l.includes('GET /v1/health')).length, 1, 'each event once');
    assert.match(lines[lines.length - 1], /later line from the API/);
    assert.ok((await f.calls('aws')).filter((c) => c.argv[1] === 'filter-log-events').length >= 4, 'polled more than once');
  });

  it('exit 3 with the install hint when aws is not on PATH', async () => {
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: { PATH: '/nonexistent' }, now: NOW }, {});
    assert.equal(r.code, 3);
    assert.match(r.stderr, /aws is not installed/);
    assert.match(r.stderr, /Install the AWS CLI/);
  });

  it('a bad --since or --service is a usage error', async () => {
    const d = await deployment('aws', AWS_OUTPUTS);
    const since = await runOps(logs, { cwd: d.dir, config: d.configPath, env: {}, now: NOW }, { since: 'yesterday' });
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since "yesterday" is not a duration/);
    const svc = await runOps(logs, { cwd: d.dir, config: d.configPath, env: {}, now: NOW }, { service: 'redis' });
    assert.equal(svc.code, 2);
    assert.match(svc.stderr, /Use one of: api, brainstore, brainstore-reader, brainstore-writer, all/);
  });
});

const POD = (name: string, app: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, labels: { app } },
  spec: { nodeName: 'gke-bt-test-pool-1', containers: [{ name: app === 'braintrust-api' ? 'api' : app, image: `public.ecr.aws/braintrust/${app === 'braintrust-api' ? 'standalone-api' : 'brainstore'}:v1.0.0` }] },
  status: { phase: 'Running', startTime: '2026-01-30T12:00:00Z', containerStatuses: [{ name: app === 'braintrust-api' ? 'api' : app, ready: true, restartCount: 0, image: `public.ecr.aws/braintrust/${app === 'braintrust-api' ? 'standalone-api' : 'brainstore'}:v1.0.0` }] },
  ...extra,
});
const GCP_OUTPUTS = { region: 'us-central1', namespace: 'braintrust', kube_context: 'gke_acme_us-central1_bt-test' };
const kubeFixture: OpsFixture = {
  kube: {
    pods: [POD('braintrust-api-6c9f7-abcde', 'braintrust-api'), POD('brainstore-reader-7d4b9-fghij', 'brainstore-reader'), POD('brainstore-writer-5f6a1-klmno', 'brainstore-writer')],
    logs: {
      'braintrust-api-6c9f7-abcde': [`${iso(T - 90 * min)} too old`, `${iso(T - 30 * min)} api started on :8000`, `${iso(T - 2 * min)} ${SECRET_LINE}`],
      'brainstore-reader-7d4b9-fghij': [`${iso(T - 45 * min)} reader ready`, `${iso(T - 2 * min, '000000001')} reader query`],
      'brainstore-writer-5f6a1-klmno': [`${iso(T - 31 * min)} writer ready`],
    },
  },
};

describe('braintrust logs on GCP/Azure (kubectl logs --timestamps)', () => {
  it('merges the pods\' lines in time order, from --since, in the namespace and context of the outputs', async () => {
    const f = await fakes(kubeFixture);
    const d = await deployment('gcp', GCP_OUTPUTS);
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env({ BRAINTRUST_PG_PASSWORD: 'hunter2hunter2' }), now: NOW }, {});
    assert.equal(r.code, 0, r.stderr);
    const lines = shownLines(r.stdout);
    assert.deepEqual(lines.map((l) => l.split('  ')[0].split(' ')[1]), [
      'brainstore-reader/brainstore-reader-7d4b9-fghij', 'brainstore-writer/brainstore-writer-5f6a1-klmno', 'api/braintrust-api-6c9f7-abcde',
      'api/braintrust-api-6c9f7-abcde', 'brainstore-reader/brainstore-reader-7d4b9-fghij',
    ]);
    assert.ok(!r.stdout.includes('hunter2hunter2') && !r.stdout.includes(PLANTED));
    assert.ok(!r.stdout.includes('too old'));
    const logCalls = (await f.calls('kubectl')).filter((c) => c.argv.includes('logs'));
    assert.equal(logCalls.length, 3);
    for (const c of logCalls) {
      assert.deepEqual(c.argv.slice(0, 4), ['--context', 'gke_acme_us-central1_bt-test', '-n', 'braintrust']);
      assert.ok(c.argv.includes('--timestamps'));
      assert.ok(c.argv.includes(`--since-time=${new Date(T - 60 * min).toISOString()}`));
    }
  });

  it('--follow streams every pod until Ctrl-C, then stops each kubectl logs -f', async () => {
    const f = await fakes(kubeFixture);
    const d = await deployment('gcp', GCP_OUTPUTS);
    const r = await runOps(logs, {
      cwd: d.dir, config: d.configPath, env: f.env(), now: NOW,
      interruptWhen: (out) => out.includes('reader query') && out.includes('writer ready') && out.includes('api started'),
    }, { follow: true, since: '1h' });
    assert.equal(r.code, 0, r.stderr);
    const calls = await f.calls('kubectl');
    const followers = calls.filter((c) => c.event === 'follow');
    assert.equal(followers.length, 3);
    for (const p of followers) {
      assert.ok(calls.some((c) => c.event === 'stopped' && c.pid === p.pid), `kubectl logs -f ${p.pid} was stopped`);
      assert.equal(isRunning(p.pid), false);
    }
  });
});

const dockerFixture: OpsFixture = {
  docker: {
    logs: [
      `api-1         | ${iso(T - 20 * min)} api listening on 8000`,
      `brainstore-1  | ${iso(T - 25 * min)} brainstore ready`,
      `api-1         | ${iso(T - 3 * min)} ${SECRET_LINE}`,
      `brainstore-1  | ${iso(T - 90 * min)} ancient`,
    ],
  },
};

describe('braintrust logs on docker (docker compose logs --timestamps)', () => {
  it('merges the compose services in time order for the deployment\'s project', async () => {
    const f = await fakes(dockerFixture);
    const d = await deployment('docker', {});
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {});
    assert.equal(r.code, 0, r.stderr);
    const lines = shownLines(r.stdout);
    assert.equal(lines.length, 3);
    assert.match(lines[0], /brainstore\/brainstore-1  brainstore ready$/);
    assert.match(lines[1], /api\/api-1  api listening on 8000$/);
    assert.ok(!r.stdout.includes('hunter2hunter2') && !r.stdout.includes(PLANTED));
    const [call] = await f.calls('docker');
    assert.deepEqual(call.argv.slice(0, 4), ['compose', '-p', 'bt-test', 'logs']);
    assert.ok(call.argv.includes('--timestamps') && call.argv.includes(new Date(T - 60 * min).toISOString()));
  });

  it('no matching line: nothing on stdout and an ops.logs.none message naming the window and --grep', async () => {
    const f = await fakes(dockerFixture);
    const d = await deployment('docker', {});
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, { grep: 'no such text' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(dataOf(r, 'ops.logs.lines')[0].lines, []);
    assert.deepEqual(dataOf(r, 'ops.logs.none'), [{ services: ['api', 'brainstore'], since: T - 60 * min, grep: 'no such text' }]);
    assert.match(r.stderr, new RegExp(`^No log lines for api, brainstore since ${new Date(T - 60 * min).toISOString()} matching "no such text"\\.$`, 'm'));
  });

  it('--follow stops docker compose logs -f on Ctrl-C', async () => {
    const f = await fakes(dockerFixture);
    const d = await deployment('docker', {});
    const r = await runOps(logs, {
      cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true,
      interruptWhen: (out) => out.split('\n').filter(Boolean).length >= 3,
    }, { follow: true, since: '1h' });
    assert.equal(r.code, 0, r.stderr);
    // --json with --follow: one JSON line per log line.
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { service: string });
    assert.ok(docs.length >= 3 && docs.every((x) => x.service === 'api' || x.service === 'brainstore'));
    assert.equal(dataOf(r, 'ops.logs.line').length, docs.length);
    const calls = await f.calls('docker');
    const follower = calls.find((c) => c.event === 'follow');
    assert.ok(follower && calls.some((c) => c.event === 'stopped' && c.pid === follower.pid));
  });
});

describe('logs: deployment state and the doctor check', () => {
  it('a cloud deployment without outputs is exit 3 (not installed yet)', async () => {
    const f = await fakes(awsFixture);
    const d = await writeDeployment('aws');
    const r = await runOps(logs, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {});
    assert.equal(r.code, 3);
    assert.match(r.stderr, /No deployment outputs/);
  });

  it('doctor logs: pass when the log store answers, warn on a missing log group', async () => {
    const { logsCheck } = await import('../../src/doctor/checks/logs.js');
    const { loadDoctorContext } = await import('../../src/doctor/context.js');
    const { Output } = await import('../../src/ui/output.js');
    const { Io } = await import('../../src/ui/io.js');
    const ctxFor = (dir: string, config: string, env: NodeJS.ProcessEnv) => ({
      io: new Io(new Output({ json: true, color: false, interactive: false, verbose: false })),
      prompt: undefined as never, globals: { config, json: true, yes: false, nonInteractive: true, color: false, verbose: false },
      cwd: dir, env, clock: () => NOW, signal: new AbortController().signal,
    });
    const live = { via: 'auto' as const };
    const df = await fakes(dockerFixture);
    const dd = await deployment('docker', {});
    const docker = await logsCheck.run(await loadDoctorContext(ctxFor(dd.dir, dd.configPath, df.env()), live, 10_000), new AbortController().signal);
    assert.equal(docker.status, 'pass', docker.detail);
    assert.match(docker.detail, /docker compose logs reachable: 1 line in the last 15 min/);
    const af = await fakes(awsFixture);
    const ad = await deployment('aws', AWS_OUTPUTS);
    const aws = await logsCheck.run(await loadDoctorContext(ctxFor(ad.dir, ad.configPath, af.env()), live, 10_000), new AbortController().signal);
    assert.equal(aws.status, 'warn');
    assert.match(aws.detail, /CloudWatch Logs: log group \/braintrust\/bt-test\/bt-test-MigrateDatabaseFunction does not exist/);
  });
});
