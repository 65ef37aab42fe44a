// Local ports for tunnels: pick a free one on 127.0.0.1, and wait until something accepts
// connections there (the tunnel is ready) before any client uses it.
import { createServer, connect } from 'node:net';
import { operationFailed } from '../ui/errors.js';

export const LOOPBACK = '127.0.0.1';

/** A port that is free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One TCP connect attempt; true when it was accepted. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    const done = (ok: boolean) => {
      sock.removeAllListeners();
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export interface WaitForPortOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Checked between attempts: throw to stop waiting (e.g. the tunnel process died). */
  check?: () => void;
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/** Retry TCP connects to host:port until one succeeds, the timeout passes, or the signal aborts. */
export async function waitForPort(host: string, port: number, opts: WaitForPortOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 100;
  for (;;) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    opts.check?.();
    if (await canConnect(host, port, Math.min(1000, Math.max(50, deadline - Date.now())))) return;
    opts.check?.();
    if (Date.now() >= deadline) {
      throw operationFailed(
        `${opts.what ?? `${host}:${port}`} did not accept connections within ${Math.round(opts.timeoutMs / 1000)} s`,
        'Check that the deployment is running and that your network and credentials allow the connection; --verbose shows the tunnel output.',
        undefined,
        'TUNNEL_NOT_READY',
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
