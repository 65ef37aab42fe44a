// support-access grant / revoke / status: the grant reaches the synthesized stack of each
// cloud (role with expiring trust, conditional IAM binding, role assignment) and revoke removes it.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';

const REGION = { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' } as const;
const AZURE_PRINCIPAL = '0f8fad5b-d9cb-469f-a165-70867728950e';
const dirs: string[] = [];
after(async () => { for (const d of dirs) await removeDir(d); });

async function setup(cloud: keyof typeof REGION): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  const r = await runCli(['init', '--cloud', cloud, '--region', REGION[cloud], '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

async function synth(dir: string): Promise<Record<string, any>> {
  const r = await runCli(['install', '--dry-run'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(await readFile(join(dir, 'braintrust.out', 'stacks', 'bt', 'cdk.tf.json'), 'utf8'));
}

/** Where each cloud's stack puts a grant, and how to read its expiry. */
const grantResources: Record<keyof typeof REGION, (json: Record<string, any>) => string[]> = {
  aws: (json) => Object.values(json.resource.aws_iam_role ?? {})
    .map((r: any) => JSON.parse(r.assume_role_policy))
    .flatMap((p: any) => p.Statement)
    .filter((s: any) => s.Condition?.DateLessThan)
    .map((s: any) => s.Condition.DateLessThan['aws:CurrentTime']),
  gcp: (json) => Object.values(json.resource.google_project_iam_member ?? {})
    .filter((m: any) => m.condition)
    .map((m: any) => m.condition.expression),
  azure: (json) => Object.values(json.resource.azurerm_role_assignment ?? {})
    .filter((a: any) => a.principal_id === AZURE_PRINCIPAL)
    .map((a: any) => a.description ?? ''),
};

describe('support-access in the synthesized stacks', () => {
  for (const cloud of ['aws', 'gcp', 'azure'] as const) {
    test(`${cloud}: grant adds time-boxed access, revoke removes it`, async () => {
      const dir = await setup(cloud);
      assert.deepEqual(grantResources[cloud](await synth(dir)), [], 'no access before a grant');
      const args = ['support-access', 'grant', '--duration', '2h', '--reason', 'INC-1 lag', '--no-apply'];
      if (cloud === 'azure') args.push('--principal', AZURE_PRINCIPAL);
      const g = await runCli(args, { cwd: dir });
      assert.equal(g.code, 0, g.stderr);
      const config = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
      const expiresAt = /expiresAt: "?([0-9T:.Z-]+)/.exec(config)?.[1];
      assert.ok(expiresAt, 'the grant is in the config');
      const hours = (Date.parse(expiresAt!) - Date.now()) / 3_600_000;
      assert.ok(hours > 1.9 && hours <= 2, `expires in ~2h (${hours})`);
      const found = grantResources[cloud](await synth(dir));
      assert.ok(found.length >= 1, 'the grant becomes at least one role/binding/assignment');
      if (cloud === 'aws') assert.equal(found.length, 1, 'one trust statement for the support principal');
      for (const f of found) assert.ok(f.includes(expiresAt!.slice(0, 16)), `${f} carries the expiry`);

      const status = await runCli(['support-access', 'status', '--json'], { cwd: dir });
      const doc = JSON.parse(status.stdout);
      assert.equal(doc.grants.length, 1);
      assert.equal(doc.grants[0].active, true);

      const r = await runCli(['support-access', 'revoke', '--no-apply'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(grantResources[cloud](await synth(dir)), []);
    });
  }

  test('azure without a principal is a usage error naming --principal', async () => {
    const dir = await setup('azure');
    const r = await runCli(['support-access', 'grant', '--reason', 'x', '--dry-run'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--principal/);
  });

  test('bad duration and missing reason are usage errors', async () => {
    const dir = await setup('aws');
    assert.equal((await runCli(['support-access', 'grant', '--duration', '30d', '--reason', 'x'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['support-access', 'grant', '--duration', 'soon', '--reason', 'x'], { cwd: dir })).code, 2);
    const r = await runCli(['support-access', 'grant'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--reason/);
  });

  test('grant applies through terraform and is recorded; an expired grant shows in status', async () => {
    const dir = await setup('aws');
    const bin = await fakeTerraformBin(dir);
    const env = { PATH: `${bin}:${dirname(process.execPath)}`, BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'k' };
    const r = await runCli(['support-access', 'grant', '--reason', 'INC-2', '--duration', '1h', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const history = (await readFile(join(dir, '.braintrust', 'history.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(history[history.length - 1].action, 'support-access-grant');
    assert.equal(history[history.length - 1].result, 'success');

    const text = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
    await writeFile(join(dir, 'braintrust.yaml'), text.replace(/grantedAt: "?[0-9T:.Z-]+"?/, 'grantedAt: 2019-12-31T23:00:00.000Z').replace(/expiresAt: "?[0-9T:.Z-]+"?/, 'expiresAt: 2020-01-01T00:00:00.000Z'));
    const s = await runCli(['support-access', 'status'], { cwd: dir });
    assert.equal(s.code, 0);
    assert.match(s.stdout, /expired/);
    assert.match(s.stderr, /support-access revoke/);
  });
});
