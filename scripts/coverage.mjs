// Line and branch coverage of the compiled sources (dist/src, dist/stacks) per folder, from one
// run of the test suite under node's --experimental-test-coverage (Node 20: no extra tools).
//   npm run coverage [-- substring ...]   (the substrings pick test files, as in run-tests.mjs)
// The lcov file is left at dist/coverage/lcov.info for editors and CI annotations.
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { shuffleFromEnv } from './shuffle.mjs';

const repo = new URL('..', import.meta.url).pathname;
const root = join(repo, 'dist/test');
const only = process.argv.slice(2);
function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
const files = shuffleFromEnv(walk(root).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort(), process.env.TEST_SHUFFLE);
const lcov = join(repo, 'dist/coverage/lcov.info');
mkdirSync(dirname(lcov), { recursive: true });
const r = spawnSync(process.execPath, [
  '--test', '--experimental-test-coverage',
  '--test-reporter=dot', '--test-reporter-destination=stderr',
  '--test-reporter=lcov', `--test-reporter-destination=${lcov}`,
  ...files,
], { stdio: 'inherit', cwd: repo });

/** Folder of a covered file: dist/src/access/x.js -> src/access; dist/src/cli.js -> src. */
function folderOf(file) {
  const rel = file.replace(/^.*?dist\//, '');
  const parts = rel.split('/');
  if (parts[0] !== 'src' && parts[0] !== 'stacks') return undefined;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

const totals = new Map();
let current;
for (const line of readFileSync(lcov, 'utf8').split('\n')) {
  if (line.startsWith('SF:')) {
    const folder = folderOf(line.slice(3));
    current = folder ? (totals.get(folder) ?? totals.set(folder, { files: 0, lf: 0, lh: 0, brf: 0, brh: 0 }).get(folder)) : undefined;
    if (current) current.files += 1;
  } else if (current) {
    const [key, value] = line.split(':');
    if (key === 'LF') current.lf += Number(value);
    if (key === 'LH') current.lh += Number(value);
    if (key === 'BRF') current.brf += Number(value);
    if (key === 'BRH') current.brh += Number(value);
  }
}
const pct = (hit, found) => (found ? `${((100 * hit) / found).toFixed(1)}%` : '-');
const rows = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b));
const all = rows.reduce((t, [, v]) => ({ files: t.files + v.files, lf: t.lf + v.lf, lh: t.lh + v.lh, brf: t.brf + v.brf, brh: t.brh + v.brh }), { files: 0, lf: 0, lh: 0, brf: 0, brh: 0 });
const table = [['folder', 'files', 'lines', 'branches'], ...rows.map(([k, v]) => [k, String(v.files), pct(v.lh, v.lf), pct(v.brh, v.brf)]), ['all', String(all.files), pct(all.lh, all.lf), pct(all.brh, all.brf)]];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
process.stdout.write('\n' + table.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n') + '\n');
process.stdout.write(`lcov: ${lcov}\n`);
process.exit(r.status ?? 1);
