// Redaction runs in linear time (issue 11, item 15): a 1 MB line of hostile text is redacted
// well inside the test's timeout (quadratic patterns took minutes on such lines; linear ones
// take milliseconds). No timed assertion: the timeout is the only clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactText as redactAccess, redactForSupport as redactDoctor, redactSql, redactRedisCommand } from '../../src/access/redact.js';
import { parseRedisCommandLine } from '../../src/access/redis-commands.js';

const MB = 1024 * 1024;
/** Fragments that make backtracking regexes rescan the rest of the line from every start. */
const FRAGMENTS = [
  'a', 'ab1', 'Ab1/', 'http://a', 'a://a:', 'eyJ.', 'x.password', 'password=', 'password="x ', "token='",
  '"password', '"secret": ', 'arn:aws:', 'Bearer ', '?sig=', '-----BEGIN PRIVATE KEY-----', 'a:', 'AKIA', '1', ' ', '\\',
];
const line = (frag: string) => frag.repeat(Math.ceil(MB / frag.length)).slice(0, MB);

describe('redaction of a 1 MB line (linear time)', () => {
  for (const frag of FRAGMENTS) {
    it(`finishes on ${JSON.stringify(frag)} x 1 MB`, { timeout: 60_000 }, () => {
      const text = line(frag);
      assert.equal(typeof redactAccess(text, ['known-secret']), 'string');
      assert.equal(typeof redactDoctor(text, ['known-secret']), 'string');
      assert.equal(typeof redactDoctor({ message: text }, []), 'object');
      assert.equal(typeof redactSql(text), 'string');
    });
  }
  it('a 1 MB --command splits and redacts', { timeout: 60_000 }, () => {
    const argv = parseRedisCommandLine(`SET k ${'v'.repeat(MB)}`);
    assert.equal(redactRedisCommand(argv), 'SET ? ?');
  });
  it('still redacts what it must', () => {
    assert.equal(redactAccess('postgres://app:hunter22@db:5432/x failed'), 'postgres://app:***@db:5432/x failed');
    assert.equal(redactAccess('db_password=hunter22 next'), 'db_password=*** next');
    assert.match(redactDoctor('export MY_API_KEY="abc def"'), /MY_API_KEY=\*\*\*/);
    assert.equal(redactDoctor('redis://:tok3n@host:6379'), 'redis://:***@host:6379');
  });
});
