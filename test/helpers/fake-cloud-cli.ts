// Fake `aws`, `session-manager-plugin`, `gcloud`, `az`, `kubectl` (and optionally `psql`,
// `redis-cli`) executables for tests: small node scripts in a temp dir that go first on PATH.
// Each records its argv, pid and selected env to a JSON-lines log; the tunnels REALLY forward
// a local port (aws ssm start-session, kubectl port-forward) to the test services, print what
// the real tools print, and exit on SIGTERM. Secrets come from FAKE_SECRETS.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FakeTool = 'aws' | 'session-manager-plugin' | 'gcloud' | 'az' | 'kubectl' | 'psql' | 'redis-cli';
export const CLOUD_TOOLS: FakeTool[] = ['aws', 'session-manager-plugin', 'gcloud', 'az', 'kubectl'];

export interface FakeCall {
  tool: FakeTool;
  argv: string[];
  pid: number;
  /** Selected env of the call (PGPASSWORD, PGOPTIONS, REDISCLI_AUTH...) for assertions. */
  env: Record<string, string | undefined>;
}

export interface FakeClis {
  binDir: string;
  logFile: string;
  /** PATH = the fake bin dir alone (the fakes' shebang names node by absolute path). */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  calls(tool?: FakeTool): Promise<FakeCall[]>;
  /** Pids of long-running tunnel processes started so far. */
  tunnelPids(): Promise<number[]>;
  cleanup(): Promise<void>;
}

export interface FakeCliOptions {
  tools?: FakeTool[];
  /** secret id/ARN -> value */
  secrets?: Record<string, string>;
  /** host name in outputs -> address the fake tunnel really connects to */
  hosts?: Record<string, string>;
}

const IMPL = String.raw`
const fs = require('fs'), net = require('net'), path = require('path');
const argv = process.argv.slice(2);
const env = process.env;
const KEEP = ['PGPASSWORD', 'PGOPTIONS', 'PGSSLMODE', 'REDISCLI_AUTH', 'AWS_PROFILE',
  'AWS_SECRET_ACCESS_KEY', 'BRAINTRUST_PG_PASSWORD', 'BRAINTRUST_REDIS_PASSWORD', 'BRAINTRUST_BRAINSTORE_LICENSE_KEY', 'SSM_PLUGIN_LOCAL_HOST', 'PGREQUIREAUTH'];
function log(extra) {
  if (!env.FAKE_CLI_LOG) return;
  const e = {}; for (const k of KEEP) if (env[k] !== undefined) e[k] = env[k];
  fs.appendFileSync(env.FAKE_CLI_LOG, JSON.stringify({ tool: TOOL, argv, pid: process.pid, env: e, ...extra }) + '\n');
}
const secrets = JSON.parse(env.FAKE_SECRETS || '{}');
const hosts = JSON.parse(env.FAKE_HOSTS || '{}');
function flag(name) {
  const i = argv.indexOf(name); if (i >= 0) return argv[i + 1];
  const p = argv.find((a) => a.startsWith(name + '=')); return p ? p.slice(name.length + 1) : undefined;
}
function fail(msg, code) { process.stderr.write(msg + '\n'); process.exit(code || 1); }
function printSecret(id) {
  if (!(id in secrets)) fail('An error occurred (ResourceNotFoundException): Secrets Manager can\'t find the specified secret.', 254);
  process.stdout.write(secrets[id] + '\n'); process.exit(0);
}
function proxy(localPort, host, port, ready) {
  const server = net.createServer((c) => {
    const u = net.connect({ host: hosts[host] || host, port });
    c.pipe(u); u.pipe(c);
    c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
    c.on('close', () => u.destroy()); u.on('close', () => c.destroy());
  });
  // Port 0 (no localPortNumber / ":remote"): the OS picks one, reported like the real tools do.
  server.listen(localPort || 0, '127.0.0.1', () => ready(server.address().port));
  const stop = () => { log({ event: 'stopped' }); process.exit(0); };
  process.on('SIGTERM', stop); process.on('SIGINT', stop);
}
// FAKE_TUNNEL_SQUATTER=<log>: another local process (its own process group, like another
// user's) holds the port the tunnel reports; it answers like a Postgres server asking for a
// cleartext password (or +OK for Redis) and records every byte a client sends it.
function squatter(log, want) {
  const fs = require('fs'), net = require('net');
  const server = net.createServer((c) => c.on('data', (b) => {
    fs.appendFileSync(log, b.toString('latin1'));
    if (b.length === 8 && b.readInt32BE(4) === 80877103) return c.write('N');
    if (b.length >= 8 && b.readInt32BE(4) === 196608) return c.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
    if (b[0] === 0x70) return c.destroy();
    c.write('+OK\r\n');
  }));
  server.listen(Number(want), '127.0.0.1', () => { fs.appendFileSync(log + '.pid', process.pid + '\n'); process.stdout.write(server.address().port + '\n'); });
  setTimeout(() => process.exit(0), 30000);
}
function squat(port, report) {
  const code = '(' + squatter.toString() + ')(process.argv[1], process.argv[2])';
  const child = require('child_process').spawn(process.execPath, ['-e', code, env.FAKE_TUNNEL_SQUATTER, String(port)], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  child.unref();
  child.stdout.once('data', (d) => { report(Number(String(d).trim())); child.stdout.destroy(); });
  process.on('SIGTERM', () => process.exit(0));
  setInterval(() => {}, 1000);
}
function aws() {
  if (argv[0] === 'ssm' && argv[1] === 'start-session') {
    log({ event: 'tunnel' });
    if (env.FAKE_SSM_FAIL) fail('An error occurred (TargetNotConnected) when calling the StartSession operation: ' + flag('--target') + ' is not connected.', 254);
    const p = Object.fromEntries(flag('--parameters').split(',').map((kv) => kv.split('=')));
    const sid = 'tester-' + process.pid.toString(16).padStart(17, '0');
    process.stdout.write('\nStarting session with SessionId: ' + sid + '\n');
    if (env.FAKE_TUNNEL_HANG) return setInterval(() => {}, 1000);
    const opened = (port) => process.stdout.write('Port ' + port + ' opened for sessionId ' + sid + '.\nWaiting for connections...\n');
    if (env.FAKE_TUNNEL_SQUATTER) return squat(Number(p.localPortNumber || 0), opened);
    proxy(Number(p.localPortNumber || 0), p.host, Number(p.portNumber), opened);
    return;
  }
  log({});
  if (argv[0] === 'secretsmanager' && argv[1] === 'get-secret-value') return printSecret(flag('--secret-id'));
  if (argv[0] === 'sts' && argv[1] === 'get-caller-identity') { process.stdout.write('arn:aws:iam::123456789012:user/tester\n'); return; }
  if (argv[0] === 'logs' && argv[1] === 'filter-log-events') { process.stdout.write(JSON.stringify({ events: [], searchedLogStreams: [] }) + '\n'); return; }
  // An on-demand RDS snapshot (upgrade's backup); FAKE_RDS_SNAPSHOT_FAIL answers as a missing permission does.
  if (argv[0] === 'rds' && argv[1] === 'create-db-snapshot') {
    if (env.FAKE_RDS_SNAPSHOT_FAIL) fail('An error occurred (AccessDenied) when calling the CreateDBSnapshot operation: User: arn:aws:iam::123456789012:user/tester is not authorized to perform: rds:CreateDBSnapshot', 254);
    process.stdout.write(JSON.stringify({ DBSnapshot: { DBSnapshotIdentifier: flag('--db-snapshot-identifier'), DBInstanceIdentifier: flag('--db-instance-identifier'), Status: 'creating', SnapshotType: 'manual' } }, null, 4) + '\n');
    return;
  }
  // The ECS API services as AWS describes them (upgrade --api-runtime ecs checks them): ready,
  // or with FAKE_ECS_UNHEALTHY the ingest service's rollout failing and its ALB targets unhealthy.
  if (argv[0] === 'ecs' && argv[1] === 'describe-services') {
    const i = argv.indexOf('--services');
    const end = argv.findIndex((a, j) => j > i && a.startsWith('--'));
    const names = argv.slice(i + 1, end < 0 ? undefined : end);
    const services = names.map((serviceName) => {
      const failing = Boolean(env.FAKE_ECS_UNHEALTHY) && serviceName.endsWith('-ingest');
      return { serviceName, status: 'ACTIVE', desiredCount: 2, runningCount: failing ? 0 : 2,
        deployments: [{ status: 'PRIMARY', rolloutState: failing ? 'FAILED' : 'COMPLETED', desiredCount: 2, runningCount: failing ? 0 : 2, failedTasks: failing ? 3 : 0 }] };
    });
    process.stdout.write(JSON.stringify({ services, failures: [] }, null, 4) + '\n'); return;
  }
  if (argv[0] === 'elbv2' && argv[1] === 'describe-target-health') {
    const state = env.FAKE_ECS_UNHEALTHY && flag('--target-group-arn').includes('-ingest/') ? 'unhealthy' : 'healthy';
    const target = (Id) => ({ Target: { Id, Port: 8000 }, HealthCheckPort: '8000', TargetHealth: { State: state, ...(state === 'healthy' ? {} : { Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' }) } });
    process.stdout.write(JSON.stringify({ TargetHealthDescriptions: [target('10.0.1.5'), target('10.0.2.7')] }, null, 4) + '\n'); return;
  }
  fail('fake aws: unsupported ' + argv.join(' '), 2);
}
function gcloud() {
  log({});
  if (argv[0] === 'secrets' && argv[1] === 'versions' && argv[2] === 'access') return printSecret(flag('--secret'));
  if (argv[0] === 'config' && argv[1] === 'get-value') { process.stdout.write('tester@example.com\n'); return; }
  fail('fake gcloud: unsupported ' + argv.join(' '), 2);
}
function az() {
  log({});
  if (argv[0] === 'keyvault' && argv[1] === 'secret' && argv[2] === 'show') return printSecret(flag('--id'));
  if (argv[0] === 'account' && argv[1] === 'show') { process.stdout.write('tester@example.onmicrosoft.com\n'); return; }
  if (argv[0] === 'postgres' && argv[1] === 'flexible-server' && argv[2] === 'restart') {
    if (env.FAKE_AZ_RESTART_FAIL) fail('ERROR: (ServerBusy) The server is busy with another operation. Please try again later.\nCode: ServerBusy');
    process.stdout.write('{"status": "Succeeded"}\n'); return;
  }
  // Private Link connections of a Private Link Service, as az prints them (JSON, properties
  // nested). Seeded from FAKE_AZ_PLS_CONNECTIONS ([{name, status, description}]; default: one
  // pending request from Front Door for the deployment named FAKE_AZ_PLS_DEPLOYMENT or "bt");
  // approve changes the stored state. FAKE_AZ_PLS_FAIL=list|approve makes that call fail.
  if (argv[0] === 'network' && argv[1] === 'private-endpoint-connection' && (argv[2] === 'list' || argv[2] === 'approve')) {
    if (env.FAKE_AZ_PLS_FAIL === argv[2]) fail("ERROR: (AuthorizationFailed) The client 'tester@example.onmicrosoft.com' does not have authorization to perform action 'Microsoft.Network/privateLinkServices/privateEndpointConnections/write'.\nCode: AuthorizationFailed");
    const store = path.join(env.FAKE_CLI_STATE, 'pls-connections.json');
    const seed = env.FAKE_AZ_PLS_CONNECTIONS ? JSON.parse(env.FAKE_AZ_PLS_CONNECTIONS)
      : [{ name: 'fd-conn.1', status: 'Pending', description: 'Azure Front Door for the Braintrust data plane ' + (env.FAKE_AZ_PLS_DEPLOYMENT || 'bt') }];
    const conns = fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf8')) : seed;
    const show = (pls, c) => ({
      id: pls + '/privateEndpointConnections/' + c.name,
      name: c.name,
      properties: {
        privateEndpoint: { id: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/eafd-Prod-eastus/providers/Microsoft.Network/privateEndpoints/' + c.name },
        privateLinkServiceConnectionState: { actionsRequired: 'None', description: c.description, status: c.status },
        provisioningState: 'Succeeded',
      },
      resourceGroup: 'rg',
      type: 'Microsoft.Network/privateLinkServices/privateEndpointConnections',
    });
    if (argv[2] === 'list') {
      const pls = flag('--id');
      process.stdout.write(JSON.stringify(conns.map((c) => show(pls, c)), null, 2) + '\n'); return;
    }
    const id = flag('--id');
    const i = id.lastIndexOf('/privateEndpointConnections/');
    const c = conns.find((x) => x.name === id.slice(i + '/privateEndpointConnections/'.length));
    if (!c) fail('ERROR: (NotFound) The Resource was not found.\nCode: NotFound');
    c.status = 'Approved'; c.description = flag('--description') || c.description;
    fs.writeFileSync(store, JSON.stringify(conns));
    process.stdout.write(JSON.stringify(show(id.slice(0, i), c), null, 2) + '\n'); return;
  }
  fail('fake az: unsupported ' + argv.join(' '), 2);
}
function kubectl() {
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--context' || argv[i] === '-n' || argv[i] === '--namespace') { i++; continue; }
    rest.push(argv[i]);
  }
  const pods = path.join(env.FAKE_CLI_STATE, 'pods'); fs.mkdirSync(pods, { recursive: true });
  const sub = rest[0];
  if (sub === 'run') {
    log({});
    const name = rest[1];
    const dash = rest.indexOf('--');
    const target = rest[dash + 2].replace(/^tcp(-connect)?:/, '');
    const i = target.lastIndexOf(':');
    fs.writeFileSync(path.join(pods, name), JSON.stringify({ host: target.slice(0, i), port: Number(target.slice(i + 1)) }));
    process.stdout.write('pod/' + name + ' created\n'); return;
  }
  if (sub === 'wait') { log({}); process.stdout.write(rest.find((a) => a.startsWith('pod/')) + ' condition met\n'); return; }
  if (sub === 'port-forward') {
    log({ event: 'tunnel' });
    const name = rest.find((a) => a.startsWith('pod/')).slice(4);
    const [local, remote] = rest[rest.length - 1].split(':');
    const pod = JSON.parse(fs.readFileSync(path.join(pods, name), 'utf8'));
    const forwarding = (port) => process.stdout.write('Forwarding from 127.0.0.1:' + port + ' -> ' + remote + '\n');
    if (env.FAKE_TUNNEL_SQUATTER) return squat(Number(local || 0), forwarding);
    proxy(Number(local || 0), pod.host, pod.port, forwarding);
    return;
  }
  if (sub === 'delete') { log({}); fs.rmSync(path.join(pods, rest[2]), { force: true }); process.stdout.write('pod "' + rest[2] + '" deleted\n'); return; }
  log({}); fail('fake kubectl: unsupported ' + argv.join(' '), 2);
}
const main = { aws, gcloud, az, kubectl }[TOOL];
if (main) main(); else { log({}); setTimeout(() => process.exit(Number(env.FAKE_CLIENT_EXIT || 0)), Number(env.FAKE_CLIENT_SLEEP_MS || 0)); }
`;

export async function installFakeClis(opts: FakeCliOptions = {}): Promise<FakeClis> {
  const root = await mkdtemp(join(tmpdir(), 'bt-fake-cli-'));
  const binDir = join(root, 'bin');
  const stateDir = join(root, 'state');
  const logFile = join(root, 'calls.jsonl');
  await mkdir(binDir, { recursive: true });
  await mkdir(stateDir, { recursive: true });
  for (const tool of opts.tools ?? CLOUD_TOOLS) {
    await writeFile(join(binDir, tool), `#!${process.execPath}\nconst TOOL = ${JSON.stringify(tool)};\n${IMPL}`, { mode: 0o755 });
  }
  const calls = async (tool?: FakeTool): Promise<FakeCall[]> => {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    const all = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as FakeCall & { event?: string });
    return tool ? all.filter((c) => c.tool === tool) : all;
  };
  return {
    binDir,
    logFile,
    env(extra = {}) {
      return {
        PATH: binDir,
        HOME: root,
        FAKE_CLI_LOG: logFile,
        FAKE_CLI_STATE: stateDir,
        FAKE_SECRETS: JSON.stringify(opts.secrets ?? {}),
        FAKE_HOSTS: JSON.stringify(opts.hosts ?? {}),
        // The CLI trims each child's environment: let the fakes' own settings through.
        BRAINTRUST_CHILD_ENV: 'FAKE_*',
        ...extra,
      };
    },
    calls,
    async tunnelPids() {
      return (await calls()).filter((c) => (c as { event?: string }).event === 'tunnel').map((c) => c.pid);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * True while a process with this pid exists and is not a zombie (an orphan killed with its
 * group is re-parented to PID 1, which in some containers never reaps it).
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) succeeded
  }
}
