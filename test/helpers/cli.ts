// Run the built CLI as a process, the way users do.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cliPath = join(projectRoot, 'dist', 'src', 'bin.cjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; onSpawn?: (pid: number) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: opts.cwd ?? projectRoot,
      // Preflight asks the real cloud: tests that want it pass BRAINTRUST_SKIP_PREFLIGHT: '0'.
      env: { ...process.env, CI: 'true', NO_COLOR: '1', BRAINTRUST_SKIP_PREFLIGHT: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('spawn', () => opts.onSpawn?.(child.pid!));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

export async function tempDir(prefix = 'bt-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A bin dir holding a fake `terraform` (see test/fixtures/fake-terraform.mjs). */
export async function fakeTerraformBin(dir: string): Promise<string> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const target = join(bin, 'terraform');
  await copyFile(join(projectRoot, 'test', 'fixtures', 'fake-terraform.mjs'), target);
  await chmod(target, 0o755);
  return bin;
}
