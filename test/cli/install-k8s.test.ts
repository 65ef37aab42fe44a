// One apply per Kubernetes cloud through the same pipeline as AWS, with a fake terraform.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';
import { installFakeClis } from '../helpers/fake-cloud-cli.js';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await removeDir(d); });

describe('install on gcp and azure', () => {
  for (const [cloud, region] of [['gcp', 'us-central1'], ['azure', 'eastus']] as const) {
    test(`${cloud}: init -> plan -> apply, outputs for the later commands, history`, async () => {
      const dir = await tempDir();
      dirs.push(dir);
      const init = await runCli(['init', '--cloud', cloud, '--region', region, '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
      assert.equal(init.code, 0, init.stderr);
      const bin = await fakeTerraformBin(dir);
      const log = join(dir, 'tf.log');
      const clis = await installFakeClis({ tools: ['az'] });
      const env = { ...clis.env(), PATH: `${bin}:${clis.binDir}:${dirname(process.execPath)}`, FAKE_TF_LOG: log, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'k' };
      const r = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
      assert.equal(r.code, 0, r.stderr);
      // init's version (the newest release) is newer than every chart: said, with the fix.
      assert.match(r.stderr, /no braintrust Helm chart release ships v\d+\.\d+\.\d+ yet .*Set version to v2\.9\.0/);
      const verbs = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).argv[0]);
      // Azure's first install is phased: infrastructure, PostgreSQL restart, then the release.
      // The release phase needs no second init: its providers and backend are the same.
      const once = ['version', 'init', 'plan', 'apply', 'output'];
      assert.deepEqual(verbs, cloud === 'azure' ? [...once, 'version', 'plan', 'apply', 'output'] : once);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const result = lines[lines.length - 1];
      assert.equal(result.status, 'applied');
      // Azure reports its last phase: the release alone.
      assert.ok(result.plan.add > (cloud === 'azure' ? 0 : 20));
      assert.ok(result.plan.changes.some((c: { address: string }) => c.address.startsWith('helm_release.')), 'the Helm release is part of the apply');
      const outputs = JSON.parse(await readFile(join(dir, '.braintrust', 'outputs.json'), 'utf8'));
      for (const k of ['api_url', 'cluster_name', 'kube_context', 'postgres_host', 'redis_host', 'brainstore_bucket', 'postgres_secret_id', 'redis_secret_id']) {
        assert.ok(k in outputs, `${cloud} output ${k}`);
      }
      const history = (await readFile(join(dir, '.braintrust', 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      // An apply writes a "started" line first, then its result (same runId); Azure's first
      // install does that once per phase.
      const results = history.filter((h) => h.result !== 'started');
      assert.ok(results.every((h) => h.result === 'success'));
      assert.equal(history.filter((h) => h.result === 'started').length, results.length);
      if (cloud === 'azure') assert.deepEqual(results.map((h) => h.phase), ['infrastructure', 'application']);

      // Azure's first install restarts PostgreSQL once (pg_cron needs shared_preload_libraries).
      const restarts = () => clis.calls('az').then((cs) => cs.filter((c) => c.argv.slice(0, 3).join(' ') === 'postgres flexible-server restart'));
      if (cloud === 'azure') {
        const [call] = await restarts();
        assert.deepEqual(call.argv.slice(3), ['--resource-group', outputs.resource_group, '--name', String(outputs.postgres_host).split('.')[0]]);
      } else {
        assert.deepEqual(await restarts(), []);
      }
      const again = await runCli(['install', '--yes'], { cwd: dir, env });
      assert.equal(again.code, 0, again.stderr);
      assert.equal((await restarts()).length, cloud === 'azure' ? 1 : 0, 'only after the first install');
      await clis.cleanup();
    });
  }
});

describe('azure first install in phases', () => {
  test('infrastructure first (no Helm release), then the restart, then the release; resumes after a failed restart', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const init = await runCli(['init', '--cloud', 'azure', '--region', 'eastus', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    const bin = await fakeTerraformBin(dir);
    const log = join(dir, 'tf.log');
    const clis = await installFakeClis({ tools: ['az'] });
    const env = { ...clis.env(), PATH: `${bin}:${clis.binDir}:${dirname(process.execPath)}`, FAKE_TF_LOG: log, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'k' };
    const restarts = () => clis.calls('az').then((cs) => cs.filter((c) => c.argv.slice(0, 3).join(' ') === 'postgres flexible-server restart'));
    const applies = async () => (await readFile(log, 'utf8')).trim().split('\n').filter((l) => JSON.parse(l).argv[0] === 'apply').length;
    const progress = join(dir, '.braintrust', 'install-phases.json');

    const failed = await runCli(['install', '--yes', '--json'], { cwd: dir, env: { ...env, FAKE_AZ_RESTART_FAIL: '1' } });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /PostgreSQL restart failed/);
    assert.equal(await applies(), 1, 'only the infrastructure was applied');
    const stack = JSON.parse(await readFile(join(dir, 'braintrust.out', 'stacks', 'bt', 'cdk.tf.json'), 'utf8'));
    assert.equal(stack.resource.helm_release, undefined, 'the infrastructure phase has no Helm release');
    assert.ok(stack.resource.azurerm_postgresql_flexible_server_configuration, 'but has the server parameters');
    assert.deepEqual(JSON.parse(await readFile(progress, 'utf8')).done, ['infrastructure']);

    const resumed = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await applies(), 2, 'the re-run applied the release only');
    assert.equal((await restarts()).length, 2, 'the failed restart, then the one that worked');
    const full = JSON.parse(await readFile(join(dir, 'braintrust.out', 'stacks', 'bt', 'cdk.tf.json'), 'utf8'));
    assert.ok(full.resource.helm_release);
    await assert.rejects(readFile(progress, 'utf8'), 'progress removed once every phase is done');
    await clis.cleanup();
  });
});
