// The human output layer: how errors, interrupts and spinners end up on stderr.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Output, type OutputOptions } from '../../src/ui/output.js';
import { BraintrustError, interrupted, operationFailed } from '../../src/ui/errors.js';

function capture(opts: Partial<OutputOptions> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const o = new Output({ json: false, color: false, interactive: false, verbose: false, stdout, stderr, ...opts });
  return { o, out: () => out, err: () => err };
}

describe('Output.error', () => {
  test('a user error prints message, indented details and the fix, without a stack', () => {
    const c = capture();
    c.o.error(operationFailed('terraform apply failed', 'Fix it and re-run.', ['Error: boom (aws_x.y)\n  The API said no.']));
    assert.equal(
      c.err(),
      'error: terraform apply failed\n  Error: boom (aws_x.y)\n    The API said no.\nfix: Fix it and re-run.\n',
    );
    assert.equal(c.out(), '');
  });

  test('an interrupt says what happened and what to do next, without "error:"', () => {
    const c = capture();
    c.o.error(new BraintrustError('Interrupted: terraform apply was stopped.', { code: 'INTERRUPTED', hint: 'Re-run it.' }));
    assert.equal(c.err(), 'Interrupted: terraform apply was stopped.\nnext: Re-run it.\n');
  });

  test('an unexpected error asks for a bug report; the stack only with --verbose', () => {
    const quiet = capture();
    quiet.o.error(new Error('kaboom'));
    assert.match(quiet.err(), /^error: kaboom\nThis is a bug in braintrust/);
    assert.doesNotMatch(quiet.err(), /\n\s+at /);
    const loud = capture({ verbose: true });
    loud.o.error(new Error('kaboom'));
    assert.match(loud.err(), /\n\s+at /);
  });

  test('--json: one document on stdout, nothing on stderr', () => {
    const c = capture({ json: true });
    c.o.error(interrupted('Cancelled.'));
    assert.deepEqual(JSON.parse(c.out()), { ok: false, error: { code: 'INTERRUPTED', message: 'Cancelled.' } });
    assert.equal(c.err(), '');
  });
});

describe('Output.spinner', () => {
  test('without a TTY a spinner is a start line and an end line, no escape codes', async () => {
    const c = capture();
    const s = await c.o.spinner('terraform init');
    s.update('ignored');
    s.succeed('terraform init done');
    assert.equal(c.err(), 'terraform init\n✔ terraform init done\n');
  });

  test('a terminal with no width gets start and end lines, not a live spinner (which would never finish clearing)', async () => {
    const c = capture({ interactive: true });
    const stderr = (c.o as unknown as { stderr: PassThrough & { isTTY?: boolean; columns?: number } }).stderr;
    stderr.isTTY = true;
    stderr.columns = 0;
    const s = await c.o.spinner('Applying 0/2 resources');
    s.update('Applying 1/2 resources');
    s.succeed('Applied 2/2 resources');
    assert.equal(c.err(), 'Applying 0/2 resources\n✔ Applied 2/2 resources\n');
  });

  test('an error while a spinner runs ends the spinner first (interactive, no colour)', async () => {
    const c = capture({ interactive: true });
    const s = await c.o.spinner('Applying 3/10 resources');
    c.o.error(interrupted('Interrupted.'));
    s.fail('late'); // already ended: a no-op
    const text = c.err();
    assert.doesNotMatch(text, /\u001b\[3\dm/, 'no colour codes with color: false');
    const failLine = text.indexOf('✖ Applying 3/10 resources');
    assert.ok(failLine >= 0, text);
    assert.ok(failLine < text.indexOf('Interrupted.'), 'the spinner line comes before the message');
    assert.doesNotMatch(text, /late/);
  });
});
