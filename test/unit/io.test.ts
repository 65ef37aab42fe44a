// The message host (src/ui/io.ts): how a message's level decides its stream and its form, in
// human and --json mode, and what a listener records. Real catalog codes throughout.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { captureIo } from '../helpers/io-capture.js';
import type { IoMessage } from '../../src/ui/io.js';
import type { Finding } from '../../src/sizing/findings.js';
import type { DoctorReport } from '../../src/doctor/run.js';


const findings: Finding[] = [
  { component: 'postgres', check: 'vCPU', status: 'pass', required: 2, actual: 4, hint: '', unit: 'vCPU' },
  { component: 'brainstore', check: 'instance count', status: 'fail', required: 2, actual: 1, hint: 'Set brainstore.readers.count to 2.' },
];
const sizing = { ok: false, name: 'bt', cloud: 'aws', tier: 'production', findings };
const report: DoctorReport = {
  ok: true,
  checks: [{ id: 'config', group: 'local', title: 'Config', status: 'pass', detail: 'braintrust.yaml is valid', hint: '', durationMs: 3 }],
};


describe('Io: result', () => {
  test('human mode: the renderer writes lines and tables to stdout, nothing to stderr', () => {
    const c = captureIo();
    c.io.emit('sizing.check', sizing);
    assert.match(c.out(), /^Sizing of bt \(aws, production tier\):\ncomponent +check +required +actual +status +fix\n-+/);
    assert.match(c.out(), /brainstore +instance count +2\+ +1 +FAIL +Set brainstore.readers.count to 2.\n/);
    assert.match(c.out(), /sizing check failed: 1 pass, 0 warn, 1 fail\n$/);
    assert.equal(c.err(), '');
  });

  test('--json: the JSON value (json(data)) as one indented document on stdout, no human text', () => {
    const c = captureIo({ json: true });
    c.io.emit('sizing.check', sizing);
    assert.equal(c.out(), JSON.stringify({ ok: false, cloud: 'aws', tier: 'production', findings }, null, 2) + '\n');
    assert.equal(c.err(), '');
    const d = captureIo({ json: true });
    d.io.emit('doctor.report', { report, durationMs: 3 });
    assert.deepEqual(JSON.parse(d.out()), report);
  });

  test('--json with a config error: the json function adds it to the document', () => {
    const c = captureIo({ json: true });
    c.io.emit('doctor.report', { report, durationMs: 3, error: { code: 'CONFIG_INVALID', message: 'bad' } });
    assert.deepEqual(JSON.parse(c.out()), { ...report, ok: false, error: { code: 'CONFIG_INVALID', message: 'bad' } });
  });

  test('`json: false`: nothing in --json mode (the document is another message\'s), the table in human mode', () => {
    const json = captureIo({ json: true });
    json.io.emit('sizing.findings', findings);
    assert.equal(json.out(), '');
    assert.equal(json.err(), '');
    const human = captureIo();
    human.io.emit('sizing.findings', findings);
    assert.match(human.out(), /^component +check/);
    assert.match(human.out(), /sizing check failed: 1 pass, 0 warn, 1 fail\n$/);
  });

  test('a renderer returning one string writes one line', () => {
    const c = captureIo();
    c.io.emit('config.value', { key: 'rateLimit.maxRequests', value: 0, source: 'default' });
    assert.equal(c.out(), '0\n');
  });
});

describe('Io: logs', () => {
  test('warn is prefixed "warning: ", success "✔ ", info bare; all on stderr in both modes', () => {
    for (const json of [false, true]) {
      const c = captureIo({ json });
      c.io.emit('sizing.failing', { count: 2, allowUndersized: true });
      c.io.emit('init.saved', { path: 'braintrust.yaml', cloud: 'aws', tier: 'testing' });
      c.io.emit('url.data-plane-url-pending');
      assert.equal(c.err(), [
        'warning: 2 sizing finding(s) fail (--allow-undersized); see `braintrust sizing check`',
        '✔ Wrote braintrust.yaml (aws, testing)',
        'BRAINTRUST_APP_URL will be the data plane URL the stack creates (not known until it is deployed).',
        '',
      ].join('\n'), `json: ${json}`);
      assert.equal(c.out(), '', `json: ${json}`);
    }
  });

  test('debug is written only with --verbose', () => {
    for (const verbose of [false, true]) {
      const c = captureIo({ verbose });
      c.io.emit('drift.terraform-line', { line: 'Initializing the backend...' });
      assert.equal(c.err(), verbose ? 'Initializing the backend...\n' : '');
      assert.equal(c.messages.length, 1, 'a listener records debug messages either way');
    }
  });
});

describe('Io: progress', () => {
  const complete = (address: string) => ({ progress: { kind: 'complete' as const, address, action: 'create', elapsedSeconds: 2 }, done: 1, total: 2 });

  test('human mode: the renderer\'s line on stderr, stdout untouched', () => {
    const c = captureIo();
    c.io.emit('terraform.apply-progress', complete('aws_s3_bucket.a'));
    c.io.emit('terraform.apply-progress', { ...complete('aws_s3_bucket.b'), done: 2 });
    assert.equal(c.err(), '  [1/2] create aws_s3_bucket.a (2s)\n  [2/2] create aws_s3_bucket.b (2s)\n');
    assert.equal(c.out(), '');
  });

  test('--json: one JSON line per message on stdout; the result after them is one line too', () => {
    const c = captureIo({ json: true });
    c.io.emit('terraform.apply-progress', complete('aws_s3_bucket.a'));
    c.io.emit('terraform.apply-progress', { ...complete('aws_s3_bucket.b'), done: 2 });
    c.io.emit('sizing.check', sizing);
    const lines = c.out().trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 2).map((l) => JSON.parse(l) as unknown), [
      { type: 'progress', kind: 'complete', address: 'aws_s3_bucket.a', action: 'create', elapsedSeconds: 2, done: 1, total: 2 },
      { type: 'progress', kind: 'complete', address: 'aws_s3_bucket.b', action: 'create', elapsedSeconds: 2, done: 2, total: 2 },
    ]);
    assert.equal(lines.length, 3);
    assert.deepEqual(JSON.parse(lines[2]), { ok: false, cloud: 'aws', tier: 'production', findings });
    assert.equal(c.err(), '');
  });

  test('stream: stdout puts the human line on stdout (a followed log line is output)', () => {
    const line = { time: Date.parse('2026-01-31T12:00:00.000Z'), service: 'api', instance: 'i-1', message: 'GET /' };
    const human = captureIo();
    human.io.emit('ops.logs.line', line);
    assert.equal(human.out(), '2026-01-31T12:00:00.000Z api/i-1  GET /\n');
    assert.equal(human.err(), '');
    const json = captureIo({ json: true });
    json.io.emit('ops.logs.line', line);
    assert.deepEqual(JSON.parse(json.out()), { time: '2026-01-31T12:00:00.000Z', service: 'api', instance: 'i-1', message: 'GET /' });
  });
});

describe('Io: json: false', () => {
  test('a log line with json: false is for people only: not shown with --json', () => {
    const human = captureIo();
    human.io.emit('drift.none');
    assert.equal(human.err(), '✔ No drift: the cloud matches the last apply.\n');
    const json = captureIo({ json: true });
    json.io.emit('drift.none');
    assert.equal(json.err() + json.out(), '');
    assert.deepEqual(json.messages.map((m) => m.code), ['drift.none'], 'listeners still get it');
  });
});

describe('Io: listeners', () => {
  test('record {level, code, data} of every message, in order, whatever is printed', () => {
    for (const json of [false, true]) {
      const c = captureIo({ json });
      const later: IoMessage[] = [];
      c.io.emit('sizing.failing', { count: 1, allowUndersized: false });
      c.io.listen((m) => later.push(m));
      c.io.emit('sizing.findings', findings);
      c.io.emit('doctor.report', { report, durationMs: 1 });
      assert.deepEqual(c.messages, [
        { level: 'warn', code: 'sizing.failing', data: { count: 1, allowUndersized: false } },
        { level: 'result', code: 'sizing.findings', data: findings },
        { level: 'result', code: 'doctor.report', data: { report, durationMs: 1 } },
      ]);
      assert.deepEqual(later.map((m) => m.code), ['sizing.findings', 'doctor.report'], 'listen() records from then on');
      const first = c.messages[2];
      if (first.code === 'doctor.report') assert.equal(first.data.report.ok, true);
    }
  });
});
