// The message host (src/ui/io.ts): how a message's level decides its stream and its form, in
// human and --json mode, and what a listener records. Real catalog codes throughout, except
// the progress and debug levels, which no catalog code uses yet: those get a code added to the
// catalog for the test (and removed after it).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { OutputOptions } from '../../src/ui/output.js';
import { captureIo } from '../helpers/io-capture.js';
import { Io, type IoMessage } from '../../src/ui/io.js';
import { message, type MessageDef } from '../../src/ui/message-def.js';
import { messages } from '../../src/ui/messages/index.js';
import type { Finding } from '../../src/sizing/findings.js';
import type { DoctorReport } from '../../src/doctor/run.js';

function capture(opts: Partial<OutputOptions> = {}) {
  const c = captureIo(opts);
  return { ...c, recorded: c.messages };
}

const findings: Finding[] = [
  { component: 'postgres', check: 'vCPU', status: 'pass', required: 2, actual: 4, hint: '', unit: 'vCPU' },
  { component: 'brainstore', check: 'instance count', status: 'fail', required: 2, actual: 1, hint: 'Set brainstore.readers.count to 2.' },
];
const sizing = { ok: false, name: 'bt', cloud: 'aws', tier: 'production', findings };
const report: DoctorReport = {
  ok: true,
  checks: [{ id: 'config', group: 'local', title: 'Config', status: 'pass', detail: 'braintrust.yaml is valid', hint: '', durationMs: 3 }],
};

/** Emit a code the typed catalog does not have (the levels no real message uses yet). */
function withTestMessage(io: Io, code: string, def: MessageDef<{ step: string }>, run: (emit: (data: { step: string }) => void) => void): void {
  const catalog = messages as unknown as Record<string, MessageDef<unknown>>;
  catalog[code] = def as MessageDef<unknown>;
  const emit = io.emit.bind(io) as unknown as (code: string, data: unknown) => void;
  try {
    run((data) => emit(code, data));
  } finally {
    delete catalog[code];
  }
}

describe('Io: result', () => {
  test('human mode: the renderer writes lines and tables to stdout, nothing to stderr', () => {
    const c = capture();
    c.io.emit('sizing.check', sizing);
    assert.match(c.out(), /^Sizing of bt \(aws, production tier\):\ncomponent +check +required +actual +status +fix\n-+/);
    assert.match(c.out(), /brainstore +instance count +2\+ +1 +FAIL +Set brainstore.readers.count to 2.\n/);
    assert.match(c.out(), /sizing check failed: 1 pass, 0 warn, 1 fail\n$/);
    assert.equal(c.err(), '');
  });

  test('--json: the JSON value (json(data)) as one indented document on stdout, no human text', () => {
    const c = capture({ json: true });
    c.io.emit('sizing.check', sizing);
    assert.equal(c.out(), JSON.stringify({ ok: false, cloud: 'aws', tier: 'production', findings }, null, 2) + '\n');
    assert.equal(c.err(), '');
    const d = capture({ json: true });
    d.io.emit('doctor.report', { report, durationMs: 3 });
    assert.deepEqual(JSON.parse(d.out()), report);
  });

  test('--json with a config error: the json function adds it to the document', () => {
    const c = capture({ json: true });
    c.io.emit('doctor.report', { report, durationMs: 3, error: { code: 'CONFIG_INVALID', message: 'bad' } });
    assert.deepEqual(JSON.parse(c.out()), { ...report, ok: false, error: { code: 'CONFIG_INVALID', message: 'bad' } });
  });

  test('`json: false`: nothing in --json mode (the document is another message\'s), the table in human mode', () => {
    const json = capture({ json: true });
    json.io.emit('sizing.findings', findings);
    assert.equal(json.out(), '');
    assert.equal(json.err(), '');
    const human = capture();
    human.io.emit('sizing.findings', findings);
    assert.match(human.out(), /^component +check/);
    assert.match(human.out(), /sizing check failed: 1 pass, 0 warn, 1 fail\n$/);
  });

  test('a renderer returning one string writes one line', () => {
    const c = capture();
    c.io.emit('config.value', { key: 'rateLimit.maxRequests', value: 0, source: 'default' });
    assert.equal(c.out(), '0\n');
  });
});

describe('Io: logs', () => {
  test('warn is prefixed "warning: ", success "✔ ", info bare; all on stderr in both modes', () => {
    for (const json of [false, true]) {
      const c = capture({ json });
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
      const c = capture({ verbose });
      withTestMessage(c.io, 'test.debug', message<{ step: string }>({ level: 'debug', human: ({ step }) => `at ${step}` }), (emit) => emit({ step: 'plan' }));
      assert.equal(c.err(), verbose ? 'at plan\n' : '');
      assert.equal(c.recorded.length, 1, 'a listener records debug messages either way');
    }
  });
});

describe('Io: progress', () => {
  const progress = message<{ step: string }>({ level: 'progress', human: ({ step }) => `step ${step}` });

  test('human mode: the renderer\'s line on stderr, stdout untouched', () => {
    const c = capture();
    withTestMessage(c.io, 'test.progress', progress, (emit) => {
      emit({ step: 'init' });
      emit({ step: 'apply' });
    });
    assert.equal(c.err(), 'step init\nstep apply\n');
    assert.equal(c.out(), '');
  });

  test('--json: one JSON line per message on stdout; the result after them is one line too', () => {
    const c = capture({ json: true });
    withTestMessage(c.io, 'test.progress', progress, (emit) => {
      emit({ step: 'init' });
      emit({ step: 'apply' });
    });
    c.io.emit('sizing.check', sizing);
    const lines = c.out().trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 2).map((l) => JSON.parse(l)), [{ step: 'init' }, { step: 'apply' }]);
    assert.equal(lines.length, 3);
    assert.deepEqual(JSON.parse(lines[2]), { ok: false, cloud: 'aws', tier: 'production', findings });
    assert.equal(c.err(), '');
  });
});

describe('Io: listeners', () => {
  test('record {level, code, data} of every message, in order, whatever is printed', () => {
    for (const json of [false, true]) {
      const c = capture({ json });
      const later: IoMessage[] = [];
      c.io.emit('sizing.failing', { count: 1, allowUndersized: false });
      c.io.listen((m) => later.push(m));
      c.io.emit('sizing.findings', findings);
      c.io.emit('doctor.report', { report, durationMs: 1 });
      assert.deepEqual(c.recorded, [
        { level: 'warn', code: 'sizing.failing', data: { count: 1, allowUndersized: false } },
        { level: 'result', code: 'sizing.findings', data: findings },
        { level: 'result', code: 'doctor.report', data: { report, durationMs: 1 } },
      ]);
      assert.deepEqual(later.map((m) => m.code), ['sizing.findings', 'doctor.report'], 'listen() records from then on');
      const first = c.recorded[2];
      if (first.code === 'doctor.report') assert.equal(first.data.report.ok, true);
    }
  });
});
