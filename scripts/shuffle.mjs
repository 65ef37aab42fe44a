// A seeded shuffle of test files (TEST_SHUFFLE=1 picks a seed and prints it; TEST_SHUFFLE=<seed>
// repeats that order), shared by run-tests.mjs and coverage.mjs.
import { randomInt } from 'node:crypto';

/**
 * Deterministic PRNG (mulberry32) so a seed reproduces an order (the fuzz test draws its inputs
 * from it too).
 * @param {number} seed
 * @returns {() => number} numbers in [0, 1)
 */
export function mulberry32(seed) {
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
  const next = mulberry32(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function shuffleFromEnv(files, value) {
  if (!value || value === '0') return files;
  const seed = /^\d+$/.test(value) && value !== '1' ? Number(value) : randomInt(2, 2 ** 31);
  process.stderr.write(`tests: shuffled order, seed ${seed} (repeat with TEST_SHUFFLE=${seed})\n`);
  return shuffle(files, seed);
}
