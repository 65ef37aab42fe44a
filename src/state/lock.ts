// One exclusive lock per config directory (.braintrust/lock) around every command that
// synthesizes or applies: two runs would otherwise apply each other's plans or overwrite each
// other's config edits. A second command refuses at once (exit 1) naming the holder. The lock
// file says who holds it (pid, host, command, start time, and the terraform watchdog's pid
// while terraform runs); a lock whose process is gone on this host is stale and taken over,
// unless the terraform it started is still running.
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { unlinkSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { lockPath, stateDirOf } from './paths.js';
import { ensurePrivateDir, writeFileAtomic, PRIVATE_FILE_MODE } from './files.js';
import { BraintrustError } from '../ui/errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  runId: string;
  /** The process that runs terraform for this run (its watchdog), while it runs. */
  terraformPid?: number;
}

export interface StaleLock {
  info: LockInfo;
}

export interface HeldLock {
  info: LockInfo;
  path: string;
  /** A stale lock this one replaced (its holder died). */
  replaced?: StaleLock;
  /** Record the pid of the process running terraform (undefined when it has exited). */
  setTerraformPid(pid: number | undefined): Promise<void>;
  release(): Promise<void>;
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

export function processAlive(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(info: LockInfo): string {
  return `pid ${info.pid} on ${info.host}, \`braintrust ${info.command}\` started ${info.startedAt}`;
}

async function readLockOnce(path: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The holder's record; a lock just created may not be written yet, so an empty read is retried. */
async function readLock(path: string): Promise<LockInfo | undefined> {
  for (let i = 0; i < 10; i++) {
    const info = await readLockOnce(path);
    if (info) return info;
    await new Promise((r) => setTimeout(r, 30));
  }
  return undefined;
}

/** A lock file nobody has written to for this long, and that cannot be read, is abandoned. */
const UNREADABLE_STALE_MS = 60_000;

// Reentrant within one process: a command that locks and then calls deploy() (which locks too).
const held = new Map<string, { lock: HeldLock; depth: number }>();

function lockedError(path: string, info: LockInfo | undefined, why: string, hint: string): BraintrustError {
  return new BraintrustError(`Another braintrust run holds ${path}${info ? `: ${describe(info)}` : ''}${why}`, {
    code: 'LOCKED',
    hint,
  });
}

/** Take the lock or throw LOCKED (exit 1) at once. */
export async function acquireLock(configPath: string, command: string, opts: { now?: Date; runId?: string } = {}): Promise<HeldLock> {
  const path = lockPath(configPath);
  const mine = held.get(path);
  if (mine) {
    mine.depth += 1;
    return mine.lock;
  }
  await ensurePrivateDir(stateDirOf(configPath));
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: (opts.now ?? new Date()).toISOString(),
    runId: opts.runId ?? newRunId(opts.now),
  };
  let replaced: StaleLock | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', PRIVATE_FILE_MODE);
      try {
        await fh.writeFile(JSON.stringify(info) + '\n');
      } finally {
        await fh.close();
      }
      const lock = makeLock(path, info, replaced);
      held.set(path, { lock, depth: 1 });
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const other = await readLock(path);
    if (!other) {
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > UNREADABLE_STALE_MS) {
        await unlink(path).catch(() => {});
        continue;
      }
      throw lockedError(path, undefined, ' (the lock file is unreadable)',
        `If no other braintrust command is running for this config, delete ${path} and re-run.`);
    }
    if (other.host !== info.host) {
      throw lockedError(path, other, '', `Wait for it to finish. If that run is dead (the machine is gone), delete ${path} and re-run.`);
    }
    if (processAlive(other.pid)) {
      throw lockedError(path, other, '', 'Wait for it to finish, then re-run (runs on one config never overlap).');
    }
    if (processAlive(other.terraformPid)) {
      throw lockedError(path, other, `; that run was killed but its terraform (pid ${other.terraformPid}) is still running and stopping gracefully`,
        'Wait for that terraform process to exit (it saves state and releases its state lock), then re-run.');
    }
    // Stale: its holder died (kill -9, a crash, a reboot). Take it over.
    replaced = { info: other };
    // Only if it is still that same stale record (another run may have just taken it over).
    if ((await readLockOnce(path))?.runId === other.runId) await unlink(path).catch(() => {});
  }
  throw lockedError(path, undefined, ' (another run keeps taking it)', 'Re-run when the other run has finished.');
}

function makeLock(path: string, info: LockInfo, replaced: StaleLock | undefined): HeldLock {
  let released = false;
  // Updates go one after another, each an atomic rename, so readers never see half a record.
  let writes: Promise<void> = Promise.resolve();
  const onExit = () => {
    // process.exit() (a second Ctrl-C) skips finally blocks: still never leave our lock behind.
    try {
      if (JSON.parse(readFileSync(path, 'utf8')).runId === info.runId) unlinkSync(path);
    } catch { /* gone already */ }
  };
  process.on('exit', onExit);
  const lock: HeldLock = {
    info,
    path,
    replaced,
    setTerraformPid(pid) {
      if (released) return writes;
      if (pid === undefined) delete info.terraformPid;
      else info.terraformPid = pid;
      const text = JSON.stringify(info) + '\n';
      writes = writes.then(() => (released ? undefined : writeFileAtomic(path, text, { mode: PRIVATE_FILE_MODE }))).catch(() => {});
      return writes;
    },
    async release() {
      const entry = held.get(path);
      if (entry && entry.depth > 1) {
        entry.depth -= 1;
        return;
      }
      held.delete(path);
      await writes;
      released = true;
      process.off('exit', onExit);
      const current = await readLockOnce(path);
      if (current?.runId === info.runId) await unlink(path).catch(() => {});
    },
  };
  return lock;
}

/** Run fn holding the lock; released however fn ends. */
export async function withLock<R>(configPath: string, command: string, fn: (lock: HeldLock) => Promise<R>): Promise<R> {
  const lock = await acquireLock(configPath, command);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

/** The lock as seen by other runs (undefined when free), e.g. for status output. */
export async function currentLock(configPath: string): Promise<LockInfo | undefined> {
  return readLock(lockPath(configPath));
}
