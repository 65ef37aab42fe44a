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
      const verbs = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).argv[0]);
      assert.deepEqual(verbs, ['version', 'init', 'plan', 'apply', 'output']);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      const result = lines[lines.length - 1];
      assert.equal(result.status, 'applied');
      assert.ok(result.plan.add > 20);
      assert.ok(result.plan.changes.some((c: { address: string }) => c.address.startsWith('helm_release.')), 'the Helm release is part of the apply');
      const outputs = JSON.parse(await readFile(join(dir, '.braintrust', 'outputs.json'), 'utf8'));
      for (const k of ['api_url', 'cluster_name', 'kube_context', 'postgres_host', 'redis_host', 'brainstore_bucket', 'postgres_secret_id', 'redis_secret_id']) {
        assert.ok(k in outputs, `${cloud} output ${k}`);
      }
      const history = (await readFile(join(dir, '.braintrust', 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      // An apply writes a "started" line first, then its result (same runId).
      assert.deepEqual(history.map((h) => h.result), ['started', 'success']);

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
