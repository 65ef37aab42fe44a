// The process between the CLI and terraform: `node watchdog.js <terraform> <args...>`.
// It forwards terraform's output, and its stdin is a pipe from the CLI. When the CLI dies in any
// way (even kill -9) that pipe closes, and the watchdog sends terraform one SIGINT, as Ctrl-C
// would: terraform stops gracefully, saves state and releases its state lock. It never sends
// SIGKILL. A SIGINT/SIGTERM sent to the watchdog (the CLI's Ctrl-C) is forwarded the same way.
import { spawn } from 'node:child_process';

const [bin, ...args] = process.argv.slice(2);
if (!bin) {
  process.stderr.write('usage: watchdog <terraform> [args...]\n');
  process.exit(2);
}

const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let interrupted = false;
const interrupt = () => {
  if (interrupted) return;
  interrupted = true;
  child.kill('SIGINT');
};

// Forward output while the CLI reads it; once it is gone, keep draining so terraform never
// blocks on (or dies from) a full or broken pipe.
for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
  let open = true;
  to.on('error', () => { open = false; });
  from.on('data', (d: Buffer) => {
    if (open) to.write(d);
  });
}

process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
process.on('SIGHUP', interrupt);
process.stdin.on('end', interrupt);
process.stdin.on('close', interrupt);
process.stdin.on('error', interrupt);
process.stdin.resume();

child.on('error', (e) => {
  process.stderr.write(`could not start ${bin}: ${e.message}\n`);
  process.exit(127);
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 1);
  process.stdin.destroy();
  // Let the last forwarded output drain, then exit with terraform's code.
  process.stdout.write('', () => process.exit(process.exitCode));
});
