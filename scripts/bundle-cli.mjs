// Build step (after tsc): the CLI itself as one CommonJS file, dist/app/cli.cjs, with the small
// packages it needs on every run (commander, zod, yaml, chalk, ...) inlined, plus V8's code cache
// for it (dist/app/cli.v8cache, and cli.help.v8cache for `--help`) written by warm-up runs. The
// bin, src/bin.cts, loads it through node:vm with
// that cache; Node 20 has no compile cache for ES modules, and resolving, reading and compiling
// ~60 ES modules was most of `--help` and `sizing check` (issue 21). The heavy packages (cdktf,
// providers, cloud SDKs, pg, ioredis) stay outside and load with require() only when a command
// needs them; the per-cloud stack bundles are loaded as before (stacks/bundle.ts).
//
// The output must behave exactly as the modules do:
// - `import.meta.url` in each of our modules becomes that module's own dist/ URL, so every path
//   computed from it (package.json, templates, the terraform watchdog, the stack bundles) is the
//   same as in the ES module build;
// - a dynamic import() that must stay an ES module import (the stack modules' fallback when the
//   build made no stack bundle) goes through the launcher's import(), passed in as __btImport,
//   since node:vm scripts cannot import() with a code cache on Node 20;
// - every other import() is bundled (esbuild turns it into a lazy require), so a command still
//   initializes only the modules it uses.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/app/cli.cjs`;
const outDir = dirname(outfile);

// Loaded with require() when a command needs them (all ship CommonJS): the heavy packages, and the
// prompts (with their ~700 KB of encoding tables) and tar, which few runs use.
const external = ['cdktf', '@cdktf/*', 'constructs', '@aws-sdk/*', '@azure/*', '@google-cloud/*', 'pg', 'ioredis', '@inquirer/*', 'tar'];

const toPosix = (p) => p.split(sep).join('/');

const ourModules = {
  name: 'our-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/](src|stacks)[\\/].*\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      // src/config/yaml.ts requires the vendored single-file yaml at run time; here, bundle the package.
      if (/[\\/]dist[\\/]src[\\/]config[\\/]yaml\.js$/.test(args.path)) {
        text = text.replace(/loaded = createRequire\(import\.meta\.url\)\([^)]*\);/, "loaded = await import('yaml');");
      }
      // The stack modules (fallback when there is no stack bundle) stay ES modules.
      if (/[\\/]dist[\\/]stacks[\\/]synth\.js$/.test(args.path)) {
        text = text.replace(/import\('\.\/(aws|gcp|azure)\/index\.js'\)/g, (_m, c) => `__btImport(new URL('./${c}/index.js', import.meta.url).href)`);
      }
      if (text.includes('import.meta.url')) {
        const rel = toPosix(relative(outDir, args.path));
        text = text.replaceAll('import.meta.url', `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

await rm(`${root}dist/app`, { recursive: true, force: true }); // never a cache of an older bundle
const result = await build({
  entryPoints: [`${root}dist/src/cli-main.js`],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  external,
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  legalComments: 'none',
  // ASCII only (non-ASCII escaped), so the bin can decode it as latin1, the fastest decoder.
  charset: 'ascii',
  metafile: true,
  plugins: [ourModules],
});
const inputs = Object.keys(result.metafile.inputs);
for (const heavy of external) {
  const prefix = `node_modules/${heavy.replace('/*', '/')}`;
  if (inputs.some((i) => i.includes(prefix))) throw new Error(`bundle-cli: ${heavy} ended up in the CLI bundle`);
}

// Code caches: run representative commands through the bin with BRAINTRUST_WRITE_CODE_CACHE.
const r = spawnSync(process.execPath, [`${root}scripts/warm-cli.mjs`], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
