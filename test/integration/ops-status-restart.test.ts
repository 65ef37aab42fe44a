// braintrust status, restart and connect shell against fake aws, kubectl and docker: the
// tables and their warnings (cache disk over 85%, a version other than the config's),
// restart confirmation (--yes, a prompt, headless refusal) and its audit line, and shells
// audited with --max-duration teardown.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as status } from '../../src/commands/status.js';
import { run as restart } from '../../src/commands/restart.js';
import { run as shellWithoutDefaults } from '../../src/commands/connect-shell.js';
import { isRunning } from '../helpers/fake-cloud-cli.js';
import { fakeOpsCliFactory, type OpsFixture } from '../helpers/fake-ops-cli.js';
import { testConfig, writeDeployment } from '../helpers/connect-harness.js';
import { runOps } from '../helpers/ops-harness.js';
import { dataOf } from '../helpers/io-capture.js';
import { connectShellCommand } from '../../src/commands/connect-shell.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const shell = withDefaults(connectShellCommand, shellWithoutDefaults);

const NOW = new Date('2026-01-31T12:00:00.000Z');
const fakes = fakeOpsCliFactory(after);

async function deployment(cloud: 'aws' | 'gcp' | 'docker', outputs: Record<string, string>) {
  // Docker deployments have no outputs.json (install writes compose files, applies nothing).
  const d = await writeDeployment(cloud, cloud === 'docker' ? undefined : outputs);
  if (cloud !== 'docker') {
    const type = cloud === 'gcp' ? 'n2-standard-8' : 'c8gd.xlarge';
    await writeFile(d.configPath, JSON.stringify({ ...testConfig(cloud), brainstore: { readers: { count: 2, instanceType: type }, writers: { count: 1, instanceType: type } } }, null, 2));
  }
  return d;
}

const AWS_OUTPUTS = { region: 'us-east-1', brainstore_reader_asg: 'bt-test-brainstore-reader-2026', brainstore_writer_asg: 'bt-test-brainstore-writer-2026' };
const instance = (id: string, state = 'InService', health = 'Healthy') => ({ InstanceId: id, LifecycleState: state, HealthStatus: health, LaunchTemplate: { Version: '3' }, AvailabilityZone: 'us-east-1a' });
const awsFixture = (extra: Partial<NonNullable<OpsFixture['aws']>> = {}): OpsFixture => ({
  aws: {
    asgs: [
      { AutoScalingGroupName: 'bt-test-brainstore-reader-2026', DesiredCapacity: 2, MinSize: 2, MaxSize: 4, Instances: [instance('i-0reader1'), instance('i-0reader2', 'InService', 'Unhealthy')] },
      { AutoScalingGroupName: 'bt-test-brainstore-writer-2026', DesiredCapacity: 1, MinSize: 1, MaxSize: 2, Instances: [instance('i-0writer1')] },
    ],
    instances: [
      { InstanceId: 'i-0reader1', LaunchTime: '2026-01-29T12:00:00+00:00' },
      { InstanceId: 'i-0reader2', LaunchTime: '2026-01-31T11:30:00+00:00' },
      { InstanceId: 'i-0writer1', LaunchTime: '2026-01-30T10:00:00+00:00' },
    ],
    metrics: [{ Id: 'cpu0', Values: [37.5] }, { Id: 'in0', Values: [375_000_000] }, { Id: 'out0', Values: [75_000_000] }, { Id: 'cpu2', Values: [81.25] }],
    lambdas: {
      'bt-test-APIHandler': { Version: '12', State: 'Active', LastModified: '2026-01-30T12:00:00.000+0000' },
      'bt-test-AIProxy': { Version: '9', State: 'Active', LastModified: '2026-01-30T12:00:00.000+0000' },
    },
    ...extra,
  },
});

describe('braintrust status', () => {
  it('AWS: ASG desired vs running, unhealthy instances, Lambda live versions and CloudWatch CPU/network', async () => {
    const f = await fakes(awsFixture({ refreshes: { 'bt-test-brainstore-writer-2026': { Status: 'InProgress', PercentageComplete: 40 } } }));
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^brainstore-writer\s+1\s+1\s+template v3\s+ok, instance refresh InProgress 40%/m);
    assert.match(r.stdout, /^api \(APIHandler\)\s+-\s+1\s+lambda live=12\s+ok\s+-\s+1d0h$/m);
    assert.match(r.stdout, /^brainstore-reader\s+2\s+2\s+template v3\s+1 unhealthy\s+-\s+2d0h$/m);
    assert.match(r.stdout, /^brainstore-reader\s+i-0reader1\s+37\.5%\s+-\s+-\s+10\.0 Mb\/s in \/ 2\.0 Mb\/s out$/m);
    assert.match(r.stdout, /^brainstore-writer\s+i-0writer1\s+81\.3%/m);
    // The same facts as the message the tables render from.
    const [st] = dataOf(r, 'ops.status');
    assert.equal(st.target, 'aws');
    assert.equal(st.services.find((s) => s.service === 'brainstore-writer')?.health, 'ok, instance refresh InProgress 40%');
    assert.deepEqual(st.hosts.find((h) => h.instance === 'i-0reader1'), { service: 'brainstore-reader', instance: 'i-0reader1', cpuPercent: 37.5, memoryPercent: undefined, diskPercent: undefined, network: '10.0 Mb/s in / 2.0 Mb/s out' });
    assert.equal(st.now, NOW);
    const metrics = (await f.calls('aws')).find((c) => c.argv[1] === 'get-metric-data')!;
    const queries = JSON.parse(metrics.argv[metrics.argv.indexOf('--metric-data-queries') + 1]) as { MetricStat: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }[];
    assert.deepEqual([...new Set(queries.map((q) => q.MetricStat.Metric.MetricName))].sort(), ['CPUUtilization', 'NetworkIn', 'NetworkOut', 'disk_used_percent', 'mem_used_percent']);
    assert.equal(metrics.argv[metrics.argv.indexOf('--end-time') + 1], NOW.toISOString());
  });

  it('AWS: memory and cache disk from the CloudWatch agent (CWAgent), a cache disk over 85% is a warning', async () => {
    type Series = NonNullable<NonNullable<OpsFixture['aws']>['agentMetrics']>;
    const agent = (asg: string, id: string, memPct: number, cachePct: number, rootPct: number): Series => [
      { MetricName: 'mem_used_percent', Dimensions: { AutoScalingGroupName: asg, InstanceId: id }, Values: [memPct, 20] },
      { MetricName: 'disk_used_percent', Dimensions: { AutoScalingGroupName: asg, InstanceId: id, path: '/mnt/tmp/brainstore', fstype: 'ext4' }, Values: [cachePct, 50] },
      { MetricName: 'disk_used_percent', Dimensions: { AutoScalingGroupName: asg, InstanceId: id, path: '/', fstype: 'ext4' }, Values: [rootPct] },
    ];
    const f = await fakes(awsFixture({
      agentMetrics: [
        ...agent('bt-test-brainstore-reader-2026', 'i-0reader1', 62.4, 91.26, 12),
        ...agent('bt-test-brainstore-reader-2026', 'i-0reader2', 40, 30, 97),
        ...agent('bt-test-brainstore-writer-2026', 'i-0writer1', 71.04, 55.5, 10),
      ],
    }));
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^brainstore-reader\s+i-0reader1\s+37\.5%\s+62\.4%\s+91\.3%\s+10\.0 Mb\/s in/m);
    assert.match(r.stdout, /^brainstore-reader\s+i-0reader2\s+-\s+40%\s+30%\s+-$/m);
    assert.match(r.stdout, /^brainstore-writer\s+i-0writer1\s+81\.3%\s+71%\s+55\.5%/m);
    // Only the cache volume counts (i-0reader2's root volume at 97% is not the cache disk).
    assert.deepEqual(dataOf(r, 'ops.status.warning'), [{ kind: 'cache-disk', service: 'brainstore-reader', instance: 'i-0reader1', percent: 91.3, limit: 85 }]);
    assert.match(r.stderr, /^warning: brainstore-reader i-0reader1: cache disk 91\.3% full \(over 85%\): add nodes/m);
    assert.deepEqual(dataOf(r, 'ops.status.note'), []);

    const json = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true }, {});
    const doc = JSON.parse(json.stdout) as { hosts: { instance: string; memoryPercent?: number; diskPercent?: number }[]; warnings: string[] };
    assert.deepEqual(doc.hosts.map((h) => [h.instance, h.memoryPercent, h.diskPercent]), [['i-0reader1', 62.4, 91.3], ['i-0reader2', 40, 30], ['i-0writer1', 71, 55.5]]);
    assert.equal(doc.warnings.filter((w) => /cache disk/.test(w)).length, 1);
  });

  it('AWS: nodes without the agent show no memory or disk, with a note on how to get them', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true }, {});
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { hosts: { memoryPercent?: number; diskPercent?: number }[]; notes: string[] };
    assert.ok(doc.hosts.every((h) => h.memoryPercent === undefined && h.diskPercent === undefined));
    assert.ok(doc.notes.some((n) => /No memory or cache-disk figures .*CWAgent.*braintrust restart brainstore/.test(n)), doc.notes.join('\n'));
    assert.deepEqual(dataOf(r, 'ops.status.note').map((n) => n.note), doc.notes);
  });

  it('AWS: warns when the last apply deployed another version than the config says', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    await appendFile(join(d.stateDir, 'history.jsonl'), JSON.stringify({ time: '2026-01-30T00:00:00Z', version: 'v0.9.0', configSha256: 'x', action: 'install', result: 'success', durationMs: 1 }) + '\n');
    const r = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true }, {});
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { warnings: string[] };
    assert.equal(doc.warnings.length, 1);
    assert.match(doc.warnings[0], /last successful apply deployed v0\.9\.0 but the config says v1\.0\.0/);
    assert.deepEqual(dataOf(r, 'ops.status.warning'), [{ kind: 'last-apply', deployed: 'v0.9.0', want: 'v1.0.0' }]);
  });

  it('Kubernetes: pods, kubectl top, cache disk over 85% and an image other than the config\'s are warnings (--json)', async () => {
    const pod = (name: string, app: string, tag: string, restarts = 0) => ({
      metadata: { name, labels: { app } },
      spec: { nodeName: `node-${name.slice(-1)}`, containers: [{ name: app === 'braintrust-api' ? 'api' : app }] },
      status: { phase: 'Running', startTime: '2026-01-31T10:00:00Z', containerStatuses: [{ name: app === 'braintrust-api' ? 'api' : app, ready: true, restartCount: restarts, image: `public.ecr.aws/braintrust/x:${tag}` }] },
    });
    const dep = (name: string, replicas: number, ready: number) => ({ metadata: { name }, spec: { replicas }, status: { readyReplicas: ready } });
    const df = (pct: number) => `Filesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/nvme1n1    366293640 ${Math.round(366293640 * pct / 100)} 1000 ${pct}% /mnt/tmp/brainstore\n`;
    const f = await fakes({
      kube: {
        deployments: [dep('braintrust-api', 1, 1), dep('brainstore-reader', 2, 1), dep('brainstore-writer', 1, 1)],
        pods: [pod('braintrust-api-1-a', 'braintrust-api', 'v1.0.0'), pod('brainstore-reader-1-b', 'brainstore-reader', 'v1.0.0', 3), pod('brainstore-reader-1-c', 'brainstore-reader', 'v0.9.0'), pod('brainstore-writer-1-d', 'brainstore-writer', 'v1.0.0')],
        topNodes: 'node-a   250m   6%    1024Mi   4%\nnode-b   3900m  97%   30000Mi  91%\nnode-c   100m   2%    900Mi    3%\nnode-d   800m   20%   2000Mi   7%\n',
        df: { 'brainstore-reader-1-b': df(91), 'brainstore-reader-1-c': df(40), 'brainstore-writer-1-d': df(12) },
      },
    });
    const d = await deployment('gcp', { region: 'us-central1', namespace: 'braintrust' });
    const r = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true }, {});
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { target: string; services: any[]; hosts: any[]; warnings: string[] };
    assert.equal(doc.target, 'kubernetes');
    const reader = doc.services.find((s) => s.service === 'brainstore-reader');
    assert.deepEqual({ desired: reader.desired, running: reader.running, restarts: reader.restarts, health: reader.health }, { desired: 2, running: 1, restarts: 3, health: '1 not ready' });
    assert.deepEqual(reader.versions.sort(), ['v0.9.0', 'v1.0.0']);
    const b = doc.hosts.find((h) => h.instance.startsWith('brainstore-reader-1-b'));
    assert.deepEqual({ cpu: b.cpuPercent, mem: b.memoryPercent, disk: b.diskPercent }, { cpu: 97, mem: 91, disk: 91 });
    assert.equal(doc.warnings.length, 2);
    assert.match(doc.warnings.find((w) => /cache disk/.test(w))!, /brainstore-reader brainstore-reader-1-b @node-b: cache disk 91% full \(over 85%\)/);
    assert.match(doc.warnings.find((w) => /runs/.test(w))!, /brainstore-reader runs v0\.9\.0 but the config says v1\.0\.0/);
    assert.deepEqual(dataOf(r, 'ops.status.warning'), [
      { kind: 'cache-disk', service: 'brainstore-reader', instance: 'brainstore-reader-1-b @node-b', percent: 91, limit: 85 },
      { kind: 'version', service: 'brainstore-reader', running: ['v0.9.0'], want: 'v1.0.0' },
    ]);
  });

  it('docker: compose ps and docker stats --format json', async () => {
    const f = await fakes({
      docker: {
        ps: [
          { Name: 'bt-test-api-1', Service: 'api', State: 'running', Health: 'healthy', Image: 'public.ecr.aws/braintrust/standalone-api:v1.0.0', CreatedAt: '2026-01-31 09:00:00 +0000 UTC' },
          { Name: 'bt-test-brainstore-1', Service: 'brainstore', State: 'running', Health: '', Image: 'public.ecr.aws/braintrust/brainstore:v1.0.0', CreatedAt: '2026-01-31 09:00:00 +0000 UTC' },
          { Name: 'bt-test-postgres-1', Service: 'postgres', State: 'running', Health: 'healthy', Image: 'postgres:15', CreatedAt: '2026-01-31 09:00:00 +0000 UTC' },
        ],
        stats: [
          { BlockIO: '0B / 0B', CPUPerc: '1.25%', Container: 'aaa', ID: 'aaa', MemPerc: '12.50%', MemUsage: '256MiB / 2GiB', Name: 'bt-test-api-1', NetIO: '1.2MB / 800kB', PIDs: '11' },
          { BlockIO: '0B / 0B', CPUPerc: '55.00%', Container: 'bbb', ID: 'bbb', MemPerc: '40.00%', MemUsage: '3GiB / 7.5GiB', Name: 'bt-test-brainstore-1', NetIO: '5MB / 2MB', PIDs: '40' },
        ],
        restarts: { 'bt-test-brainstore-1': 2 },
        df: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 100000 50000 50000 50% /mnt/tmp/brainstore\n',
      },
    });
    const d = await deployment('docker', {});
    const r = await runOps(status, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^api\s+1\s+1\s+v1\.0\.0\s+ok\s+0\s+3h0m$/m);
    assert.match(r.stdout, /^brainstore\s+1\s+1\s+v1\.0\.0\s+ok\s+2\s+3h0m$/m);
    assert.match(r.stdout, /^brainstore\s+bt-test-brainstore-1\s+55%\s+40%\s+50%\s+5MB \/ 2MB$/m);
    assert.ok(!/postgres/.test(r.stdout));
    assert.deepEqual(dataOf(r, 'ops.status.warning'), []);
    assert.ok(!/warning/.test(r.stderr), r.stderr);
    const stats = (await f.calls('docker')).find((c) => c.argv[0] === 'stats')!;
    assert.deepEqual(stats.argv, ['stats', '--no-stream', '--format', 'json', 'bt-test-api-1', 'bt-test-brainstore-1']);
  });
});

describe('braintrust restart', () => {
  it('AWS Brainstore: confirms, starts a rolling instance refresh (min healthy 100%) per ASG, and audits it', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, confirm: true }, {}, ['brainstore']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.asked.length, 1);
    assert.match(r.asked[0], /Restart brainstore on bt-test: rolling instance refresh of bt-test-brainstore-reader-2026, bt-test-brainstore-writer-2026/);
    const refreshes = (await f.calls('aws')).filter((c) => c.argv[1] === 'start-instance-refresh');
    assert.deepEqual(refreshes.map((c) => c.argv[c.argv.indexOf('--auto-scaling-group-name') + 1]), ['bt-test-brainstore-reader-2026', 'bt-test-brainstore-writer-2026']);
    const prefs = JSON.parse(refreshes[0].argv[refreshes[0].argv.indexOf('--preferences') + 1]) as { MinHealthyPercentage: number };
    assert.equal(prefs.MinHealthyPercentage, 100);
    const [entry] = await d.audit();
    assert.deepEqual(
      { target: entry.target, via: entry.via, access: entry.access, session: entry.session, outcome: entry.outcome, identity: entry.identity },
      { target: 'restart:brainstore', via: 'asg-instance-refresh', access: 'write', session: 'one-shot', outcome: 'ok', identity: 'arn:aws:iam::123456789012:user/oncall' },
    );
    assert.equal(entry.statement, 'restart bt-test-brainstore-reader-2026 bt-test-brainstore-writer-2026');
    const [result] = dataOf(r, 'ops.restart.result');
    assert.deepEqual({ ...result, message: undefined }, {
      service: 'brainstore', restarted: true, via: 'asg-instance-refresh', targets: ['bt-test-brainstore-reader-2026', 'bt-test-brainstore-writer-2026'], message: undefined,
    });
    assert.deepEqual(dataOf(r, 'ops.restart.done'), [{ service: 'brainstore', message: result.message }]);
  });

  it('needs --yes without a terminal, and a "no" restarts nothing (neither is audited)', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    const headless = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {}, ['brainstore-reader']);
    assert.equal(headless.code, 2);
    assert.match(headless.stderr, /--yes/);
    const declined = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, confirm: false }, {}, ['brainstore-reader']);
    assert.equal(declined.code, 130);
    assert.equal((await f.calls('aws')).filter((c) => c.argv[1] === 'start-instance-refresh').length, 0);
    assert.deepEqual(await d.audit(), []);
    assert.deepEqual(dataOf(declined, 'ops.restart.result'), []);
  });

  it('AWS: a refresh already running fails (exit 1) and is audited as an error', async () => {
    const f = await fakes(awsFixture({ refreshInProgress: true }));
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, yes: true }, {}, ['brainstore-writer']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /An instance refresh of bt-test-brainstore-writer-2026 is already running/);
    const [entry] = await d.audit();
    assert.equal(entry.outcome, 'error');
  });

  it('AWS API on Lambda: explains there is nothing to restart and runs nothing', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, json: true }, {}, ['api']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { restarted: boolean; reason: string };
    assert.equal(doc.restarted, false);
    assert.match(doc.reason, /runs on AWS Lambda: there is nothing to restart/);
    assert.deepEqual(dataOf(r, 'ops.restart.result'), [{ service: 'api', restarted: false, reason: doc.reason }]);
    assert.deepEqual(dataOf(r, 'ops.restart.noop'), [{ service: 'api', reason: doc.reason }]);
    assert.deepEqual(await f.calls('aws'), []);
  });

  it('AWS API on ECS (when the outputs name a service): force new deployment, then wait until stable', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', { ...AWS_OUTPUTS, ecs_cluster: 'bt-test', ecs_service: 'bt-test-api' });
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, yes: true }, {}, ['api']);
    assert.equal(r.code, 0, r.stderr);
    const ecs = (await f.calls('aws')).filter((c) => c.argv[0] === 'ecs').map((c) => c.argv.slice(0, 7).join(' ').replace(' --force-new-deployment', ''));
    assert.deepEqual(ecs, ['ecs update-service --cluster bt-test --service bt-test-api', 'ecs wait services-stable --cluster bt-test --services bt-test-api']);
    assert.ok((await f.calls('aws')).find((c) => c.argv[1] === 'update-service')!.argv.includes('--force-new-deployment'));
  });

  it('Kubernetes: rollout restart then rollout status of both Brainstore deployments, audited', async () => {
    const f = await fakes({});
    const d = await deployment('gcp', { region: 'us-central1', namespace: 'braintrust', kube_context: 'gke_p_r_c' });
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, yes: true }, {}, ['brainstore']);
    assert.equal(r.code, 0, r.stderr);
    const rollouts = (await f.calls('kubectl')).map((c) => c.argv.slice(4).join(' '));
    assert.deepEqual(rollouts, [
      'rollout restart deployment/brainstore-reader', 'rollout restart deployment/brainstore-writer',
      'rollout status deployment/brainstore-reader --timeout=20m', 'rollout status deployment/brainstore-writer --timeout=20m',
    ]);
    assert.ok(dataOf(r, 'ops.restart.progress').some((p) => /deployment "brainstore-writer" successfully rolled out/.test(p.line)));
    assert.match(r.stderr, /deployment "brainstore-writer" successfully rolled out/);
    const [entry] = await d.audit();
    assert.deepEqual([entry.target, entry.via, entry.outcome], ['restart:brainstore', 'kubectl', 'ok']);
  });

  it('docker: docker compose restart of the service', async () => {
    const f = await fakes({});
    const d = await deployment('docker', {});
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW, yes: true }, {}, ['api']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await f.calls('docker')).map((c) => c.argv), [['compose', '-p', 'bt-test', 'restart', 'api']]);
    assert.equal((await d.audit())[0].target, 'restart:api');
  });

  it('an unknown service is a usage error', async () => {
    const d = await deployment('docker', {});
    const r = await runOps(restart, { cwd: d.dir, config: d.configPath, env: {}, now: NOW, yes: true }, {}, ['postgres']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SERVICE "postgres" is not a service/);
  });
});

describe('braintrust connect shell', () => {
  it('docker: docker compose exec into the service, audited as an interactive session', async () => {
    const f = await fakes({ docker: { ps: [{ Name: 'bt-test-brainstore-1', Service: 'brainstore', State: 'running' }] } });
    const d = await deployment('docker', {});
    // The compose file install wrote is used when found.
    const composeDir = join(d.dir, 'braintrust.out', 'stacks', 'bt-test');
    await mkdir(composeDir, { recursive: true });
    await writeFile(join(composeDir, 'docker-compose.yml'), 'name: bt-test\n');
    const r = await runOps(shell, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {}, ['brainstore']);
    assert.equal(r.code, 0, r.stderr);
    const exec = (await f.calls('docker')).find((c) => c.argv.includes('exec'))!;
    assert.deepEqual(exec.argv.slice(0, 7), ['compose', '-p', 'bt-test', '-f', join(composeDir, 'docker-compose.yml'), 'exec', 'brainstore']);
    const [entry] = await d.audit();
    assert.deepEqual([entry.target, entry.via, entry.session, entry.outcome], ['shell:brainstore/bt-test-brainstore-1', 'docker', 'interactive', 'ok']);
    assert.deepEqual(dataOf(r, 'connect.shell.opening').map((o) => [o.instance, o.via]), [['bt-test-brainstore-1', 'docker']]);
  });

  it('AWS: an SSM session on a running instance of the role (or --instance), needs session-manager-plugin', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(shell, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, { instance: 'i-0reader2' }, ['brainstore-reader']);
    assert.equal(r.code, 0, r.stderr);
    const ssm = (await f.calls('aws')).find((c) => c.argv[0] === 'ssm')!;
    assert.deepEqual(ssm.argv, ['ssm', 'start-session', '--target', 'i-0reader2', '--region', 'us-east-1']);
    assert.equal((await d.audit())[0].target, 'shell:brainstore-reader/i-0reader2');
    const bad = await runOps(shell, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, { instance: 'i-0nope' }, ['brainstore-reader']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Instances: i-0reader1, i-0reader2/);
  });

  it('AWS: no shell on the Lambda API (usage error)', async () => {
    const f = await fakes(awsFixture());
    const d = await deployment('aws', AWS_OUTPUTS);
    const r = await runOps(shell, { cwd: d.dir, config: d.configPath, env: f.env(), now: NOW }, {}, ['api']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runs on AWS Lambda, which has no host/);
  });

  it('Kubernetes: --max-duration ends a session that is still open, stops kubectl exec and audits the time limit', async () => {
    const f = await fakes({
      kube: { pods: [{ metadata: { name: 'brainstore-writer-1-d', labels: { app: 'brainstore-writer' } }, spec: {}, status: { phase: 'Running', containerStatuses: [{ name: 'brainstore-writer', ready: true, restartCount: 0 }] } }] },
    });
    const d = await deployment('gcp', { region: 'us-central1', namespace: 'braintrust' });
    // The limit must outlast starting kubectl exec on a busy machine (the fake hangs after that).
    const r = await runOps(shell, { cwd: d.dir, config: d.configPath, env: f.env({ FAKE_SHELL_HANG: '1' }), now: NOW }, { maxDuration: '3s' }, ['brainstore-writer']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /time limit \(--max-duration 3s\)/);
    const calls = await f.calls('kubectl');
    const exec = calls.find((c) => c.event === 'follow')!;
    assert.ok(exec.argv.includes('-it') && exec.argv.includes('pod/brainstore-writer-1-d'));
    assert.equal(isRunning(exec.pid), false);
    const [entry] = await d.audit();
    assert.deepEqual([entry.target, entry.via, entry.outcome], ['shell:brainstore-writer/brainstore-writer-1-d', 'kubectl', 'time-limit']);
  });

  it('exit 3 when kubectl is missing; --json is refused', async () => {
    const d = await deployment('gcp', { region: 'us-central1', namespace: 'braintrust' });
    const missing = await runOps(shell, { cwd: d.dir, config: d.configPath, env: { PATH: '/nonexistent' }, now: NOW }, {}, ['api']);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /kubectl is not installed/);
    const json = await runOps(shell, { cwd: d.dir, config: d.configPath, env: {}, now: NOW, json: true }, {}, ['api']);
    assert.equal(json.code, 2);
  });
});
