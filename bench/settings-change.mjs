// `npm run bench` (after run.mjs): how much time a settings change spends of its own, from
// start to the confirmation point, with a fake terraform that takes a fixed time per command
// (FAKE_TF_PHASE_MS). Own time = wall time - time inside terraform processes (their own
// start-to-exit, from FAKE_TF_TIMES). Non-interactive without --yes stops after the plan,
// which is where an interactive run asks for confirmation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'src', 'bin.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const phaseMs = 1000;
const work = mkdtempSync(join(tmpdir(), 'bt-bench-change-'));
const bin = join(work, 'bin');
spawnSync('mkdir', ['-p', bin]);
copyFileSync(join(root, 'test', 'fixtures', 'fake-terraform.mjs'), join(bin, 'terraform'));
chmodSync(join(bin, 'terraform'), 0o755);
const env = { ...process.env, CI: 'true', NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}`, FAKE_TF_PHASE_MS: String(phaseMs), BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'bench-license', BRAINTRUST_SKIP_PREFLIGHT: '1' };
const run = (args) => spawnSync(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8' });

let r = run(['init', '--cloud', 'aws', '--region', 'us-east-1', '--tier', 'production', '--name', 'bench', '--org', 'acme']);
if (r.status !== 0) throw new Error(r.stderr);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const results = [];
for (const [name, args] of [
  ['rate-limit set (to the confirmation point)', (i) => ['rate-limit', 'set', '--max-requests', String(200 + i)]],
  ['telemetry enable --logs (to the confirmation point)', (i) => ['telemetry', 'enable', '--logs', i % 2 ? 'on' : 'off']],
]) {
  const own = [];
  const tf = [];
  for (let i = 0; i < runs; i++) {
    const times = join(work, `times-${i}.jsonl`);
    rmSync(times, { force: true });
    const t0 = Date.now();
    r = spawnSync(process.execPath, [cli, ...args(i)], { cwd: work, env: { ...env, FAKE_TF_TIMES: times }, encoding: 'utf8' });
    const wall = Date.now() - t0;
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
    const inTf = readFileSync(times, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).reduce((a, t) => a + (t.end - t.start), 0);
    own.push(wall - inTf);
    tf.push(inTf);
  }
  results.push({ name, ownMs: median(own), terraformMs: median(tf) });
}
console.log(`\nsettings change, own time (fake terraform: ${phaseMs} ms per command; median of ${runs})`);
for (const x of results) console.log(`${x.name.padEnd(52)} own ${String(x.ownMs).padStart(5)} ms   in terraform ${x.terraformMs} ms`);
writeFileSync(join(root, 'bench', 'last-run-settings.json'), JSON.stringify({ date: new Date().toISOString(), runs, phaseMs, results }, null, 2) + '\n');
rmSync(work, { recursive: true, force: true });
