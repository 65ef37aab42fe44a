// The connect catalog rendered through a real Io over captured streams, human and --json: the
// messages the integration tests do not reach (a role left behind, the read-only prompt) and
// the JSON documents' exact shape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureIo } from '../helpers/io-capture.js';

describe('connect messages', () => {
  it('an interactive session says where it is connected, how, and for how long', () => {
    const c = captureIo();
    c.io.emit('connect.connected', { store: 'redis', host: 'redis.internal', port: 6379, via: 'kubectl', write: false, maxDuration: '1h' });
    c.io.emit('connect.redis.read-only-prompt');
    c.io.emit('connect.connected', { store: 'postgres', host: 'db.internal', port: 5432, via: 'ssm', write: true, maxDuration: '30m' });
    assert.equal(c.err(), [
      'Connected to redis.internal:6379 via kubectl (read-only, closes after 1h).',
      'Read-only prompt: write commands are refused (reconnect with --write for redis-cli). Type quit to leave.',
      'Connected to db.internal:5432 via ssm (WRITE, closes after 30m).',
      '',
    ].join('\n'));
    assert.equal(c.out(), '');
  });

  it('a temporary role that could not be dropped: a warning with the DROP ROLE to run', () => {
    const c = captureIo();
    c.io.emit('connect.postgres.read-only-role-not-dropped', { role: 'bt_ro_0123456789ab', error: 'connection reset' });
    assert.equal(c.err(), 'warning: could not drop the temporary role bt_ro_0123456789ab: connection reset; its password expires with the session (VALID UNTIL); drop it with DROP ROLE "bt_ro_0123456789ab".\n');
  });

  it('the tunnel\'s own lines only with --verbose', () => {
    const quiet = captureIo();
    quiet.io.emit('connect.tunnel-log', { line: 'Starting session with SessionId: x' });
    assert.equal(quiet.err(), '');
    const verbose = captureIo({ verbose: true });
    verbose.io.emit('connect.tunnel-log', { line: 'Starting session with SessionId: x' });
    assert.equal(verbose.err(), 'Starting session with SessionId: x\n');
  });

  it('rows: NULL, bytes and objects as text in the table; bytes as \\x hex in JSON', () => {
    const data = { command: 'SELECT', columns: ['id', 'blob', 'doc'], rows: [{ id: 1, blob: Buffer.from([0xde, 0xad]), doc: null }, { id: 2, blob: null, doc: { a: 1 } }], rowCount: 2 };
    const human = captureIo();
    human.io.emit('connect.postgres.rows', data);
    human.io.emit('connect.postgres.row-count', { rowCount: 2 });
    assert.equal(human.out(), 'id  blob    doc\n--  ------  -------\n1   \\xdead  NULL\n2   NULL    {"a":1}\n');
    assert.equal(human.err(), '(2 rows)\n');
    const json = captureIo({ json: true });
    json.io.emit('connect.postgres.rows', data);
    assert.deepEqual(JSON.parse(json.out()), { ok: true, rows: [{ id: 1, blob: '\\xdead', doc: null }, { id: 2, blob: null, doc: { a: 1 } }], rowCount: 2 });
    const insert = captureIo();
    insert.io.emit('connect.postgres.rows', { command: 'INSERT', columns: [], rows: [], rowCount: 3 });
    assert.equal(insert.out(), 'INSERT 0 3\n');
  });

  it('bucket get, put and rm: one JSON document each, in the documented key order; the human line on stderr', () => {
    const docs: string[] = [];
    for (const data of [
      { bucket: 'b', key: 'k', path: '/tmp/k', bytes: 5 },
      { bucket: 'b', key: 'k', bytes: 5 },
      { bucket: 'b', key: 'k', deleted: true as const },
    ]) {
      const json = captureIo({ json: true });
      json.io.emit('connect.bucket.result', data);
      docs.push(json.out().replace(/\s+/g, ''));
    }
    assert.deepEqual(docs, [
      '{"ok":true,"bucket":"b","key":"k","path":"/tmp/k","bytes":5}',
      '{"ok":true,"bucket":"b","key":"k","bytes":5}',
      '{"ok":true,"bucket":"b","key":"k","deleted":true}',
    ]);
    const human = captureIo();
    human.io.emit('connect.bucket.result', { bucket: 'b', key: 'k\n', deleted: true });
    human.io.emit('connect.bucket.deleted', { bucket: 'b', key: 'k\n' });
    human.io.emit('connect.bucket.uploaded', { bucket: 'b', source: 'local\tfile', key: 'k', bytes: 5 });
    assert.equal(human.out(), '');
    assert.equal(human.err(), '✔ Deleted b/k\\n\n✔ Uploaded local\\tfile (5 bytes) to b/k\n');
  });

  it('a Redis reply as redis-cli prints it; {"ok", "result"} with --json', () => {
    const human = captureIo();
    human.io.emit('connect.redis.reply', { reply: [1, null, ['a']] });
    assert.equal(human.out(), '1) (integer) 1\n2) (nil)\n3) 1) "a"\n');
    const json = captureIo({ json: true });
    json.io.emit('connect.redis.reply', { reply: [1, null] });
    assert.deepEqual(JSON.parse(json.out()), { ok: true, result: [1, null] });
  });
});
