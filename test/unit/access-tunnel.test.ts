// Tunnel plumbing without cloud fakes: argv builders, tool lookup (exit 3), readiness waits,
// process-group teardown, and the deployment/outputs helpers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ssmArgs } from '../../src/access/tunnel-ssm.js';
import { forwardPodArgs, kubectlBaseArgs } from '../../src/access/tunnel-kubectl.js';
import { chooseVia } from '../../src/access/tunnel.js';
import { secretCommand } from '../../src/access/secrets.js';
import { findExecutable, requireTool } from '../../src/access/tools.js';
import { freePort, waitForPort } from '../../src/access/ports.js';
import { spawnTunnelProcess } from '../../src/access/tunnel-process.js';
import { parseOutputs, type Deployment } from '../../src/access/installed-deployment.js';
import { redisTls } from '../../src/access/endpoints.js';
import { downloadTarget, resolveBucketName } from '../../src/access/buckets.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { isRunning } from '../helpers/fake-cloud-cli.js';

const dep = (cloud: Deployment['cloud'], outputs: Record<string, string> = {}): Deployment => ({ configPath: '/x/braintrust.yaml', stateDir: '/x/.braintrust', cloud, outputs });

describe('tunnel argv', () => {
  it('AWS SSM port forwarding to a remote host', () => {
    assert.deepEqual(ssmArgs({ bastion: 'i-1', host: 'db.internal', port: 5432, region: 'eu-west-1', profile: 'ops' }), [
      'ssm', 'start-session', '--target', 'i-1', '--document-name', 'AWS-StartPortForwardingSessionToRemoteHost',
      '--parameters', 'host=db.internal,portNumber=5432', '--region', 'eu-west-1', '--profile', 'ops',
    ]);
  });
  it('kubectl socat pod with a deadline', () => {
    assert.deepEqual(kubectlBaseArgs({ kube_context: 'aks-bt', namespace: 'bt' }), ['--context', 'aks-bt', '-n', 'bt']);
    assert.deepEqual(kubectlBaseArgs({}), ['-n', 'default']);
    const args = forwardPodArgs({ name: 'bt-forward-1', image: 'alpine/socat', host: '10.0.0.3', port: 6379, deadlineSeconds: 600 });
    assert.deepEqual(args.slice(-3), ['--', 'tcp-listen:6379,fork,reuseaddr', 'tcp-connect:10.0.0.3:6379']);
    assert.ok(args.includes('--overrides={"apiVersion":"v1","spec":{"activeDeadlineSeconds":600}}'));
  });
  it('chooses SSM on AWS, kubectl on GCP and Azure, direct on docker or when asked', () => {
    assert.equal(chooseVia(dep('aws'), 'auto'), 'ssm');
    assert.equal(chooseVia(dep('gcp'), 'auto'), 'kubectl');
    assert.equal(chooseVia(dep('azure'), 'auto'), 'kubectl');
    assert.equal(chooseVia(dep('docker'), 'auto'), 'direct');
    assert.equal(chooseVia(dep('aws'), 'direct'), 'direct');
    assert.throws(() => chooseVia(dep(undefined), 'auto'), (e: BraintrustError) => e.exitCode === 2 && /--via direct/.test(e.hint ?? ''));
  });
  it('reads secrets with each cloud CLI', () => {
    assert.deepEqual(secretCommand({ cloud: 'aws', ref: 'arn:1', env: {}, region: 'us-east-1' }).args,
      ['secretsmanager', 'get-secret-value', '--secret-id', 'arn:1', '--query', 'SecretString', '--output', 'text', '--region', 'us-east-1']);
    assert.deepEqual(secretCommand({ cloud: 'gcp', ref: 'pg', env: {} }), { tool: 'gcloud', args: ['secrets', 'versions', 'access', 'latest', '--secret=pg'] });
    assert.deepEqual(secretCommand({ cloud: 'azure', ref: 'https://kv/secrets/pg', env: {} }).args, ['keyvault', 'secret', 'show', '--id', 'https://kv/secrets/pg', '--query', 'value', '-o', 'tsv']);
  });
});

describe('tools', () => {
  it('finds executables on the given PATH only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-tools-'));
    await writeFile(join(dir, 'kubectl'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(dir, 'notexec'), '', { mode: 0o644 });
    assert.equal(await findExecutable('kubectl', { PATH: dir }), join(dir, 'kubectl'));
    assert.equal(await findExecutable('notexec', { PATH: dir }), undefined);
    await assert.rejects(requireTool('aws', { PATH: dir }), (e: BraintrustError) => e.exitCode === 3 && e.code === 'TOOL_MISSING' && /AWS CLI/.test(e.hint ?? ''));
    await rm(dir, { recursive: true, force: true });
  });
});

describe('ports', () => {
  it('waits until something listens', async () => {
    const port = await freePort();
    const srv = createServer((s) => s.end());
    setTimeout(() => srv.listen(port, '127.0.0.1'), 300);
    await waitForPort('127.0.0.1', port, { timeoutMs: 5000 });
    srv.close();
  });
  it('times out with TUNNEL_NOT_READY, or stops when check() throws', async () => {
    const port = await freePort();
    await assert.rejects(waitForPort('127.0.0.1', port, { timeoutMs: 300, what: 'the thing' }), (e: BraintrustError) => e.code === 'TUNNEL_NOT_READY' && /the thing/.test(e.message));
    await assert.rejects(waitForPort('127.0.0.1', port, { timeoutMs: 5000, check: () => { throw new Error('died'); } }), /died/);
  });
});

describe('spawnTunnelProcess', () => {
  it('stops the whole process group, grandchildren included', async () => {
    const lines: string[] = [];
    const proc = spawnTunnelProcess('/bin/sh', ['-c', 'sleep 300 & echo "child $!"; wait'], { env: { PATH: '/usr/bin:/bin' }, onLine: (l) => lines.push(l) });
    for (let i = 0; i < 50 && !lines.length; i++) await new Promise((r) => setTimeout(r, 20));
    const grandchild = Number(/child (\d+)/.exec(lines[0] ?? '')?.[1]);
    assert.ok(grandchild > 0 && isRunning(grandchild));
    await proc.stop();
    assert.equal(proc.exited, true);
    for (let i = 0; i < 50 && isRunning(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(isRunning(grandchild), false, 'the grandchild (session-manager-plugin) is gone too');
    await proc.stop(); // idempotent
  });
  it('reports an early exit with its output', async () => {
    const proc = spawnTunnelProcess('/bin/sh', ['-c', 'echo "not authorized" >&2; exit 255'], { env: {} });
    for (let i = 0; i < 100 && !proc.exited; i++) await new Promise((r) => setTimeout(r, 20));
    assert.throws(() => proc.assertRunning('aws ssm start-session'), (e: BraintrustError) => e.code === 'TUNNEL_FAILED' && e.details.join().includes('not authorized'));
  });
});

describe('deployment outputs', () => {
  it('reads flat and terraform-shaped outputs', () => {
    assert.deepEqual(parseOutputs('{"postgres_port":5432,"region":"us-east-1","x":{"value":"y","sensitive":false},"n":null}', 'o.json'),
      { postgres_port: '5432', region: 'us-east-1', x: 'y' });
    assert.throws(() => parseOutputs('[1]', 'o.json'), /JSON object/);
  });
  it('picks Redis TLS: flag, URL, output, then cloud default', () => {
    assert.equal(redisTls(dep('aws'), undefined, undefined), true);
    assert.equal(redisTls(dep('gcp'), undefined, undefined), false);
    assert.equal(redisTls(dep('aws'), false, true), false);
    assert.equal(redisTls(dep('aws'), undefined, false), false);
    assert.equal(redisTls(dep('gcp', { redis_tls: 'true' }), undefined, undefined), true);
  });
  it('resolves bucket aliases from outputs', () => {
    const d = dep('aws', { brainstore_bucket: 'bt-bs', response_bucket: 'bt-resp', code_bundle_bucket: 'bt-code' });
    assert.equal(resolveBucketName(d, undefined), 'bt-bs');
    assert.equal(resolveBucketName(d, 'response'), 'bt-resp');
    assert.equal(resolveBucketName(d, 'code-bundle'), 'bt-code');
    assert.equal(resolveBucketName(d, 'my-other-bucket'), 'my-other-bucket');
    assert.throws(() => resolveBucketName(dep('aws', { region: 'us-east-1' }), undefined), (e: BraintrustError) => e.exitCode === 2 && /brainstore_bucket/.test(e.message));
  });
  it('no outputs at all is a missing prerequisite (exit 3) naming where it looked', () => {
    assert.throws(() => resolveBucketName(dep('aws'), undefined),
      (e: BraintrustError) => e.code === 'OUTPUTS_NOT_FOUND' && e.exitCode === 3 && e.message.includes('/x/.braintrust/outputs.json') && /braintrust install/.test(e.hint ?? ''));
  });
  it('puts downloads in DEST, DEST/<name> or ./<name>', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-dl-'));
    await mkdir(join(dir, 'sub'));
    assert.equal(await downloadTarget(dir, 'a/b/c.bin', undefined), join(dir, 'c.bin'));
    assert.equal(await downloadTarget(dir, 'a/b/c.bin', 'sub'), join(dir, 'sub', 'c.bin'));
    assert.equal(await downloadTarget(dir, 'a/b/c.bin', 'out.bin'), join(dir, 'out.bin'));
    await rm(dir, { recursive: true, force: true });
  });
});
