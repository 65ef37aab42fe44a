// Build step (after tsc): bundle each cloud's stack, with cdktf and only the provider classes it
// uses, into one CommonJS file, dist/bundles/<cloud>.cjs, then write V8's code cache for it
// (dist/bundles/<cloud>.v8cache) from a warm-up synth of both tiers in a fresh process
// (scripts/warm-bundle.mjs). stacks/bundle.ts loads them; stacks/synth.ts falls back to the
// modules when there is no bundle, and a test checks both synthesize byte-identical JSON.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// cdktf records a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER) for every token it
// creates, only to quote it in resolution errors; with hundreds of tokens per stack that is tens
// of milliseconds of every synth. The bundle records none (the synthesized JSON never holds them:
// the byte-identical test compares it with the modules' output).
const noTokenStackTraces = {
  name: 'no-token-stack-traces',
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: 'exports.captureStackTrace = function captureStackTrace() { return []; };',
      loader: 'js',
    }));
  },
};
const clouds = ['aws', 'gcp', 'azure'];

await Promise.all(clouds.map(async (cloud) => {
  rmSync(`${root}dist/bundles/${cloud}.v8cache`, { force: true }); // never a cache of an older bundle
  await build({
    stdin: {
      contents: [
        `export { buildStack } from './dist/stacks/${cloud}/index.js';`,
        `export { App, Aspects } from 'cdktf';`,
        `export { AllowDataDeletion } from './dist/stacks/common/allow-data-deletion.js';`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: `bundle-${cloud}.js`,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: `${root}dist/bundles/${cloud}.cjs`,
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [noTokenStackTraces],
  });
}));

for (const cloud of clouds) {
  const r = spawnSync(process.execPath, [`${root}scripts/warm-bundle.mjs`, cloud], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
