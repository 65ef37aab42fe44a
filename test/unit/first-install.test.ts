// The Azure first install's PostgreSQL restart (src/deploy/first-install.ts, run as a phase of
// src/deploy/install-phases.ts): which command, when it runs and when it is skipped, and what
// happens when az is missing or the restart fails. The install runs in-process with a fake
// terraform and a fake az on PATH (test/fixtures/fake-terraform.mjs, test/helpers/fake-cloud-cli.ts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { azurePostgresRestartArgs, isFirstInstall } from '../../src/deploy/first-install.js';
import { installPhases } from '../../src/deploy/install-phases.js';
import type { HistoryAction, HistoryEntry } from '../../src/state/history.js';
import { run as installRun } from '../../src/commands/install.js';
import { installCommand } from '../../src/commands/install.spec.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { AZURE_PRODUCTION, fixtureConfig } from '../helpers/stack-fixtures.js';
import { runCli, tempDir, removeDir, fakeTerraformBin } from '../helpers/cli.js';
import { installFakeClis, type FakeClis } from '../helpers/fake-cloud-cli.js';
import { runOps } from '../helpers/ops-harness.js';
import { withDefaults } from '../helpers/command-options.js';

const azure = fixtureConfig(AZURE_PRODUCTION);
const OUTPUTS = { postgres_host: 'bt-pg-7f3a.postgres.database.azure.com', resource_group: 'bt-rg' };
const RESTART = ['postgres', 'flexible-server', 'restart', '--resource-group', 'bt-rg', '--name', 'bt-pg-7f3a'];

const entry = (action: HistoryAction, result: HistoryEntry['result']): HistoryEntry => ({ time: '2026-08-01T00:00:00Z', version: 'v2.12.0', configSha256: 'x', action, result, durationMs: 1 });

describe('isFirstInstall', () => {
  test('no history, or no successful install in it (failed, interrupted, only other actions): first', () => {
    assert.equal(isFirstInstall([]), true);
    assert.equal(isFirstInstall([entry('install', 'started'), entry('install', 'failure'), entry('install', 'interrupted')]), true);
    assert.equal(isFirstInstall([entry('upgrade', 'success'), entry('install', 'planned')]), true);
  });
  test('one successful install: not first', () => {
    assert.equal(isFirstInstall([entry('install', 'failure'), entry('install', 'success')]), false);
  });
});

describe('azurePostgresRestartArgs', () => {
  test('Azure: restart the server named by the first label of postgres_host, in the output resource group', () => {
    assert.deepEqual(azurePostgresRestartArgs(azure, OUTPUTS), RESTART);
  });
  test('skipped (undefined) on the other clouds and when the outputs do not name the server or its group', () => {
    for (const cloud of ['aws', 'gcp', 'docker'] as const) {
      assert.equal(azurePostgresRestartArgs({ ...azure, cloud } as typeof azure, OUTPUTS), undefined, cloud);
    }
    assert.equal(azurePostgresRestartArgs(azure, {}), undefined);
    assert.equal(azurePostgresRestartArgs(azure, { postgres_host: OUTPUTS.postgres_host }), undefined);
    assert.equal(azurePostgresRestartArgs(azure, { resource_group: 'bt-rg' }), undefined);
    assert.equal(azurePostgresRestartArgs(azure, { postgres_host: 42, resource_group: 'bt-rg' }), undefined);
  });
});

describe('installPhases: the restart is a phase of the first Azure install only', () => {
  const ids = (p: ReturnType<typeof installPhases>) => p.map((x) => x.id);
  test('first install: infrastructure, restart, then the Helm release', () => {
    const p = installPhases(azure, { firstInstall: true });
    assert.deepEqual(ids(p).slice(0, 3), ['infrastructure', 'restart-postgres', 'application']);
    assert.equal(p[0].omitApplication, true, 'the infrastructure apply leaves out the Helm release');
  });
  test('one apply (no restart) for a later install, a dry run, a plan-only run, and on the other clouds', () => {
    assert.deepEqual(ids(installPhases(azure, { firstInstall: false })), ['deploy']);
    assert.deepEqual(ids(installPhases(azure, { firstInstall: true, dryRun: true })), ['deploy']);
    assert.deepEqual(ids(installPhases(azure, { firstInstall: true, planOnly: true })), ['deploy']);
    for (const cloud of ['gcp', 'docker'] as const) {
      assert.deepEqual(ids(installPhases({ ...azure, cloud } as typeof azure, { firstInstall: true })), ['deploy'], cloud);
    }
  });
});

describe('Azure first install, in-process: the restart step', () => {
  const install = withDefaults(installCommand, installRun);
  const dirs: string[] = [];
  let template = '';
  before(async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const r = await runCli(['init', '--cloud', 'azure', '--region', 'eastus', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    template = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
  });
  after(async () => { for (const d of dirs) await removeDir(d); });

  /** A fresh deployment directory with fake terraform (and fake az unless `az: false`) on PATH. */
  async function setup(o: { az?: boolean } = {}) {
    const dir = await tempDir();
    dirs.push(dir);
    const config = join(dir, 'braintrust.yaml');
    await writeFile(config, template);
    const bin = await fakeTerraformBin(dir);
    const clis: FakeClis = await installFakeClis({ tools: ['az'] });
    const tfLog = join(dir, 'tf.log');
    const path = [bin, ...(o.az === false ? [] : [clis.binDir]), dirname(process.execPath)].join(':');
    const env = {
      ...clis.env(), PATH: path, FAKE_TF_LOG: tfLog, FAKE_TF_OUTPUTS: JSON.stringify(OUTPUTS),
      BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'k', BRAINTRUST_SKIP_PREFLIGHT: '1',
    };
    const applies = async () => existsSync(tfLog) ? (await readFile(tfLog, 'utf8')).trim().split('\n').filter((l) => JSON.parse(l).argv[0] === 'apply').length : 0;
    const restarts = async () => (await clis.calls('az')).filter((c) => c.argv.slice(0, 3).join(' ') === 'postgres flexible-server restart');
    const runInstall = (extra: Record<string, string> = {}, opts: Record<string, unknown> = {}) =>
      runOps(install, { cwd: dir, config, env: { ...env, ...extra }, now: new Date('2026-08-29T12:00:00Z'), yes: true }, { out: join(dir, 'braintrust.out'), ...opts });
    return { dir, config, clis, applies, restarts, runInstall, progress: join(dir, '.braintrust', 'install-phases.json') };
  }

  test('after the infrastructure apply and before the Helm release: `az postgres flexible-server restart` on the server from the outputs; once', async () => {
    const s = await setup();
    try {
      const r = await s.runInstall();
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual((await s.restarts()).map((c) => c.argv), [RESTART]);
      assert.equal(await s.applies(), 2, 'infrastructure, then the release');
      // The order users see: phase 1, the restart (a spinner that succeeds), phase 3.
      const at = (re: RegExp) => { const m = re.exec(r.stderr); assert.ok(m, `${re} in\n${r.stderr}`); return m.index; };
      const p2 = at(/^Phase 2\/\d: restart PostgreSQL so pg_cron and pg_hint_plan load$/m);
      assert.ok(at(/^Phase 1\/\d: infrastructure/m) < p2);
      assert.ok(p2 < at(/Restarting PostgreSQL so shared_preload_libraries \(pg_cron, pg_hint_plan\) take effect/));
      assert.ok(at(/✔ PostgreSQL restarted/) < at(/^Phase 3\/\d: the Braintrust Helm release$/m));
      assert.equal(existsSync(s.progress), false, 'the phase progress is removed once every phase is done');

      // A later install is one apply: no second restart.
      const again = await s.runInstall();
      assert.equal(again.code, 0, again.stderr);
      assert.equal((await s.restarts()).length, 1);
      assert.doesNotMatch(again.stderr, /Restarting PostgreSQL/);
    } finally {
      await s.clis.cleanup();
    }
  });

  test('a dry run synthesizes only: no restart', async () => {
    const s = await setup();
    try {
      const r = await s.runInstall({}, { dryRun: true });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await s.restarts(), []);
      assert.equal(await s.applies(), 0);
    } finally {
      await s.clis.cleanup();
    }
  });

  test('az not on PATH: the command to run is printed and the install carries on (the release is applied)', async () => {
    const s = await setup({ az: false });
    try {
      const r = await s.runInstall();
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /warning: Restart PostgreSQL once so pg_cron loads\. The az CLI is not on PATH; run: az postgres flexible-server restart --resource-group bt-rg --name bt-pg-7f3a$/m);
      assert.equal(await s.applies(), 2);
      assert.deepEqual(await s.restarts(), []);
    } finally {
      await s.clis.cleanup();
    }
  });

  test('a failed restart stops before the release (exit 1, az\'s reason and the command in the error); the next install resumes with the release', async () => {
    const s = await setup();
    try {
      const r = await s.runInstall({ FAKE_AZ_RESTART_FAIL: '1' });
      assert.equal(r.code, 1);
      assert.ok(r.error instanceof BraintrustError);
      assert.equal(r.error.message, 'PostgreSQL restart failed: ERROR: (ServerBusy) The server is busy with another operation. Please try again later.');
      assert.match(r.error.hint ?? '', /^Run `az postgres flexible-server restart --resource-group bt-rg --name bt-pg-7f3a` \(or fix the cause\), then run `braintrust install` again: it continues with the Helm release\.$/);
      assert.match(r.stderr, /✖ PostgreSQL restart failed \(ERROR: \(ServerBusy\)/);
      assert.equal(await s.applies(), 1, 'only the infrastructure');
      assert.deepEqual(JSON.parse(await readFile(s.progress, 'utf8')).done, ['infrastructure']);

      const resumed = await s.runInstall();
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /^Resuming the first install after: infrastructure$/m);
      assert.equal((await s.restarts()).length, 2, 'the failed restart, then the one that worked');
      assert.equal(await s.applies(), 2, 'the re-run applied the release only');
      assert.equal(existsSync(s.progress), false);
    } finally {
      await s.clis.cleanup();
    }
  });
});
