// The local end of a tunnel, safe against port hijacking. The tunnel process (aws ssm
// start-session, kubectl port-forward) binds a port the OS picks and prints it; we read that
// port from its output (never choose one, free it and hope nobody takes it first), and before
// any client sends a credential we check that the socket listening there belongs to the tunnel
// process or what it spawned (Linux: the LISTEN socket's inode in /proc/net/tcp{,6} must be
// among the fds of a process in the tunnel's process group).
import { readFile, readdir, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import { operationFailed } from '../ui/errors.js';
import type { TunnelProcess } from './tunnel-process.js';

/** "Port 41234 opened for sessionId ..." (session-manager-plugin). */
export const SSM_PORT_LINE = /\bPort (\d{1,5}) opened for sessionId\b/;
/** "Forwarding from 127.0.0.1:41234 -> 5432" (kubectl port-forward). */
export const KUBECTL_PORT_LINE = /\bForwarding from 127\.0\.0\.1:(\d{1,5}) -> \d+/;

export interface ReportedPortOptions {
  timeoutMs: number;
  signal: AbortSignal;
  what: string;
}

/**
 * A line watcher for the tunnel's output and a promise of the port it reports. Feed it every
 * line (the spawn's onLine); wait() resolves with the port, or throws when the process exits,
 * the signal aborts or the timeout passes.
 */
export function reportedPort(pattern: RegExp): { onLine(line: string): void; wait(proc: TunnelProcess, o: ReportedPortOptions): Promise<number> } {
  let port: number | undefined;
  let wake: (() => void) | undefined;
  return {
    onLine(line) {
      if (port !== undefined) return;
      const m = pattern.exec(line);
      const n = m ? Number(m[1]) : NaN;
      if (Number.isInteger(n) && n > 0 && n < 65536) {
        port = n;
        wake?.();
      }
    },
    async wait(proc, o) {
      const deadline = Date.now() + o.timeoutMs;
      while (port === undefined) {
        if (o.signal.aborted) throw o.signal.reason;
        proc.assertRunning(o.what);
        if (Date.now() >= deadline) {
          throw operationFailed(`${o.what} did not report its local port within ${Math.round(o.timeoutMs / 1000)} s`,
            'Check that the deployment is running and your credentials; --verbose shows the tunnel output.', undefined, 'TUNNEL_NOT_READY');
        }
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
        wake = undefined;
      }
      return port;
    },
  };
}

interface Listener {
  inode: string;
  local: string;
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

/** 127.0.0.1 and 0.0.0.0 as /proc/net/tcp prints them (a host-order u32 in hex). */
function v4Addresses(): string[] {
  return endianness() === 'LE' ? ['0100007F', '00000000'] : ['7F000001', '00000000'];
}

/** :: and ::ffff:127.0.0.1 as /proc/net/tcp6 prints them (four host-order u32 words). */
function v6Addresses(): string[] {
  const any = '0'.repeat(32);
  const mapped = endianness() === 'LE' ? '0000000000000000FFFF00000100007F' : '00000000000000000000FFFF7F000001';
  return [any, mapped];
}

/** Every LISTEN socket that would accept a connection to 127.0.0.1:port. */
export async function loopbackListeners(port: number): Promise<Listener[]> {
  const out: Listener[] = [];
  for (const [file, addrs] of [['/proc/net/tcp', v4Addresses()], ['/proc/net/tcp6', v6Addresses()]] as const) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A: TCP_LISTEN
      const [addr, p] = f[1].split(':');
      if (p !== hexPort(port) || !addrs.includes(addr.toUpperCase())) continue;
      out.push({ inode: f[9], local: f[1] });
    }
  }
  return out;
}

/** Pids whose process group is pgid (the tunnel runs detached, as its own group leader). */
async function groupPids(pgid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) === pgid) pids.push(Number(name)); // state ppid pgrp ...
  }
  return pids;
}

async function socketInodes(pids: number[]): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m) inodes.add(m[1]);
    }
  }
  return inodes;
}

/**
 * Throws unless every socket listening on 127.0.0.1:port belongs to the tunnel process group.
 * Returns false where this cannot be checked (no /proc: macOS, Windows), true when verified.
 */
export async function verifyListenerOwner(port: number, tunnelPid: number, what: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const listeners = await loopbackListeners(port);
  const owned = await socketInodes(await groupPids(tunnelPid));
  const foreign = listeners.filter((l) => !owned.has(l.inode));
  if (listeners.length === 0 || foreign.length > 0) {
    throw operationFailed(
      `Refused: 127.0.0.1:${port}, where ${what} said it listens, is held by another process, not the tunnel (pid ${tunnelPid}); no credentials were sent`,
      'Another local process may be trying to capture the database password. Find it with `ss -ltnp` (or lsof -i), then reconnect.',
      undefined,
      'TUNNEL_PORT_NOT_OURS',
    );
  }
  return true;
}
