// cloud-cli and cloud-auth per cloud, against the fake aws/gcloud/az/kubectl executables:
// the configured account, project and subscription are compared with what the CLI reports,
// and a missing CLI skips the credential check with the install hint.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as runWithoutDefaults } from '../../src/commands/doctor.js';
import type { CheckResult } from '../../src/doctor/types.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runHandler, testConfig } from '../helpers/connect-harness.js';
import { removeDir, tempDir } from '../helpers/cli.js';
import { doctorCommand } from '../../src/commands/doctor.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const run = withDefaults(doctorCommand, runWithoutDefaults);

describe('doctor cloud checks', () => {
  let fakes: FakeClis;
  let dir: string;
  before(async () => {
    fakes = await installFakeClis();
    dir = await tempDir('bt-doctor-cloud-');
  });
  after(async () => {
    await fakes?.cleanup();
    if (dir) await removeDir(dir);
  });

  async function checks(cloud: 'aws' | 'gcp' | 'azure', account: Record<string, string>, env = fakes.env()): Promise<Record<string, CheckResult>> {
    const config = join(dir, `${cloud}-${Object.keys(account).join('-') || 'none'}.json`);
    await writeFile(config, JSON.stringify({ ...testConfig(cloud), account }));
    const r = await runHandler(run, { cwd: dir, config, env, json: true }, { only: 'cloud-cli,cloud-auth' });
    return Object.fromEntries((JSON.parse(r.stdout) as { checks: CheckResult[] }).checks.map((c) => [c.id, c]));
  }

  it('aws: passes for the configured account and fails for another', async () => {
    const ok = await checks('aws', { awsAccountId: '123456789012' });
    assert.equal(ok['cloud-cli'].status, 'pass');
    assert.equal(ok['cloud-auth'].status, 'pass');
    assert.match(ok['cloud-auth'].detail, /matches account\.awsAccountId/);
    const other = await checks('aws', { awsAccountId: '999999999999' });
    assert.equal(other['cloud-auth'].status, 'fail');
    assert.match(other['cloud-auth'].detail, /account 123456789012 .* the config says 999999999999/);
    assert.match(other['cloud-auth'].hint, /AWS_PROFILE|awsProfile/);
    const sts = (await fakes.calls('aws')).find((c) => c.argv[0] === 'sts');
    assert.deepEqual(sts?.argv.slice(0, 2), ['sts', 'get-caller-identity']);
  });

  it('gcp: names the active account, warns when gcloud points at another project, lists missing plugins', async () => {
    const r = await checks('gcp', { gcpProject: 'bt-prod' });
    assert.equal(r['cloud-auth'].status, 'warn');
    assert.match(r['cloud-auth'].detail, /tester@example\.com; gcloud's default project is tester@example\.com, the deployment is in bt-prod/);
    assert.match(r['cloud-auth'].hint, /gcloud config set project bt-prod/);
    assert.equal(r['cloud-cli'].status, 'fail');
    assert.match(r['cloud-cli'].detail, /missing: gke-gcloud-auth-plugin$/);
    assert.match(r['cloud-cli'].hint, /gcloud components install gke-gcloud-auth-plugin/);
  });

  it('azure: passes with the signed-in user', async () => {
    const r = await checks('azure', {});
    assert.equal(r['cloud-auth'].status, 'pass');
    assert.match(r['cloud-auth'].detail, /tester@example\.onmicrosoft\.com/);
  });

  it('skips the credential check, with the install hint, when the CLI is missing', async () => {
    const r = await checks('aws', {}, { PATH: '' });
    assert.equal(r['cloud-auth'].status, 'skip');
    assert.match(r['cloud-auth'].detail, /aws is not installed/);
    assert.match(r['cloud-auth'].hint, /Install the AWS CLI/);
    assert.equal(r['cloud-cli'].status, 'fail');
  });
});
