// `npm run bench`: median wall time (and peak RSS) over several runs of each scenario,
// beside bare `node -e 0` measured in the same run. Figures, not assertions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'src', 'bin.cjs');
const probe = join(root, 'bench', 'rss-probe.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'bt-bench-'));
const env = { ...process.env, CI: 'true', NO_COLOR: '1' };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function measure(name, args, { cwd = work, expectCode = 0, extraEnv = {} } = {}) {
  const times = [];
  const rssFile = join(work, `${name.replace(/\W+/g, '_')}.rss`);
  rmSync(rssFile, { force: true });
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', probe, ...args], { cwd, env: { ...env, ...extraEnv, BENCH_RSS_FILE: rssFile }, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== expectCode) {
      console.error(`${name}: exit ${r.status}\n${r.stderr}`);
      process.exit(1);
    }
  }
  const rss = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').map(Number) : [0];
  return { name, medianMs: Math.round(median(times)), peakRssMB: Math.round(Math.max(...rss) / 1024) };
}

function init(dir, cloud, tier = 'production') {
  const args = [cli, 'init', '--cloud', cloud, '--tier', tier, '--name', 'bench', '--org', 'acme'];
  if (cloud !== 'docker') args.push('--region', { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' }[cloud]);
  const r = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

const results = [];
results.push(measure('node -e 0', ['-e', '0']));
results.push(measure('braintrust --help', [cli, '--help']));
for (const cloud of ['aws', 'gcp', 'azure']) {
  const dir = mkdtempSync(join(work, `${cloud}-`));
  init(dir, cloud);
  if (cloud === 'aws') results.push(measure('braintrust sizing check (aws)', [cli, 'sizing', 'check'], { cwd: dir }));
  results.push(measure(`braintrust install --dry-run (${cloud})`, [cli, 'install', '--dry-run'], { cwd: dir }));
}
// The reference issue 21 measures against: `cdktf synth` of the very same AWS production stack.
// cdktf-cli is not a dependency: install it elsewhere (npm i cdktf-cli@0.21.0) and point
// BENCH_CDKTF_CLI at its bin script (node_modules/cdktf-cli/bundle/bin/cdktf).
if (process.env.BENCH_CDKTF_CLI) {
  const proj = mkdtempSync(join(work, 'cdktf-'));
  writeFileSync(join(proj, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.mjs', output: 'cdktf.out', projectId: 'bench', sendCrashReports: 'false' }));
  writeFileSync(join(proj, 'main.mjs'), [
    `const { App } = await import(${JSON.stringify(join(root, 'node_modules', 'cdktf', 'lib', 'index.js'))});`,
    `const { buildStack } = await import(${JSON.stringify(join(root, 'dist', 'stacks', 'aws', 'index.js'))});`,
    `const { exampleConfig } = await import(${JSON.stringify(join(root, 'dist', 'src', 'config', 'defaults.js'))});`,
    `const { validateConfig } = await import(${JSON.stringify(join(root, 'dist', 'src', 'config', 'load.js'))});`,
    `const app = new App();`,
    `buildStack(app, validateConfig(exampleConfig('aws', 'production', { name: 'bench', org: 'acme' })));`,
    `app.synth();`,
  ].join('\n'));
  results.push(measure('cdktf synth, same aws stack (reference)', [process.env.BENCH_CDKTF_CLI, 'synth'], { cwd: proj, extraEnv: { CHECKPOINT_DISABLE: '1' } }));
}
const extra = process.env.BENCH_EXTRA ? JSON.parse(process.env.BENCH_EXTRA) : [];
for (const e of extra) results.push(measure(e.name, [cli, ...e.args], { cwd: e.cwd ?? work }));

const base = results[0].medianMs;
const cdktfRef = results.find((r) => r.name.startsWith('cdktf synth'));
const awsDry = results.find((r) => r.name === 'braintrust install --dry-run (aws)');
console.log(`runs per scenario: ${runs} (median wall time; peak RSS of the CLI process)`);
console.log('scenario'.padEnd(40), 'median ms'.padStart(10), 'x node'.padStart(8), 'peak RSS MB'.padStart(12));
for (const r of results) {
  console.log(r.name.padEnd(40), String(r.medianMs).padStart(10), (r.medianMs / base).toFixed(2).padStart(8), String(r.peakRssMB).padStart(12));
}
if (cdktfRef && awsDry) console.log(`install --dry-run (aws) is ${(cdktfRef.medianMs / awsDry.medianMs).toFixed(1)}x faster than cdktf synth of the same stack`);
writeFileSync(join(root, 'bench', 'last-run.json'), JSON.stringify({ date: new Date().toISOString(), runs, results }, null, 2) + '\n');
rmSync(work, { recursive: true, force: true });
await import('./doctor.mjs'); // doctor against local services (bench/doctor.mjs)
await import("./settings-change.mjs");
