// redis: through the same endpoint resolution and tunnel as `braintrust connect redis` (or
// --redis-url / --via direct): PING, INFO (works on ElastiCache, where CONFIG is blocked),
// version 7+, maxmemory-policy and memory use.
import { effectiveTier } from '../../sizing/check.js';
import { minimum } from '../../sizing/requirements.js';
import { formatBytes } from '../units.js';
import { withStoreTunnel } from '../tunnel.js';
import { fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

/** Memory use above this share of maxmemory means evictions (or, with noeviction, errors) soon. */
const MEMORY_WARN = 0.9;

export function parseRedisInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

export const redisCheck: DoctorCheck = {
  id: 'redis',
  group: 'live',
  title: 'Redis',
  fix: 'Check Redis is running and reachable through the tunnel (`braintrust connect redis --command PING` shows the same path), its TLS setting and the password.',
  async run(dc, signal) {
    const config = needConfig(dc);
    const [{ redisTls }, { connectRedis, sendRedisCommand }] = await Promise.all([import('../../access/endpoints.js'), import('../../access/redis.js')]);
    return withStoreTunnel(dc, 'redis', signal, async (t, resolved) => {
      const started = performance.now();
      const client = await connectRedis({
        host: t.host, port: t.port,
        username: resolved.credentials.username, password: resolved.credentials.password,
        tls: redisTls(dc.deployment, undefined, resolved.urlTls), serverName: resolved.target.host,
      }, signal);
      let info: Record<string, string>;
      let pong: unknown;
      try {
        pong = await sendRedisCommand(client, ['PING'], signal);
        info = parseRedisInfo(String(await sendRedisCommand(client, ['INFO'], signal)));
      } finally {
        client.disconnect();
      }
      const ms = Math.round(performance.now() - started);
      const version = info.redis_version ?? 'unknown';
      const used = Number(info.used_memory ?? 0);
      const max = Number(info.maxmemory ?? 0);
      const policy = info.maxmemory_policy ?? 'unknown';
      const memory = max > 0 ? `${formatBytes(used)} of ${formatBytes(max)}` : `${formatBytes(used)} (no maxmemory)`;
      const detail = `Redis ${version}, ${String(pong)}, memory ${memory}, maxmemory-policy ${policy}, via ${t.via} (${ms} ms)`;
      const min = minimum('redis', 'version', effectiveTier(config));
      if (!(Number.parseInt(version, 10) >= min)) {
        return fail(`${detail}: version below ${min}`, `Upgrade Redis to ${min}+ (redis.version in the config, then \`braintrust install\`).`);
      }
      if (max > 0 && used / max > MEMORY_WARN) {
        return warn(`${detail}: memory over ${MEMORY_WARN * 100}% of maxmemory`, 'Use a larger redis.instanceType, then `braintrust install`.');
      }
      // With a memory limit, noeviction turns a full cache into write errors for the API.
      if (max > 0 && policy === 'noeviction') {
        return warn(`${detail}: writes fail once memory is full`, 'Set maxmemory-policy to volatile-lru or allkeys-lru (the ElastiCache/Memorystore default is volatile-lru).');
      }
      return pass(detail);
    });
  },
};
