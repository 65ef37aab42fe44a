// Runs in a fresh process per cloud (scripts/bundle-stacks.mjs): load the bundle exactly as the
// CLI does, synthesize the default config of both tiers so the functions synth runs are compiled,
// then save V8's code cache beside the bundle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cloud = process.argv[2];
const dist = new URL('../dist/', import.meta.url);
const { loadBundle } = await import(new URL('stacks/bundle.js', dist).href);
const { exampleConfig } = await import(new URL('src/config/defaults.js', dist).href);
const { validateConfig } = await import(new URL('src/config/load.js', dist).href);

const bundle = loadBundle(cloud);
if (!bundle) throw new Error(`no bundle for ${cloud}`);
const out = mkdtempSync(join(tmpdir(), 'bt-warm-'));
try {
  for (const tier of ['testing', 'production']) {
    const config = validateConfig(exampleConfig(cloud, tier, { name: 'warm', org: 'warm' }));
    const app = new bundle.exports.App({ outdir: join(out, tier), skipValidation: false });
    bundle.exports.buildStack(app, config);
    app.synth();
  }
  bundle.writeCodeCache();
} finally {
  rmSync(out, { recursive: true, force: true });
}
