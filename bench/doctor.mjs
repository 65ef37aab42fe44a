// `braintrust doctor` with every check against local services (PostgreSQL, redis-server,
// s3rver, node:http stand-ins for the API and Brainstore, fake cloud CLIs), the API health
// endpoint answering after 2 s. Checks run concurrently, so the run should take about 2 s plus
// start-up; target: median under 2.5 s. Run by `npm run bench` (after the build), or alone:
// `node bench/doctor.mjs` once dist/ is built.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'src', 'bin.cjs');
const probe = join(root, 'bench', 'rss-probe.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const HEALTH_DELAY_MS = 2000;
const services = await import(join(root, 'dist', 'test', 'helpers', 'services.js'));
const { installFakeClis } = await import(join(root, 'dist', 'test', 'helpers', 'fake-cloud-cli.js'));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function httpServer(handler) {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => { server.closeAllConnections(); server.close(); } };
}

/** Async spawn: this process hosts the services, so its event loop must keep running. */
function runDoctor(args, opts) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', probe, cli, ...args], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

const work = mkdtempSync(join(tmpdir(), 'bt-bench-doctor-'));
const redisPassword = 'bench-redis-pw';
const [db, redis, s3] = await Promise.all([services.startPostgres(), services.startRedis({ password: redisPassword }), services.startS3()]);
const api = await httpServer((req, res) => {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-methods': 'GET, POST' });
    return res.end();
  }
  setTimeout(() => res.end('Hello World!'), HEALTH_DELAY_MS);
});
const brainstore = await httpServer((_req, res) => res.end('ok'));
const fakes = await installFakeClis();
try {
  const tfBin = join(work, 'tf-bin');
  mkdirSync(tfBin);
  writeFileSync(join(tfBin, 'terraform'), `#!${process.execPath}\nprocess.stdout.write(JSON.stringify({ terraform_version: '1.9.5' }) + '\\n');\n`, { mode: 0o755 });
  const today = new Date().toISOString().slice(0, 10);
  writeFileSync(join(work, 'manifest.json'), JSON.stringify({ schemaVersion: 1, releases: [{ version: 'v1.0.0', date: today, components: { api: '1', brainstore: '1' }, notesUrl: 'https://example.com' }] }));
  writeFileSync(join(work, 'braintrust.json'), JSON.stringify({
    name: 'bench', cloud: 'aws', region: 'us-east-1', tier: 'testing', version: 'v1.0.0', orgName: 'acme',
    api: { instances: 1, cpu: 1, memoryGiB: 2 },
    postgres: { instanceType: 'db.r8g.large', storageGiB: 100, iops: 3000, version: 15 },
    redis: { instanceType: 'cache.r7g.large', version: '7.1' },
    brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' } },
  }));
  mkdirSync(join(work, '.braintrust'));
  writeFileSync(join(work, '.braintrust', 'outputs.json'), JSON.stringify({
    region: 'us-east-1', api_url: api.url, brainstore_url: brainstore.url,
    postgres_host: '127.0.0.1', postgres_port: db.port, postgres_username: db.user,
    redis_host: '127.0.0.1', redis_port: redis.port, redis_tls: 'false', brainstore_bucket: s3.bucket,
  }));
  const env = fakes.env({
    PATH: `${fakes.binDir}:${tfBin}`, CI: 'true', NO_COLOR: '1',
    BRAINTRUST_PG_PASSWORD: db.password, BRAINTRUST_REDIS_PASSWORD: redisPassword, BRAINTRUST_S3_ENDPOINT: s3.endpoint,
    AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey, AWS_REGION: s3.region,
    BENCH_RSS_FILE: join(work, 'doctor.rss'),
  });
  const args = ['--config', 'braintrust.json', 'doctor', '--json', '--via', 'direct', '--manifest', join(work, 'manifest.json')];
  const times = [];
  let nChecks = 0;
  for (let i = 0; i < runs; i++) {
    const r = await runDoctor(args, { cwd: work, env });
    if (r.code !== 0) {
      console.error(`doctor exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
      process.exitCode = 1;
      break;
    }
    const checks = JSON.parse(r.stdout).checks;
    if (checks.length < 17) throw new Error(`expected every doctor check to run, got ${checks.length}`);
    nChecks = checks.length;
    times.push(r.ms);
  }
  const rss = existsSync(env.BENCH_RSS_FILE) ? readFileSync(env.BENCH_RSS_FILE, 'utf8').trim().split('\n').map(Number) : [0];
  if (times.length) {
    const ms = Math.round(median(times));
    console.log(`\nbraintrust doctor, ${nChecks} checks, API health delayed ${HEALTH_DELAY_MS / 1000} s (${runs} runs): median ${ms} ms (target < 2500 ms), ` +
      `min ${Math.round(Math.min(...times))} ms, max ${Math.round(Math.max(...times))} ms, peak RSS ${Math.round(Math.max(...rss) / 1024)} MB`);
  }
} finally {
  api.close();
  brainstore.close();
  await Promise.all([db.stop(), redis.stop(), s3.stop(), fakes.cleanup()]);
  rmSync(work, { recursive: true, force: true });
}
