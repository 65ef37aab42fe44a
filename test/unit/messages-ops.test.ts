// The ops catalog rendered through a real Io over captured streams, human and --json: the
// messages the integration tests do not print (or print only one way).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureIo } from '../helpers/io-capture.js';
import type { LogLine } from '../../src/ops/types.js';

const T = Date.parse('2026-01-31T12:00:00.000Z');
const line: LogLine = { time: T, service: 'api', instance: 'APIHandler/0123abcd', message: 'GET /v1/health 200' };

describe('ops messages', () => {
  it('a followed log line: its text on stdout, or one JSON line with --json (never both)', () => {
    const human = captureIo();
    human.io.emit('ops.logs.line', line);
    assert.equal(human.out(), '2026-01-31T12:00:00.000Z api/APIHandler/0123abcd  GET /v1/health 200\n');
    assert.equal(human.err(), '');
    const json = captureIo({ json: true });
    json.io.emit('ops.logs.line', line);
    json.io.emit('ops.logs.line', { ...line, time: T + 1 });
    assert.deepEqual(json.out().split('\n'), [
      '{"time":"2026-01-31T12:00:00.000Z","service":"api","instance":"APIHandler/0123abcd","message":"GET /v1/health 200"}',
      '{"time":"2026-01-31T12:00:00.001Z","service":"api","instance":"APIHandler/0123abcd","message":"GET /v1/health 200"}',
      '',
    ]);
  });

  it('log source warnings read as sentences with the fix', () => {
    const c = captureIo();
    c.io.emit('ops.logs.source-warning', { kind: 'truncated', group: '/braintrust/bt/brainstore-reader', max: 10000 });
    c.io.emit('ops.logs.source-warning', { kind: 'no-pods', workloads: ['braintrust-api', 'brainstore-reader'], namespace: 'braintrust' });
    c.io.emit('ops.logs.source-warning', { kind: 'source-failed', source: 'kubectl logs pod-a', error: 'Forbidden' });
    c.io.emit('ops.logs.source-warning', { kind: 'source-failed', error: 'stream closed' });
    assert.equal(c.err(), [
      'warning: /braintrust/bt/brainstore-reader: more than 10000 lines in the window; showing the first 10000 (narrow --since or add --grep)',
      'warning: no pods found for braintrust-api, brainstore-reader in namespace braintrust',
      'warning: kubectl logs pod-a: Forbidden',
      'warning: stream closed',
      '',
    ].join('\n'));
    assert.equal(c.out(), '');
  });

  it('logs without --follow: lines on stdout; with --json one document with ISO times', () => {
    const data = { target: 'docker', services: ['api'], since: T - 3600_000, lines: [line] };
    const human = captureIo();
    human.io.emit('ops.logs.lines', data);
    human.io.emit('ops.logs.none', { services: ['api', 'brainstore'], since: T });
    assert.equal(human.out(), '2026-01-31T12:00:00.000Z api/APIHandler/0123abcd  GET /v1/health 200\n');
    assert.equal(human.err(), 'No log lines for api, brainstore since 2026-01-31T12:00:00.000Z.\n');
    const json = captureIo({ json: true });
    json.io.emit('ops.logs.lines', data);
    assert.deepEqual(JSON.parse(json.out()), {
      ok: true, target: 'docker', services: ['api'], since: '2026-01-31T11:00:00.000Z',
      lines: [{ time: '2026-01-31T12:00:00.000Z', service: 'api', instance: 'APIHandler/0123abcd', message: 'GET /v1/health 200' }],
    });
  });

  it('status: two tables (hosts only when there are any); --json lists the warnings as sentences (in the document only)', () => {
    const data = {
      target: 'kubernetes',
      services: [{ service: 'api', desired: 2, running: 1, versions: ['v1.0.0'], health: '1 not ready', restarts: 4, startedAt: '2026-01-31T09:30:00Z' }],
      hosts: [{ service: 'brainstore', instance: 'b-1', cpuPercent: 12.34, diskPercent: 90 }],
      warnings: [{ kind: 'version' as const, service: 'api', running: ['v0.9.0'], want: 'v1.0.0' }],
      notes: ['kubectl top nodes: metrics not available'],
      now: new Date(T),
    };
    const human = captureIo();
    human.io.emit('ops.status', data);
    assert.equal(human.out(), [
      'SERVICE  DESIRED  RUNNING  VERSION  HEALTH       RESTARTS  AGE',
      '-------  -------  -------  -------  -----------  --------  -----',
      'api      2        1        v1.0.0   1 not ready  4         2h30m',
      '',
      'SERVICE     HOST  CPU    MEMORY  CACHE DISK  NETWORK',
      '----------  ----  -----  ------  ----------  -------',
      'brainstore  b-1   12.3%  -       90%         -',
      '',
    ].join('\n'));
    const json = captureIo({ json: true });
    json.io.emit('ops.status', data);
    json.io.emit('ops.status.warning', data.warnings[0]);
    const doc = JSON.parse(json.out()) as { warnings: string[]; notes: string[] };
    assert.deepEqual(doc.warnings, ['api runs v0.9.0 but the config says v1.0.0: finish the rollout or run braintrust install/upgrade']);
    assert.deepEqual(doc.notes, data.notes);
    assert.equal(json.err(), '', 'with --json the warnings are in the document only');
  });

  it('restart: the JSON document keeps its key order; the human line is the success message', () => {
    const json = captureIo({ json: true });
    json.io.emit('ops.restart.result', { service: 'api', restarted: true, via: 'kubectl', targets: ['deployment/braintrust-api'], message: 'Restarted api' });
    assert.equal(json.out(), JSON.stringify({ ok: true, service: 'api', restarted: true, via: 'kubectl', targets: ['deployment/braintrust-api'], message: 'Restarted api' }, null, 2) + '\n');
    const human = captureIo();
    human.io.emit('ops.restart.result', { service: 'api', restarted: true, via: 'kubectl', targets: [], message: 'Restarted api' });
    human.io.emit('ops.restart.progress', { line: 'Waiting for deployment "braintrust-api" rollout to finish' });
    human.io.emit('ops.restart.done', { service: 'api', message: 'Restarted api' });
    assert.equal(human.out(), '');
    assert.equal(human.err(), 'Waiting for deployment "braintrust-api" rollout to finish\n✔ Restarted api\n');
  });

  it('support bundle: where, how big, how many files, and doctor\'s counts', () => {
    const data = { path: '/tmp/b.tar.gz', bytes: 2048, files: ['README.txt', 'doctor.json'], doctor: { ok: true, pass: 5, warn: 1, fail: 0, skip: 2 } };
    const human = captureIo();
    human.io.emit('support.bundle-written', data);
    assert.equal(human.out(), 'Wrote /tmp/b.tar.gz (2.0 KiB, 2 files, secrets redacted)\ndoctor: 5 pass, 1 warn, 0 fail, 2 skip (the report is doctor.json in the bundle)\n');
    const json = captureIo({ json: true });
    json.io.emit('support.bundle-written', data);
    assert.deepEqual(Object.keys(JSON.parse(json.out()) as object), ['ok', 'path', 'bytes', 'files', 'doctor']);
  });
});
