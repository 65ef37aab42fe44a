// Build step (scripts/bundle-cli.mjs): run the commands users start most often through the
// bundled CLI, each run starting from the code cache the previous one wrote, so the cache holds
// the functions all of them compile; and `--help` alone for the bin's small help cache. Offline: configs are written by `init`, installs are
// dry runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/src/bin.cjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bt-warm-cli-'));
const env = { ...process.env, CI: 'true', NO_COLOR: '1', BRAINTRUST_WRITE_CODE_CACHE: 'main' };
delete env.BRAINTRUST_CLI_MODULES;
delete env.NODE_OPTIONS;

function run(args, cwd = work, expect = [0], cache = 'main') {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...env, BRAINTRUST_WRITE_CODE_CACHE: cache }, encoding: 'utf8' });
  if (!expect.includes(r.status)) throw new Error(`warm-cli: braintrust ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
}

try {
  // The small cache the bin uses for `--help` alone.
  run(['--help'], work, [0], 'help');
  // The main cache, each run starting from the one before.
  run(['--help']);
  for (const [cloud, region] of [['aws', 'us-east-1'], ['gcp', 'us-central1'], ['azure', 'eastus'], ['docker']]) {
    const dir = mkdtempSync(join(work, `${cloud}-`));
    run(['init', '--cloud', cloud, ...(region ? ['--region', region] : []), '--tier', 'production', '--name', 'warm', '--org', 'warm'], dir);
    run(['sizing', 'check'], dir, [0, 1]);
    run(['install', '--dry-run'], dir);
  }
  run(['sizing', 'check'], join(work), [0, 1, 2]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
