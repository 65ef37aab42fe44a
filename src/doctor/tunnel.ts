// How the live checks reach Postgres and Redis: the same endpoint resolution, secret fetch and
// tunnel as `braintrust connect` (src/access), or a direct endpoint from --postgres-url /
// --redis-url. The tunnel closes on every path, including the check's timeout.
import type { ResolvedEndpoint } from '../access/endpoints.js';
import type { Tunnel, ViaChoice } from '../access/tunnel.js';
import { needOutput, type DoctorContext } from './types.js';

export type Store = 'postgres' | 'redis';

/**
 * How long to wait for the endpoint to accept connections. Direct: briefly (a stopped server
 * refuses at once; the check should say so, not time out). Tunnels: most of the budget (an SSM
 * session or port-forward takes seconds), leaving a second for the query itself.
 */
export function readyTimeoutMs(via: 'direct' | 'ssm' | 'kubectl', budgetMs: number): number {
  return via === 'direct' ? Math.min(2000, budgetMs / 2) : Math.max(1000, budgetMs - 1000);
}

export async function withStoreTunnel<T>(
  dc: DoctorContext, store: Store, signal: AbortSignal,
  fn: (tunnel: Tunnel, resolved: ResolvedEndpoint) => Promise<T>,
): Promise<T> {
  const url = store === 'postgres' ? dc.live.postgresUrl : dc.live.redisUrl;
  if (!url) needOutput(dc, `${store}_host`);
  const via: ViaChoice = url ? 'direct' : dc.live.via;
  const [{ chooseVia, withTunnel }, endpoints] = await Promise.all([import('../access/tunnel.js'), import('../access/endpoints.js')]);
  const d = dc.deployment;
  const tunnelVia = chooseVia(d, via);
  const resolve = store === 'postgres' ? endpoints.resolvePostgresEndpoint : endpoints.resolveRedisEndpoint;
  const resolved = await resolve(d, tunnelVia, { url, urlFlag: store === 'postgres' ? '--postgres-url' : '--redis-url' }, dc.env, signal);
  dc.secrets.push(resolved.credentials.password);
  const opts = { deployment: d, env: dc.env, signal, via, readyTimeoutMs: readyTimeoutMs(tunnelVia, dc.timeoutMs) };
  return withTunnel(resolved.target, opts, (t) => fn(t, resolved));
}
