// planDeployment is pure: configs in, a DeploymentPlan value out (no files, no processes). These
// tests build the configs in memory and name a config path that does not exist.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { exampleConfig } from '../../src/config/defaults.js';
import { validateConfig } from '../../src/config/load.js';
import type { Cloud, ConfigInput, Tier } from '../../src/config/schema.js';
import { checkSizing } from '../../src/sizing/check.js';
import { DATA_PLANE_URL_PLACEHOLDER, PLAN_SCHEMA_VERSION, planDeployment, type ConfigSnapshot } from '../../src/deploy/plan.js';
import { rateLimitEdit } from '../../src/deploy/edits.js';
import { installPhases } from '../../src/deploy/install-phases.js';

const PATH = '/nonexistent/bt/braintrust.json';

function snapshot(raw: ConfigInput): ConfigSnapshot {
  return { path: PATH, text: JSON.stringify(raw, null, 2) + '\n', config: validateConfig(raw, PATH) };
}

function configs(cloud: Cloud, tier: Tier, edit?: (raw: ConfigInput) => void): { before: ConfigSnapshot; after: ConfigSnapshot } {
  const raw = exampleConfig(cloud, tier, { name: 'btdp', org: 'acme' }) as ConfigInput;
  const next = structuredClone(raw);
  edit?.(next);
  return { before: snapshot(raw), after: snapshot(next) };
}

describe('planDeployment', () => {
  test('a rate-limit edit: schemaVersion, the config diff, the setting, the API environment, sizing and one deploy phase', () => {
    const { before, after } = configs('aws', 'production', rateLimitEdit({ maxRequests: 250, windowMinutes: 5 }));
    const plan = planDeployment({ action: 'rate-limit', before, after, displayName: 'braintrust.json' });
    assert.equal(plan.schemaVersion, PLAN_SCHEMA_VERSION);
    assert.equal(plan.schemaVersion, 1);
    assert.deepEqual([plan.action, plan.mode, plan.name, plan.cloud, plan.tier, plan.config], ['rate-limit', 'apply', 'btdp', 'aws', 'production', PATH]);
    assert.match(plan.configDiff, /^--- braintrust\.json \(current\)\n\+\+\+ braintrust\.json \(new\)/);
    assert.match(plan.configDiff, /^\+ {4}"maxRequests": 250,?$/m);
    assert.deepEqual(plan.changes, [
      { path: 'rateLimit.maxRequests', before: 0, after: 250 },
      { path: 'rateLimit.windowMinutes', before: 1, after: 5 },
    ]);
    assert.deepEqual(plan.env, [
      { name: 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS', before: '0', after: '250' },
      { name: 'OUTBOUND_RATE_LIMIT_WINDOW_MINUTES', before: '1', after: '5' },
    ]);
    assert.deepEqual(plan.immutable, []);
    assert.deepEqual(plan.findings, checkSizing(after.config));
    assert.deepEqual(plan.phases.map((p) => p.id), ['deploy']);
    // A JSON document round-trips to the same value (what --json prints).
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
  });

  test('what will run follows the flags and the target', () => {
    const edit = rateLimitEdit({ maxRequests: 10 });
    const aws = configs('aws', 'testing', edit);
    const mode = (extra: object, c = aws) => planDeployment({ action: 'rate-limit', ...c, ...extra }).mode;
    assert.equal(mode({}), 'apply');
    assert.equal(mode({ dryRun: true }), 'dry-run');
    assert.equal(mode({ configOnly: true }), 'config-only');
    assert.equal(mode({ dryRun: true, configOnly: true }), 'dry-run');
    assert.equal(mode({}, configs('docker', 'testing', edit)), 'compose');
    const configOnly = planDeployment({ action: 'rate-limit', ...aws, configOnly: true });
    assert.deepEqual([configOnly.phases, configOnly.findings], [[], []], 'a config-only write synthesizes nothing, so sizing is not checked');
  });

  test('an edit that changes nothing is unchanged (and runs nothing); install without an edit still deploys', () => {
    const same = configs('gcp', 'production', rateLimitEdit({ maxRequests: 0 }));
    const unchanged = planDeployment({ action: 'rate-limit', ...same, dryRun: true });
    assert.deepEqual([unchanged.mode, unchanged.configDiff, unchanged.changes, unchanged.env, unchanged.phases], ['unchanged', '', [], [], []]);
    const install = planDeployment({ action: 'install', before: same.before, planOnly: true });
    assert.deepEqual([install.mode, install.configDiff, install.phases.map((p) => p.id)], ['plan-only', '', ['deploy']]);
  });

  test('a first install on Azure runs in three phases; a later one, a dry run or another cloud in one', () => {
    const { before } = configs('azure', 'production');
    const ids = (extra: object) => planDeployment({ action: 'install', before, ...extra }).phases.map((p) => p.id);
    // The phases are install-phases.ts's list (a Front Door config adds its Private Link approval).
    assert.deepEqual(ids({ firstInstall: true }), installPhases(before.config, { firstInstall: true }).map((p) => p.id));
    assert.deepEqual(ids({ firstInstall: true }).slice(0, 3), ['infrastructure', 'restart-postgres', 'application']);
    assert.deepEqual(ids({ firstInstall: false }), ['deploy']);
    assert.deepEqual(ids({ firstInstall: true, dryRun: true }), ['deploy']);
    assert.deepEqual(planDeployment({ action: 'install', before: configs('gcp', 'production').before, firstInstall: true }).phases.map((p) => p.id), ['deploy']);
  });

  test('settings that replace resources are listed with what they replace; deployed is carried for the guard', () => {
    const { before, after } = configs('aws', 'testing', (raw) => { raw.region = 'us-west-2'; });
    const plan = planDeployment({ action: 'config-set', before, after, deployed: true });
    assert.deepEqual(plan.immutable.map((c) => [c.key, c.before, c.after]), [['region', 'us-east-1', 'us-west-2']]);
    assert.match(plan.immutable[0].replaces, /regional resource/);
    assert.equal(plan.deployed, true);
    assert.equal(planDeployment({ action: 'config-set', before, after }).deployed, false);
  });

  test('destroy: no sizing, and --delete-data lifts protection in a phase before the destroy', () => {
    const { before } = configs('aws', 'production');
    const plain = planDeployment({ action: 'destroy', before, destroy: true });
    assert.deepEqual([plain.mode, plain.findings, plain.phases.map((p) => p.id)], ['destroy', [], ['destroy']]);
    assert.deepEqual(planDeployment({ action: 'destroy', before, destroy: true, deleteData: true }).phases.map((p) => p.id), ['destroy-unprotect', 'destroy']);
  });

  test('proxy mode: BRAINTRUST_APP_URL becomes the data plane URL from the outputs, or a placeholder before install', () => {
    const { before, after } = configs('gcp', 'production', (raw) => { raw.urls = { ...raw.urls, proxyControlPlane: true }; });
    const appUrl = (outputs?: Record<string, unknown>) =>
      planDeployment({ action: 'url', before, after, outputs }).env.find((e) => e.name === 'BRAINTRUST_APP_URL')?.after;
    assert.equal(appUrl({ api_url: 'https://api.example.com' }), 'https://api.example.com');
    assert.equal(appUrl(), DATA_PLANE_URL_PLACEHOLDER);
  });

  test('pure: the same input gives the same plan and the inputs are not changed', () => {
    const { before, after } = configs('aws', 'production', rateLimitEdit({ windowMinutes: 3 }));
    const copy = structuredClone({ before, after });
    const a = planDeployment({ action: 'rate-limit', before, after, outputs: { api_url: 'https://x' } });
    const b = planDeployment({ action: 'rate-limit', before, after, outputs: { api_url: 'https://x' } });
    assert.deepEqual(a, b);
    assert.deepEqual({ before, after }, copy);
  });
});
