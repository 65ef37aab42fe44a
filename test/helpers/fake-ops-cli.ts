// Fake `aws`, `session-manager-plugin`, `kubectl` and `docker` for the ops commands (logs,
// status, restart, connect shell): node scripts first on PATH that record argv (and pid) to a
// JSON-lines log and print what the real tools print, from a fixture (FAKE_OPS_DATA):
// CloudWatch filter-log-events JSON (honouring --start-time), `kubectl logs --timestamps`
// lines (honouring --since-time), `kubectl top` tables, `docker compose logs` lines,
// `docker stats --format json`... Followers (-f/--follow) print their lines, then keep running
// until SIGTERM/SIGINT, which they record (event "stopped") before exiting.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type OpsTool = 'aws' | 'session-manager-plugin' | 'kubectl' | 'docker';

export interface OpsCall {
  tool: OpsTool;
  argv: string[];
  pid: number;
  event?: 'follow' | 'stopped';
}

export interface OpsFixture {
  aws?: {
    /** log group -> events (filter-log-events shape); `later` ones appear from the 2nd call on. */
    logGroups?: Record<string, { timestamp: number; logStreamName: string; message: string; eventId?: string; later?: boolean }[]>;
    asgs?: unknown[];
    instances?: { InstanceId: string; LaunchTime: string }[];
    metrics?: { Id: string; Values: number[] }[];
    /**
     * CloudWatch agent series (namespace CWAgent) as stored: a query gets the values only when
     * its metric name and its whole dimension set match, as CloudWatch answers.
     */
    agentMetrics?: { MetricName: string; Dimensions: Record<string, string>; Values: number[] }[];
    lambdas?: Record<string, { Version: string; State: string; LastModified: string }>;
    refreshInProgress?: boolean;
    /** ASG name -> its latest instance refresh (describe-instance-refreshes shape). */
    refreshes?: Record<string, { Status: string; PercentageComplete: number }>;
  };
  kube?: {
    pods?: unknown[];
    deployments?: unknown[];
    /** pod -> `<RFC3339Nano> message` lines */
    logs?: Record<string, string[]>;
    topNodes?: string;
    /** pod -> df -P output */
    df?: Record<string, string>;
  };
  docker?: {
    ps?: unknown[];
    /** `docker compose logs --timestamps` lines, `<container> | <time> <message>` */
    logs?: string[];
    stats?: unknown[];
    restarts?: Record<string, number>;
    df?: string;
  };
}

const IMPL = String.raw`
const fs = require('fs'), path = require('path');
const argv = process.argv.slice(2);
const env = process.env;
const data = JSON.parse(fs.readFileSync(env.FAKE_OPS_DATA, 'utf8'));
function log(extra) { fs.appendFileSync(env.FAKE_OPS_LOG, JSON.stringify({ tool: TOOL, argv, pid: process.pid, ...extra }) + '\n'); }
function flag(name) {
  const i = argv.indexOf(name); if (i >= 0) return argv[i + 1];
  const p = argv.find((a) => a.startsWith(name + '=')); return p ? p.slice(name.length + 1) : undefined;
}
function out(s) { process.stdout.write(s); }
function json(v) { out(JSON.stringify(v, null, 4) + '\n'); }
function fail(msg, code) { process.stderr.write(msg + '\n'); process.exit(code === undefined ? 1 : code); }
let armed = false;
function armStop() {
  if (armed) return; armed = true;
  const stop = () => { log({ event: 'stopped' }); process.exit(0); };
  process.on('SIGTERM', stop); process.on('SIGINT', stop);
}
function hang() {
  armStop();
  log({ event: 'follow' });
  setInterval(() => {}, 1000);
}
function counter(name) {
  const f = path.join(path.dirname(env.FAKE_OPS_LOG), 'count-' + name.replace(/[^a-z0-9]/gi, '_'));
  const n = (fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0) + 1;
  fs.writeFileSync(f, String(n)); return n;
}
function aws() {
  log({});
  const a = data.aws || {};
  const [svc, op] = argv;
  if (svc === 'sts') { out('arn:aws:iam::123456789012:user/oncall\n'); return; }
  if (svc === 'logs' && op === 'filter-log-events') {
    const group = flag('--log-group-name');
    const events = (a.logGroups || {})[group];
    if (!events) fail('\nAn error occurred (ResourceNotFoundException) when calling the FilterLogEvents operation: The specified log group does not exist.', 254);
    const n = counter(group);
    const start = Number(flag('--start-time') || 0);
    const shown = events.filter((e) => (!e.later || n > 1) && e.timestamp >= start)
      .map((e, i) => ({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 500, eventId: e.eventId || String(e.timestamp) + String(i).padStart(4, '0') }));
    json({ events: shown, searchedLogStreams: [] }); return;
  }
  if (svc === 'autoscaling' && op === 'describe-auto-scaling-groups') {
    const i = argv.indexOf('--auto-scaling-group-names'); const names = [];
    for (let j = i + 1; j < argv.length && !argv[j].startsWith('--'); j++) names.push(argv[j]);
    json({ AutoScalingGroups: (a.asgs || []).filter((g) => names.includes(g.AutoScalingGroupName)) }); return;
  }
  if (svc === 'autoscaling' && op === 'start-instance-refresh') {
    if (a.refreshInProgress) fail('\nAn error occurred (InstanceRefreshInProgress) when calling the StartInstanceRefresh operation: An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.', 254);
    json({ InstanceRefreshId: '0f4b2c3e-1111-2222-3333-' + String(counter('refresh')).padStart(12, '0') }); return;
  }
  if (svc === 'autoscaling' && op === 'describe-instance-refreshes') {
    const r = (a.refreshes || {})[flag('--auto-scaling-group-name')];
    json({ InstanceRefreshes: r ? [{ InstanceRefreshId: '0f4b2c3e-aaaa', AutoScalingGroupName: flag('--auto-scaling-group-name'), StartTime: '2026-01-31T11:50:00+00:00', InstancesToUpdate: 1, ...r }] : [] }); return;
  }
  if (svc === 'ec2' && op === 'describe-instances') {
    json({ Reservations: [{ Instances: (a.instances || []).map((x) => ({ ...x, State: { Code: 16, Name: 'running' } })) }] }); return;
  }
  if (svc === 'cloudwatch' && op === 'get-metric-data') {
    const q = JSON.parse(flag('--metric-data-queries'));
    const byId = Object.fromEntries((a.metrics || []).map((m) => [m.Id, m]));
    const dimKey = (d) => JSON.stringify(Object.entries(d).sort());
    const series = (x) => {
      const m = x.MetricStat.Metric;
      if (m.Namespace !== 'CWAgent') return byId[x.Id];
      const want = dimKey(Object.fromEntries((m.Dimensions || []).map((d) => [d.Name, d.Value])));
      return (a.agentMetrics || []).find((s) => s.MetricName === m.MetricName && dimKey(s.Dimensions) === want);
    };
    json({ MetricDataResults: q.map((x) => { const s = series(x); return { Id: x.Id, Label: x.MetricStat.Metric.MetricName, Timestamps: s ? s.Values.map((_, i) => new Date(Date.parse('2026-01-31T11:59:00Z') - i * 60000).toISOString().replace('.000Z', '+00:00')) : [], Values: s ? s.Values : [], StatusCode: 'Complete' }; }), Messages: [] }); return;
  }
  if (svc === 'lambda' && op === 'get-function-configuration') {
    const fn = flag('--function-name'); const c = (a.lambdas || {})[fn];
    if (!c) fail('\nAn error occurred (ResourceNotFoundException) when calling the GetFunctionConfiguration operation: Function not found: ' + fn, 254);
    json({ FunctionName: fn, Runtime: 'nodejs22.x', LastUpdateStatus: 'Successful', ...c }); return;
  }
  if (svc === 'ecs') { json({ service: { serviceName: flag('--service') } }); return; }
  if (svc === 'ssm' && op === 'start-session') { out('\nStarting session with SessionId: oncall-0a1b2c3d4e5f\n'); if (env.FAKE_SHELL_HANG) return hang(); out('\nExiting session with sessionId: oncall-0a1b2c3d4e5f.\n'); return; }
  fail('fake aws: unsupported ' + argv.join(' '), 2);
}
function kubectl() {
  const k = data.kube || {};
  const rest = [];
  for (let i = 0; i < argv.length; i++) { if (argv[i] === '--context' || argv[i] === '-n') { i++; continue; } rest.push(argv[i]); }
  const sub = rest[0];
  if (sub === 'get' && rest[1] === 'pods') { log({}); json({ apiVersion: 'v1', kind: 'List', items: k.pods || [] }); return; }
  if (sub === 'get' && rest[1] === 'deployments') { log({}); json({ apiVersion: 'v1', kind: 'List', items: k.deployments || [] }); return; }
  if (sub === 'logs') {
    const pod = rest[1].replace(/^pod\//, '');
    if (rest.includes('--follow')) armStop();
    const since = Date.parse(flag('--since-time') || '1970-01-01T00:00:00Z');
    for (const l of (k.logs || {})[pod] || []) if (Date.parse(l.split(' ')[0].replace(/(\.\d{3})\d*/, '$1')) >= since) out(l + '\n');
    if (rest.includes('--follow')) return hang();
    log({}); return;
  }
  log({});
  if (sub === 'top' && rest[1] === 'nodes') { if (k.topNodes === undefined) fail('error: Metrics API not available', 1); out(k.topNodes); return; }
  if (sub === 'exec') {
    const pod = rest[rest.indexOf('exec') + (rest[1] === '-it' ? 2 : 1)].replace(/^pod\//, '');
    if (rest.includes('df')) { const d = (k.df || {})[pod]; if (!d) fail('df: /mnt/tmp/brainstore: No such file or directory', 1); out(d); return; }
    if (env.FAKE_SHELL_HANG) return hang();
    return;
  }
  if (sub === 'rollout' && rest[1] === 'restart') { out('deployment.apps/' + rest[2].replace('deployment/', '') + ' restarted\n'); return; }
  if (sub === 'rollout' && rest[1] === 'status') {
    const d = rest[2].replace('deployment/', '');
    out('Waiting for deployment "' + d + '" rollout to finish: 1 old replicas are pending termination...\ndeployment "' + d + '" successfully rolled out\n'); return;
  }
  fail('fake kubectl: unsupported ' + argv.join(' '), 2);
}
function docker() {
  const d = data.docker || {};
  let rest = argv.slice();
  if (rest[0] === 'compose') {
    rest = rest.slice(1);
    while (rest[0] === '-p' || rest[0] === '-f') rest = rest.slice(2);
    const sub = rest[0];
    if (sub === 'logs') {
      if (rest.includes('--follow')) armStop();
      const since = Date.parse(flag('--since') || '1970-01-01T00:00:00Z');
      const services = rest.slice(1).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--since');
      for (const l of d.logs || []) {
        const m = /^(\S+)\s+\|\s(\S+)/.exec(l);
        if (!services.some((s) => m[1].replace(/-\d+$/, '').endsWith(s))) continue;
        if (Date.parse(m[2].replace(/(\.\d{3})\d*/, '$1')) >= since) out(l + '\n');
      }
      if (rest.includes('--follow')) return hang();
      log({}); return;
    }
    log({});
    if (sub === 'ps') { for (const c of d.ps || []) out(JSON.stringify(c) + '\n'); return; }
    if (sub === 'exec') {
      if (rest.includes('df')) { if (!d.df) fail('df: no such file', 1); out(d.df); return; }
      if (env.FAKE_SHELL_HANG) return hang();
      return;
    }
    if (sub === 'restart') { for (const s of rest.slice(1)) process.stderr.write(' Container ' + s + '-1  Restarting\n Container ' + s + '-1  Started\n'); return; }
  }
  log({});
  if (rest[0] === 'stats') { for (const s of d.stats || []) out(JSON.stringify(s) + '\n'); return; }
  if (rest[0] === 'inspect') { for (const n of rest.slice(3)) out('/' + n + ' ' + ((d.restarts || {})[n] || 0) + '\n'); return; }
  fail('fake docker: unsupported ' + argv.join(' '), 2);
}
const main = { aws, kubectl, docker }[TOOL];
if (main) main(); else log({});
`;

export interface FakeOpsClis {
  binDir: string;
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  calls(tool?: OpsTool): Promise<OpsCall[]>;
  cleanup(): Promise<void>;
}

export async function installFakeOpsClis(fixture: OpsFixture, tools: OpsTool[] = ['aws', 'session-manager-plugin', 'kubectl', 'docker']): Promise<FakeOpsClis> {
  const root = await mkdtemp(join(tmpdir(), 'bt-fake-ops-'));
  const binDir = join(root, 'bin');
  const logFile = join(root, 'calls.jsonl');
  const dataFile = join(root, 'fixture.json');
  await mkdir(binDir, { recursive: true });
  await writeFile(dataFile, JSON.stringify(fixture));
  for (const tool of tools) {
    await writeFile(join(binDir, tool), `#!${process.execPath}\nconst TOOL = ${JSON.stringify(tool)};\n${IMPL}`, { mode: 0o755 });
  }
  const calls = async (tool?: OpsTool): Promise<OpsCall[]> => {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    const all = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OpsCall);
    return tool ? all.filter((c) => c.tool === tool) : all;
  };
  return {
    binDir,
    env: (extra = {}) => ({ PATH: binDir, HOME: root, FAKE_OPS_LOG: logFile, FAKE_OPS_DATA: dataFile, BRAINTRUST_CHILD_ENV: 'FAKE_*', ...extra }),
    calls,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * `fakes(fixture)` for a test file: installs the fake CLIs and removes every one it made in an
 * `after` hook of the calling suite.
 */
export function fakeOpsCliFactory(after: (fn: () => Promise<void>) => void): (fixture: OpsFixture) => Promise<FakeOpsClis> {
  const made: FakeOpsClis[] = [];
  after(async () => { await Promise.all(made.map((f) => f.cleanup())); });
  return async (fixture) => {
    const f = await installFakeOpsClis(fixture);
    made.push(f);
    return f;
  };
}
