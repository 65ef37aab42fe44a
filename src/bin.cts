#!/usr/bin/env node
// The `braintrust` bin. Runs the CLI (src/cli-main.ts) from the build's single-file bundle,
// dist/app/cli.cjs, compiled through V8's code cache the build wrote beside it
// (scripts/bundle-cli.mjs): Node 20 has no compile cache for ES modules, and resolving, reading
// and compiling ~60 of them was most of `--help` and `sizing check` (issue 21). CommonJS, so
// starting the bin does not start the ES module loader either. Without a bundle (a build that
// made none, or BRAINTRUST_CLI_MODULES=1) it imports the ES modules; a cache V8 rejects (another
// Node version) only costs the compile. This file loads nothing but node built-ins.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

type Main = (argv: string[]) => Promise<void>;

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The bundle's main, or undefined when there is no bundle to run. */
function bundledMain(): Main | undefined {
  if (process.env.BRAINTRUST_CLI_MODULES === '1') return undefined;
  const file = join(__dirname, '..', 'app', 'cli.cjs');
  const source = readIfPresent(file);
  if (!source) return undefined;
  const cacheFile = file.replace(/\.cjs$/, '.v8cache');
  // The build writes two caches of the same script: one from `--help` alone (small, quick to
  // load) and one from the commands users run most. Either is valid; the choice is only speed.
  const helpOnly = process.argv.length <= 2 || process.argv.slice(2).every((a) => a === '--help' || a === '-h');
  const cachedData = (helpOnly ? readIfPresent(cacheFile.replace(/\.v8cache$/, '.help.v8cache')) : undefined) ?? readIfPresent(cacheFile);
  // Node's own CommonJS wrapper, plus an import() for the few ES modules the bundle must import as
  // such (see scripts/bundle-cli.mjs): node:vm scripts cannot import() with a code cache on Node 20.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __btImport) {${source.toString('latin1')}\n})`, { filename: file, cachedData });
  const writeCache = process.env.BRAINTRUST_WRITE_CODE_CACHE;
  if (writeCache === 'help' || writeCache === 'main') {
    // Build only (scripts/warm-cli.mjs): save what this run compiled, for the next start.
    const target = writeCache === 'help' ? cacheFile.replace(/\.v8cache$/, '.help.v8cache') : cacheFile;
    process.on('exit', () => {
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, target);
    });
  }
  const module = { exports: {} as { main: Main } };
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: typeof module, f: string, d: string, i: (s: string) => Promise<unknown>) => void;
  run(module.exports, createRequire(file), module, file, dirname(file), (specifier) => import(specifier));
  return module.exports.main;
}

const main = bundledMain();
if (main) {
  void main(process.argv);
} else {
  void import('./cli-main.js').then((m: { main: Main }) => m.main(process.argv));
}
