// Azure public ingress through `install`: after the Helm release, the first install approves
// Front Door's Private Link connection with az (a fake az on PATH records argv and prints what
// the real `az network private-endpoint-connection list/approve` print), resumably; the DNS
// records a custom domain needs are printed; bad ingress settings are exit 2 naming the field.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await removeDir(d); });

const PLS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/bt-rg/providers/Microsoft.Network/privateLinkServices/bt-aks-api-pls';
const MESSAGE = 'Azure Front Door for the Braintrust data plane bt';

async function project(ingressYaml = ''): Promise<{ dir: string; clis: FakeClis; env: NodeJS.ProcessEnv; log: string }> {
  const dir = await tempDir();
  dirs.push(dir);
  const init = await runCli(['init', '--cloud', 'azure', '--region', 'eastus', '--tier', 'testing', '--name', 'bt', '--org', 'acme'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  if (ingressYaml) await appendFile(join(dir, 'braintrust.yaml'), `\ningress:\n${ingressYaml}`);
  const bin = await fakeTerraformBin(dir);
  const log = join(dir, 'tf.log');
  const clis = await installFakeClis({ tools: ['az'] });
  const env = {
    ...clis.env(),
    PATH: `${bin}:${clis.binDir}:${dirname(process.execPath)}`,
    FAKE_TF_LOG: log,
    FAKE_TF_OUTPUTS: JSON.stringify({ private_link_service_id: PLS }),
    BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'k',
  };
  return { dir, clis, env, log };
}

const plsCalls = (clis: FakeClis) => clis.calls('az').then((cs) => cs.filter((c) => c.argv[1] === 'private-endpoint-connection').map((c) => c.argv));
const applies = async (log: string) => (await readFile(log, 'utf8')).trim().split('\n').filter((l) => JSON.parse(l).argv[0] === 'apply').length;

describe('azure install: Front Door Private Link approval', () => {
  test('the phase after the release lists the connections and approves Front Door\'s pending one; the domain\'s DNS records are printed', async () => {
    const { dir, clis, env } = await project('  domain: braintrust.example.com\n  certificate: managed\n');
    const records = ['_dnsauth.braintrust.example.com TXT _x8ztoken', 'braintrust.example.com CNAME bt-api-endpoint-abc.z01.azurefd.net'];
    const r = await runCli(['install', '--yes'], { cwd: dir, env: { ...env, FAKE_TF_OUTPUTS: JSON.stringify({ private_link_service_id: PLS, dns_records: records }) } });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /Phase 4\/4: approve Front Door's Private Link connection to the API/);
    assert.deepEqual(await plsCalls(clis), [
      ['network', 'private-endpoint-connection', 'list', '--id', PLS, '--output', 'json'],
      ['network', 'private-endpoint-connection', 'approve', '--id', `${PLS}/privateEndpointConnections/fd-conn.1`, '--description', MESSAGE, '--output', 'json'],
    ]);
    assert.match(r.stdout, /Create these DNS records/);
    assert.match(r.stdout, /\n {2}_dnsauth\.braintrust\.example\.com TXT _x8ztoken\n/);
    assert.match(r.stdout, /\n {2}braintrust\.example\.com CNAME bt-api-endpoint-abc\.z01\.azurefd\.net/);
    await assert.rejects(readFile(join(dir, '.braintrust', 'install-phases.json'), 'utf8'), 'every phase done');
    await clis.cleanup();
  });

  test('a failed approval stops the install with the fix; the re-run only approves (resumable); an approved connection is left alone', async () => {
    const { dir, clis, env, log } = await project();
    const failed = await runCli(['install', '--yes', '--json'], { cwd: dir, env: { ...env, FAKE_AZ_PLS_FAIL: 'approve' } });
    assert.equal(failed.code, 1, failed.stderr);
    const error = failed.stdout + failed.stderr;
    assert.match(error, /Approving Front Door's Private Link connection failed: ERROR: \(AuthorizationFailed\)/);
    assert.match(error, /az network private-endpoint-connection approve --id <connection id>/);
    assert.match(error, /run `braintrust install` again: it continues with this step/);
    const progress = JSON.parse(await readFile(join(dir, '.braintrust', 'install-phases.json'), 'utf8'));
    assert.deepEqual(progress.done, ['infrastructure', 'restart-postgres', 'application']);
    assert.equal(await applies(log), 2);

    const resumed = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await applies(log), 2, 'nothing applied again: only the approval ran');
    const calls = await plsCalls(clis);
    assert.deepEqual(calls.map((a) => a[2]), ['list', 'approve', 'list', 'approve']);
    await assert.rejects(readFile(join(dir, '.braintrust', 'install-phases.json'), 'utf8'));
    await clis.cleanup();
  });

  test('already approved: no approve call (idempotent)', async () => {
    const { dir, clis, env } = await project();
    const seeded = JSON.stringify([
      { name: 'fd-conn.1', status: 'Approved', description: MESSAGE },
      { name: 'someone-else.2', status: 'Pending', description: 'please let me in' },
    ]);
    const r = await runCli(['install', '--yes', '--json'], { cwd: dir, env: { ...env, FAKE_AZ_PLS_CONNECTIONS: seeded, FAKE_AZ_PLS_FAIL: 'approve' } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await plsCalls(clis)).map((a) => a[2]), ['list'], "another pending request is not Front Door's: left alone");
    await clis.cleanup();
  });
});

describe('azure install: a later install that adds Front Door', () => {
  test('switching from private to public ingress approves the new connection after the apply; private mode calls no az for it', async () => {
    const KV = 'https://bt-certs.vault.azure.net/secrets/bt';
    const { dir, clis, env } = await project(`  mode: private\n  domain: braintrust.corp.example\n  certificate: ${KV}\n`);
    const first = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(await plsCalls(clis), [], 'no Front Door, nothing to approve');
    const yaml = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
    await writeFile(join(dir, 'braintrust.yaml'), yaml.replace(/\ningress:\n[\s\S]*$/, '\ningress:\n  mode: public\n'));
    const second = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((await plsCalls(clis)).map((a) => a[2]), ['list', 'approve']);
    const third = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(third.code, 0, third.stderr);
    assert.equal((await plsCalls(clis)).length, 2, 'the origin exists already: no approval step');
    await clis.cleanup();
  });
});

describe('azure ingress settings are checked before anything runs', () => {
  test('exit 2 naming the field, the value and the fix', async () => {
    const cases: [string, RegExp][] = [
      ['  domain: braintrust.example.com\n  certificate: arn:aws:acm:us-east-1:123:certificate/x\n', /ingress\.certificate.*not a Key Vault secret id.*https:\/\/<vault>\.vault\.azure\.net\/secrets\/<name>/s],
      ['  wafAclId: /subscriptions/x/waf\n', /ingress\.wafAclId.*not a Front Door WAF policy id/s],
      ['  minTlsVersion: "1.3"\n', /ingress\.minTlsVersion.*TLS 1\.2/s],
      ['  mode: private\n  domain: braintrust.corp.example\n  certificate: managed\n', /ingress\.certificate.*private ingress on azure uses your own certificate/s],
    ];
    for (const [yaml, want] of cases) {
      const { dir, clis, env } = await project(yaml);
      const r = await runCli(['install', '--dry-run'], { cwd: dir, env });
      assert.equal(r.code, 2, `${yaml}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout + r.stderr, want);
      await clis.cleanup();
    }
  });
});
