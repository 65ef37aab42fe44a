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
import { randomInt } from 'node:crypto';

const root = new URL('../dist/test/', import.meta.url).pathname;
const only = process.argv.slice(2);
function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}

/** Deterministic PRNG (mulberry32) so a seed reproduces an order. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle(list, seed) {
  const next = rng(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

let files = walk(root).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const shuffleEnv = process.env.TEST_SHUFFLE;
if (shuffleEnv && shuffleEnv !== '0') {
  const seed = /^\d+$/.test(shuffleEnv) && shuffleEnv !== '1' ? Number(shuffleEnv) : randomInt(2, 2 ** 31);
  files = shuffle(files, seed);
  process.stderr.write(`run-tests: shuffled order, seed ${seed} (repeat with TEST_SHUFFLE=${seed})\n`);
}
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
