// Private files: .braintrust/ and the output directory hold state, outputs and plans that can
// carry secrets, so directories are 0700 and files 0600, whatever the umask. Writes are atomic
// (temp file in the same directory, then rename) so a reader never sees half a file.
import { chmod, mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** mkdir -p with 0700, and tighten the directory if it already existed (older versions made 0755). */
export async function ensurePrivateDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
  return dir;
}

/**
 * Atomic write. `mode` fixes the file's mode; without it an existing file keeps its mode
 * (rewriting braintrust.yaml must not change who can read it) and a new one gets `newMode`.
 */
export async function writeFileAtomic(path: string, data: string, opts: { mode?: number; newMode?: number } = {}): Promise<void> {
  const abs = resolve(path);
  await mkdir(dirname(abs), { recursive: true });
  let mode = opts.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(abs)).mode & 0o7777;
    } catch {
      mode = opts.newMode ?? 0o644;
    }
  }
  const tmp = join(dirname(abs), `.${basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never follow or reuse an existing file at the temp name.
    await writeFile(tmp, data, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    await chmod(tmp, mode); // exact, not reduced by the umask
    await rename(tmp, abs);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Atomic 0600 write inside a private (0700) directory. */
export async function writePrivateFile(path: string, data: string): Promise<void> {
  await ensurePrivateDir(dirname(resolve(path)));
  await writeFileAtomic(path, data, { mode: PRIVATE_FILE_MODE });
}

/** Append a line to a 0600 file in a 0700 directory (an older 0644 file is tightened). */
export async function appendPrivateLine(path: string, line: string): Promise<void> {
  await ensurePrivateDir(dirname(resolve(path)));
  const fh = await open(path, 'a', PRIVATE_FILE_MODE);
  try {
    await fh.chmod(PRIVATE_FILE_MODE);
    await fh.appendFile(line.endsWith('\n') ? line : line + '\n');
  } finally {
    await fh.close();
  }
}

/** Tighten a directory tree the CLI wrote (the synthesized output): dirs 0700, files 0600. */
export async function tightenTree(dir: string, opts: { skip?: (name: string) => boolean } = {}): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  await chmod(dir, PRIVATE_DIR_MODE);
  for (const e of entries) {
    if (opts.skip?.(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await tightenTree(p, opts);
    else if (e.isFile()) await chmod(p, PRIVATE_FILE_MODE);
  }
}

/** chmod 0600 if the file exists (terraform writes its local state with the umask's mode). */
export async function tightenFile(path: string): Promise<void> {
  await chmod(path, PRIVATE_FILE_MODE).catch(() => {});
}
