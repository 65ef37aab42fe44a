// Run the built CLI in a pseudo-terminal (python3's pty module: no native node dependency), so
// interactive prompts run as a user sees them. A script of steps: wait until the screen shows
// `expect` (a regex over the output after the previous match, ANSI escapes stripped), then type
// `send`. The wait limit is only a hang guard (the run reports timedOut), never an assertion on
// speed.
import { spawn, spawnSync } from 'node:child_process';
import { cliPath } from './cli.js';

export interface PtyStep {
  expect: string;
  send: string;
}

export interface PtyResult {
  code: number;
  /** Everything the terminal showed, ANSI escapes stripped. */
  screen: string;
  /** The step (index) whose text never appeared, if one did not. */
  stuckAt?: number;
}

const DRIVER = String.raw`
import json, os, pty, re, select, sys, time
steps = json.loads(sys.argv[1])
cmd = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
# A terminal has a size (80x24), as a real one does: with 0 columns ora's spinner, clearing its
# line, writes erase sequences without end and the run never gets past it.
import fcntl, struct, termios
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
raw = b''
seen = 0
ansi = re.compile(r'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]')
def screen():
    return ansi.sub('', raw.decode('utf8', 'replace'))
def pump(wait):
    global raw
    r, _, _ = select.select([fd], [], [], wait)
    if not r:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    raw += chunk
    return True
stuck = None
for i, step in enumerate(steps):
    pattern = re.compile(step['expect'])
    deadline = time.time() + float(os.environ.get('PTY_STEP_LIMIT_S', '120'))
    alive = True
    while True:
        m = pattern.search(screen(), seen)
        if m:
            seen = m.end()
            break
        if not alive or time.time() > deadline:
            stuck = i
            break
        alive = pump(0.2)
    if stuck is not None:
        break
    os.write(fd, step['send'].encode())
if stuck is not None:
    os.kill(pid, 9)
while pump(0.2):
    pass
_, status = os.waitpid(pid, 0)
print(json.dumps({'code': os.waitstatus_to_exitcode(status), 'screen': screen(), 'stuckAt': stuck}))
`;

export function hasPython3(): boolean {
  return spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
}

/** `braintrust <args>` in a pseudo-terminal, driven by `steps`. */
export function runCliInPty(args: string[], steps: PtyStep[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<PtyResult> {
  // An interactive terminal: no CI, no NO_COLOR (either one turns prompts off).
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', BRAINTRUST_SKIP_PREFLIGHT: '1', ...opts.env };
  delete env.CI;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER, JSON.stringify(steps), process.execPath, cliPath, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += String(d); });
    child.on('error', reject);
    child.on('close', () => {
      try {
        const r = JSON.parse(out) as { code: number; screen: string; stuckAt: number | null };
        resolve({ code: r.code, screen: r.screen, ...(r.stuckAt === null ? {} : { stuckAt: r.stuckAt }) });
      } catch (e) {
        reject(new Error(`pty driver: ${(e as Error).message}: ${out.slice(0, 500)}`));
      }
    });
  });
}
