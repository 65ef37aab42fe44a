// Which Redis commands a read-only session may run: an allow-list (anything not listed, incl.
// commands added by future Redis versions, needs --write), and a shell-like command-line split.
import { usageError } from '../ui/errors.js';

/** Read-only commands (Redis 7 command table, flag "readonly" or pure server introspection). */
const READ_ONLY = new Set([
  'PING', 'ECHO', 'TIME', 'INFO', 'DBSIZE', 'LASTSAVE', 'ROLE', 'SELECT', 'HELLO', 'LOLWUT',
  'EXISTS', 'TYPE', 'TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME', 'KEYS', 'SCAN', 'RANDOMKEY', 'DUMP',
  'GET', 'MGET', 'STRLEN', 'GETRANGE', 'SUBSTR', 'LCS', 'GETBIT', 'BITCOUNT', 'BITPOS', 'BITFIELD_RO',
  'HGET', 'HMGET', 'HGETALL', 'HKEYS', 'HVALS', 'HLEN', 'HEXISTS', 'HSTRLEN', 'HSCAN', 'HRANDFIELD',
  'LRANGE', 'LLEN', 'LINDEX', 'LPOS',
  'SMEMBERS', 'SISMEMBER', 'SMISMEMBER', 'SCARD', 'SSCAN', 'SRANDMEMBER', 'SINTER', 'SINTERCARD', 'SUNION', 'SDIFF',
  'ZRANGE', 'ZRANGEBYSCORE', 'ZRANGEBYLEX', 'ZREVRANGE', 'ZREVRANGEBYSCORE', 'ZREVRANGEBYLEX', 'ZCARD', 'ZSCORE',
  'ZMSCORE', 'ZRANK', 'ZREVRANK', 'ZCOUNT', 'ZLEXCOUNT', 'ZSCAN', 'ZRANDMEMBER', 'ZINTER', 'ZUNION', 'ZDIFF', 'ZINTERCARD',
  'XRANGE', 'XREVRANGE', 'XLEN', 'XREAD', 'XPENDING',
  'PFCOUNT', 'GEOPOS', 'GEODIST', 'GEOHASH', 'GEOSEARCH', 'GEORADIUS_RO', 'GEORADIUSBYMEMBER_RO',
]);

/** Container commands: only these subcommands are read-only. */
const READ_ONLY_SUBCOMMANDS: Record<string, Set<string>> = {
  CONFIG: new Set(['GET']),
  CLIENT: new Set(['LIST', 'INFO', 'GETNAME', 'ID']),
  MEMORY: new Set(['USAGE', 'STATS', 'DOCTOR', 'MALLOC-STATS']),
  OBJECT: new Set(['ENCODING', 'FREQ', 'IDLETIME', 'REFCOUNT']),
  SLOWLOG: new Set(['GET', 'LEN']),
  LATENCY: new Set(['LATEST', 'HISTORY', 'DOCTOR', 'GRAPH']),
  COMMAND: new Set(['COUNT', 'INFO', 'DOCS', 'LIST', 'GETKEYS']),
  CLUSTER: new Set(['INFO', 'NODES', 'SLOTS', 'SHARDS', 'MYID', 'KEYSLOT', 'COUNTKEYSINSLOT']),
  XINFO: new Set(['STREAM', 'GROUPS', 'CONSUMERS']),
  PUBSUB: new Set(['CHANNELS', 'NUMSUB', 'NUMPAT', 'SHARDCHANNELS', 'SHARDNUMSUB']),
  ACL: new Set(['WHOAMI', 'CAT']),
};

export function isReadOnlyRedisCommand(argv: string[]): boolean {
  const cmd = (argv[0] ?? '').toUpperCase();
  const subs = READ_ONLY_SUBCOMMANDS[cmd];
  if (subs) return subs.has((argv[1] ?? '').toUpperCase());
  // XREAD with a consumer group (XREADGROUP) changes state; plain XREAD does not.
  return READ_ONLY.has(cmd);
}

/** Split `SET "a b" 'c'` like redis-cli does: double quotes with escapes, single quotes raw. */
export function parseRedisCommandLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let word = '';
    while (i < line.length && !/\s/.test(line[i])) {
      const q = line[i];
      if (q === '"' || q === "'") {
        i++;
        while (i < line.length && line[i] !== q) {
          if (q === '"' && line[i] === '\\' && i + 1 < line.length) {
            const e = line[++i];
            word += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          } else word += line[i];
          i++;
        }
        if (i >= line.length) throw usageError(`Unbalanced quotes in Redis command: ${line}`, 'Close the quote, e.g. --command \'GET "my key"\'.');
        i++;
      } else word += line[i++];
    }
    out.push(word);
  }
  return out;
}
