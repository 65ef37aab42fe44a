// Pure parts of remote access: redaction, Redis allow-list and parsing, durations, outputs,
// credentials, and the argv the tunnels and secret reads are built from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactRedisCommand, redactSql } from '../../src/access/redact.js';
import { redactText } from '../../src/access/redact.js';
import { isReadOnlyRedisCommand, parseRedisCommandLine } from '../../src/access/redis-commands.js';
import { redisCliInvocation } from '../../src/access/redis.js';
import { formatRedisReply } from '../../src/access/display.js';
import { psqlInvocation } from '../../src/access/postgres.js';
import { parseDuration } from '../../src/access/session.js';
import { parseCredentials } from '../../src/access/secrets.js';

describe('redactSql', () => {
  const cases: [string, string][] = [
    ["SELECT * FROM users WHERE email = 'a@b.c' AND id = 42", 'SELECT * FROM users WHERE email = ? AND id = ?'],
    ["UPDATE t SET v = 'it''s' WHERE x > 3.5e2", 'UPDATE t SET v = ? WHERE x > ?'],
    ["SELECT E'a\\'b', $$ body $$, $tag$ x $tag$", 'SELECT ?, ?, ?'],
    ['SELECT t1.col2, "Weird 1" FROM t1 WHERE a = $1 LIMIT 10', 'SELECT t1.col2, "Weird 1" FROM t1 WHERE a = $1 LIMIT ?'],
    ["ALTER ROLE app PASSWORD 'hunter22' -- rotate\n", 'ALTER ROLE app PASSWORD ?'],
    ["SELECT /* 'secret' */ 1", 'SELECT ?'],
    ['SELECT -5, .5, 0x1F', 'SELECT -?, ?, ?'],
  ];
  for (const [sql, want] of cases) it(sql.replace(/\n/g, ' '), () => assert.equal(redactSql(sql), want));
});

describe('redactRedisCommand', () => {
  it('keeps the command, hides every argument', () => {
    assert.equal(redactRedisCommand(['set', 'session:42', 'token']), 'SET ? ?');
    assert.equal(redactRedisCommand(['AUTH', 'default', 'pw']), 'AUTH ? ?');
  });
  it('keeps the subcommand of container commands', () => {
    assert.equal(redactRedisCommand(['config', 'set', 'requirepass', 'pw']), 'CONFIG SET ? ?');
    assert.equal(redactRedisCommand(['CLIENT', 'LIST']), 'CLIENT LIST');
  });
});

describe('redactText', () => {
  it('removes known secrets, URL passwords and key=value passwords', () => {
    const s = redactText('failed for postgres://app:s3cr3t@db:5432/x password=abc token: "t" hunter22', ['hunter22']);
    assert.ok(!/s3cr3t|abc|hunter22|"t"/.test(s), s);
  });
});

describe('Redis read-only allow-list', () => {
  for (const cmd of ['GET k', 'info memory', 'SCAN 0 COUNT 10', 'CONFIG GET maxmemory', 'CLIENT LIST', 'HGETALL h', 'TTL k', 'DBSIZE']) {
    it(`allows ${cmd}`, () => assert.equal(isReadOnlyRedisCommand(parseRedisCommandLine(cmd)), true));
  }
  for (const cmd of ['FLUSHALL', 'flushdb', 'DEL k', 'SET k v', 'CONFIG SET x y', 'CONFIG REWRITE', 'EXPIRE k 1', 'EVAL "x" 0', 'SHUTDOWN', 'CLIENT KILL ID 1', 'XREADGROUP GROUP g c STREAMS s >', 'FUTURECMD']) {
    it(`refuses ${cmd}`, () => assert.equal(isReadOnlyRedisCommand(parseRedisCommandLine(cmd)), false));
  }
});

describe('parseRedisCommandLine', () => {
  it('splits on spaces and honours quotes', () => {
    assert.deepEqual(parseRedisCommandLine(`SET "a b" 'c d' "x\\ny" plain`), ['SET', 'a b', 'c d', 'x\ny', 'plain']);
    assert.deepEqual(parseRedisCommandLine('  GET   k  '), ['GET', 'k']);
  });
  it('rejects unbalanced quotes', () => assert.throws(() => parseRedisCommandLine('GET "k'), /Unbalanced/));
});

describe('formatRedisReply', () => {
  it('prints like redis-cli', () => {
    assert.equal(formatRedisReply('OK'), '"OK"');
    assert.equal(formatRedisReply(null), '(nil)');
    assert.equal(formatRedisReply(3), '(integer) 3');
    assert.equal(formatRedisReply(['a', ['b', 1]]), '1) "a"\n2) 1) "b"\n   2) (integer) 1');
    assert.equal(formatRedisReply([]), '(empty array)');
  });
});

describe('client invocations keep passwords out of argv', () => {
  it('psql gets PGPASSWORD and read-only PGOPTIONS', () => {
    const inv = psqlInvocation({ host: '127.0.0.1', port: 5555, user: 'u', password: 'pw-123', database: 'd', sslMode: 'prefer' }, { readOnly: true, baseEnv: { PGPASSWORD: 'old' } });
    assert.deepEqual(inv.args, ['-h', '127.0.0.1', '-p', '5555', '-U', 'u', '-d', 'd']);
    assert.equal(inv.env.PGPASSWORD, 'pw-123');
    assert.equal(inv.env.PGOPTIONS, '-c default_transaction_read_only=on');
    assert.equal(psqlInvocation({ host: 'h', port: 1, user: 'u', database: 'd', sslMode: 'prefer' }, { readOnly: false, baseEnv: {} }).env.PGOPTIONS, undefined);
  });
  it('redis-cli gets REDISCLI_AUTH, TLS and SNI', () => {
    const inv = redisCliInvocation({ host: '127.0.0.1', port: 6000, password: 'tok', tls: true, serverName: 'master.x.cache.amazonaws.com' }, {});
    assert.deepEqual(inv.args, ['-h', '127.0.0.1', '-p', '6000', '--tls', '--sni', 'master.x.cache.amazonaws.com']);
    assert.equal(inv.env.REDISCLI_AUTH, 'tok');
  });
});

describe('parseDuration', () => {
  it('reads units and combinations', () => {
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('45'), 45_000);
  });
  it('rejects nonsense as a usage error naming the flag', () => {
    assert.throws(() => parseDuration('soon'), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /--max-duration/.test(e.message));
    assert.throws(() => parseDuration('0s'));
    assert.throws(() => parseDuration('1h junk'));
  });
});

describe('parseCredentials', () => {
  it('reads RDS-managed JSON, ElastiCache tokens and bare passwords', () => {
    assert.deepEqual(parseCredentials('{"username":"bt","password":"p","dbname":"braintrust"}'), { username: 'bt', password: 'p', database: 'braintrust' });
    assert.deepEqual(parseCredentials('{"auth_token":"t"}'), { username: undefined, password: 't', database: undefined });
    assert.deepEqual(parseCredentials('plain-pass'), { password: 'plain-pass' });
    assert.deepEqual(parseCredentials('{not json'), { password: '{not json' });
  });
});
