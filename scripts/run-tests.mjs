// Runs every compiled test file under dist/test with node's test runner.
// Node 20's --test does not expand globs, so the files are listed here.
//   node scripts/run-tests.mjs [substring ...]   only the files whose path contains one of them
//   TEST_SHUFFLE=1 (or =<seed>)                   run the files in a shuffled order; the seed is
//                                                 printed, and TEST_SHUFFLE=<that seed> repeats it
//   TEST_ALONE=1                                  run each file in its own `node --test`, one at a
//                                                 time (proves each file passes alone)
//   TEST_COVERAGE=1                               add --experimental-test-coverage
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { shuffleFromEnv } from './shuffle.mjs';

const root = new URL('../dist/test/', import.meta.url).pathname;
const only = process.argv.slice(2);
function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}

let files = walk(root).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
files = shuffleFromEnv(files, process.env.TEST_SHUFFLE);
const flags = ['--test', '--test-reporter=spec', ...(process.env.TEST_COVERAGE ? ['--experimental-test-coverage'] : [])];

if (process.env.TEST_ALONE) {
  const failed = [];
  for (const f of files) {
    const r = spawnSync(process.execPath, [...flags, f], { stdio: 'inherit' });
    if (r.status !== 0) failed.push(f);
  }
  if (failed.length) process.stderr.write(`run-tests: failed alone:\n  ${failed.join('\n  ')}\n`);
  process.exit(failed.length ? 1 : 0);
}
const r = spawnSync(process.execPath, [...flags, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
