// The other tunnel paths (kubectl on GCP and Azure, direct) and their failures: missing CLIs
// are exit 3, a tunnel that dies or never opens is exit 1, and nothing is left running.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/commands/connect-postgres.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { startPostgres, type PostgresService } from '../helpers/services.js';
import { installFakeClis, isRunning, type FakeClis, type FakeTool } from '../helpers/fake-cloud-cli.js';
import { runHandler, writeDeployment } from '../helpers/connect-harness.js';

const GCP_SECRET = 'projects/acme/secrets/bt-test-postgres';
const AZ_SECRET = 'https://bt-test-kv.vault.azure.net/secrets/postgres';
const query = { maxDuration: '1h', via: 'auto' as const, query: 'SELECT current_user AS who, 41 + 1 AS answer' };

describe('connect postgres: kubectl, direct and failures', () => {
  let db: PostgresService;
  const fakeSets: FakeClis[] = [];
  const fakes = async (tools?: FakeTool[]) => {
    const f = await installFakeClis({
      tools,
      secrets: { [GCP_SECRET]: db.password, [AZ_SECRET]: db.password },
      hosts: { '10.20.0.5': '127.0.0.1' },
    });
    fakeSets.push(f);
    return f;
  };
  const outputs = (extra: Record<string, string | number>) => ({
    postgres_host: '10.20.0.5', postgres_port: db.port, postgres_user: db.user, cluster_name: 'bt-test', kube_context: 'gke_acme_bt-test', namespace: 'braintrust', ...extra,
  });

  before(async () => { db = await startPostgres(); });
  after(async () => {
    await db?.stop();
    for (const f of fakeSets) await f.cleanup();
  });

  for (const [cloud, secretKey, secret, secretTool] of [['gcp', 'postgres_secret_id', GCP_SECRET, 'gcloud'], ['azure', 'postgres_secret_id', AZ_SECRET, 'az']] as const) {
    it(`${cloud}: forwards through a socat pod and deletes it afterwards`, async () => {
      const f = await fakes();
      const dep = await writeDeployment(cloud, outputs({ [secretKey]: secret, project_id: 'acme' }));
      const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env(), json: true }, query);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).rows, [{ who: db.user, answer: 42 }]);
      const k = await f.calls('kubectl');
      const runCall = k.find((c) => c.argv.includes('run'));
      assert.ok(runCall);
      assert.deepEqual(runCall.argv.slice(0, 4), ['--context', 'gke_acme_bt-test', '-n', 'braintrust']);
      assert.match(runCall.argv[5], /^bt-forward-[0-9a-f]{8}$/);
      assert.ok(runCall.argv.includes(`tcp-connect:10.20.0.5:${db.port}`));
      assert.ok(runCall.argv.some((a) => a.includes('"activeDeadlineSeconds":3900')));
      const pod = runCall.argv[5];
      assert.ok(k.some((c) => c.argv.includes('delete') && c.argv.includes(pod)), 'the forward pod is deleted');
      for (const pid of await f.tunnelPids()) assert.equal(isRunning(pid), false);
      assert.ok((await f.calls(secretTool)).length >= 1, `${secretTool} read the secret`);
      const [entry] = await dep.audit();
      assert.equal(entry.via, 'kubectl');
      assert.match(String(entry.identity), /^tester@/);
    });
  }

  it('direct: connects to --host/--port with BRAINTRUST_PG_PASSWORD and no config file', async () => {
    const f = await fakes();
    const dep = await writeDeployment('aws');
    const r = await runHandler(run, { cwd: dep.dir, config: 'missing.yaml', env: f.env({ BRAINTRUST_PG_PASSWORD: db.password }), json: true },
      { ...query, via: 'direct', host: '127.0.0.1', port: String(db.port), user: db.user });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rows[0].answer, 42);
    assert.equal((await f.calls()).length, 0, 'no cloud CLI involved');
  });

  it('direct: --password-env names the variable; unset is a usage error', async () => {
    const f = await fakes();
    const dep = await writeDeployment('aws');
    const env = f.env({ MY_PG_PW: db.password });
    const ok = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env },
      { ...query, via: 'direct', url: `postgres://${db.user}@127.0.0.1:${db.port}/postgres`, passwordEnv: 'MY_PG_PW' });
    assert.equal(ok.code, 0, ok.stderr);
    const bad = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env }, { ...query, via: 'direct', host: '127.0.0.1', port: String(db.port), passwordEnv: 'NOPE' });
    assert.equal(bad.code, 2);
  });

  it('missing aws CLI is exit 3 with the install hint', async () => {
    const f = await fakes(['session-manager-plugin', 'kubectl']);
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db', postgres_port: db.port, bastion_instance_id: 'i-1' });
    const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env({ BRAINTRUST_PG_PASSWORD: 'x' }) }, query);
    assert.equal(r.code, 3);
    assert.equal((r.error as BraintrustError).code, 'TOOL_MISSING');
    assert.match(r.stderr, /aws is not installed/);
    assert.match(r.stderr, /getting-started-install/);
  });

  it('missing session-manager-plugin is exit 3', async () => {
    const f = await fakes(['aws']);
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db', postgres_port: db.port, bastion_instance_id: 'i-1' });
    const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env({ BRAINTRUST_PG_PASSWORD: 'x' }) }, query);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /session-manager-plugin/);
  });

  it('missing psql for an interactive session is exit 3 suggesting --query', async () => {
    const f = await fakes();
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db', postgres_port: db.port, bastion_instance_id: 'i-1' });
    const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env() }, { maxDuration: '1h', via: 'auto' });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /psql is not installed/);
    assert.match(r.stderr, /--query/);
    assert.equal((await f.tunnelPids()).length, 0, 'no tunnel opened');
  });

  it('an SSM session that fails is exit 1 with what aws said', async () => {
    const f = await fakes();
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db', postgres_port: db.port, bastion_instance_id: 'i-dead' });
    const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env({ FAKE_SSM_FAIL: '1', BRAINTRUST_PG_PASSWORD: 'x' }) }, query);
    assert.equal(r.code, 1);
    assert.equal((r.error as BraintrustError).code, 'TUNNEL_FAILED');
    assert.match(r.stderr, /TargetNotConnected/);
  });

  it('a tunnel that never opens its port is stopped at the --max-duration limit', async () => {
    const f = await fakes();
    const dep = await writeDeployment('aws', { region: 'us-east-1', postgres_host: 'db', postgres_port: db.port, bastion_instance_id: 'i-1' });
    const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env({ FAKE_TUNNEL_HANG: '1', BRAINTRUST_PG_PASSWORD: 'x' }) },
      { ...query, maxDuration: '1500ms' });
    assert.equal(r.code, 1);
    assert.equal((r.error as BraintrustError).code, 'SESSION_TIME_LIMIT');
    const pids = await f.tunnelPids();
    assert.equal(pids.length, 1);
    assert.equal(isRunning(pids[0]), false);
  });

  it('no outputs.json is a missing prerequisite (exit 3) that says where it looked and to install first', async () => {
    const f = await fakes();
    const dep = await writeDeployment('aws');
    const r = await runHandler(run, { cwd: dep.dir, config: dep.configPath, env: f.env() }, query);
    assert.equal(r.code, 3);
    assert.equal((r.error as BraintrustError).code, 'OUTPUTS_NOT_FOUND');
    assert.match(r.stderr, /\.braintrust\/outputs\.json/);
    assert.match(r.stderr, /braintrust install/);
  });
});
