// The build's per-cloud bundles (scripts/bundle-stacks.mjs) synthesize exactly what the modules
// do, byte for byte, and each carries only its own cloud's provider.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig } from '../../src/config/defaults.js';
import { validateConfig } from '../../src/config/load.js';
import { synthDeployment } from '../../stacks/synth.js';
import { bundlePaths } from '../../stacks/bundle.js';

const clouds = ['aws', 'gcp', 'azure'] as const;
const providers = { aws: '@cdktf/provider-aws', gcp: '@cdktf/provider-google', azure: '@cdktf/provider-azurerm' };

describe('stack bundles', async () => {
  const work = await mkdtemp(join(tmpdir(), 'bt-bundle-'));
  after(() => rm(work, { recursive: true, force: true }));

  for (const cloud of clouds) {
    for (const tier of ['testing', 'production'] as const) {
      for (const allowDataDeletion of [false, true]) {
        test(`${cloud} ${tier}${allowDataDeletion ? ' (destroy --delete-data)' : ''}: bundle and modules write identical cdk.tf.json`, async () => {
          const config = validateConfig(exampleConfig(cloud, tier, { name: 'bt', org: 'acme' }));
          const tag = `${cloud}-${tier}-${allowDataDeletion}`;
          const viaBundle = await synthDeployment(config, join(work, `${tag}-bundle`), { allowDataDeletion });
          const viaModules = await synthDeployment(config, join(work, `${tag}-modules`), { allowDataDeletion, engine: 'modules' });
          assert.equal(viaBundle.engine?.kind, 'bundle', 'npm run build makes a bundle for every cloud');
          assert.equal(viaModules.engine?.kind, 'modules');
          const [a, b] = await Promise.all([readFile(viaBundle.stackFile, 'utf8'), readFile(viaModules.stackFile, 'utf8')]);
          assert.ok(a.length > 10_000, 'a real stack');
          assert.equal(a, b);
        });
      }
    }
  }

  test('the build wrote a V8 code cache for every bundle, and this Node accepts it', async () => {
    const config = validateConfig(exampleConfig('azure', 'testing', { name: 'bt', org: 'acme' }));
    const r = await synthDeployment(config, join(work, 'cache'));
    assert.ok(r.engine?.kind === 'bundle');
    assert.equal(r.engine.codeCache, 'accepted');
  });

  for (const cloud of clouds) {
    test(`the ${cloud} bundle holds its own provider and no other cloud's`, async () => {
      const text = await readFile(bundlePaths(cloud).file, 'utf8');
      for (const [other, pkg] of Object.entries(providers)) {
        const has = text.includes(`node_modules/${pkg}/lib/`);
        assert.equal(has, other === cloud, `${pkg} in the ${cloud} bundle`);
      }
    });
  }
});
