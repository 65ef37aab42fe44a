// One HTTP(S) request for the live checks, on its own connection (no keep-alive pool), so an
// aborted or timed-out probe leaves no socket behind. Reads at most 4 KiB of the body.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpProbe {
  status: number;
  headers: IncomingHttpHeaders;
  latencyMs: number;
  body: string;
}

export interface ProbeOptions {
  method?: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
}

const MAX_BODY = 4096;

/** Join a base URL (api_url, brainstore_url) and a path without doubling slashes. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

export function probeHttp(url: string, opts: ProbeOptions): Promise<HttpProbe> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(opts.signal.reason);
    const req = request(target, {
      method: opts.method ?? 'GET',
      headers: { 'user-agent': 'braintrust-doctor', ...opts.headers },
      agent: false,
      signal: opts.signal,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          latencyMs: Math.round(performance.now() - started),
          body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY),
        });
        res.destroy();
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= MAX_BODY) finish();
      });
      res.on('end', finish);
      res.on('error', reject);
    });
    req.on('error', (e) => reject(opts.signal.aborted ? opts.signal.reason : e));
    req.end();
  });
}
