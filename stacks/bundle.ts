// Load a cloud's prebuilt stack bundle (scripts/bundle-stacks.mjs): one CommonJS file with the
// stack, cdktf and only the provider classes that cloud uses, compiled through V8's code cache
// that the build wrote beside it. Resolving and compiling the hundreds of modules behind the
// deep provider imports was over half of a dry run's time (issue 21); this is one read and, when
// the cache is accepted, almost no compile. A missing bundle means "use the modules"; a cache V8
// rejects (another Node version) only costs the compile.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

export type BundledCloud = 'aws' | 'gcp' | 'azure';

export interface LoadedBundle<T> {
  exports: T;
  file: string;
  /** `accepted`, `rejected` (compiled from source) or `none` (no cache file). */
  codeCache: 'accepted' | 'rejected' | 'none';
  /** Write V8's code cache for everything compiled so far (the build calls this after a synth). */
  writeCodeCache(): void;
}

export function bundlePaths(cloud: BundledCloud): { file: string; cache: string } {
  const file = fileURLToPath(new URL(`../bundles/${cloud}.cjs`, import.meta.url));
  return { file, cache: file.replace(/\.cjs$/, '.v8cache') };
}

/** The bundle's exports, or undefined when the build made no bundle for this cloud. */
export function loadBundle<T>(cloud: BundledCloud): LoadedBundle<T> | undefined {
  const { file, cache } = bundlePaths(cloud);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // The CommonJS wrapper node itself uses, so the bundle runs exactly as a required module would.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (e: T, r: NodeJS.Require, m: typeof module, f: string, d: string) => void;
  run(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    file,
    codeCache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted',
    writeCodeCache() {
      const tmp = `${cache}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cache);
    },
  };
}
