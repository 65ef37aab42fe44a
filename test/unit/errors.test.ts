// The error table: one code decides the exit code and the kind; Ctrl-C is told apart from other
// aborts by the abort reason's type, not its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BraintrustError, ERROR_CODES, ExitCode, InterruptedError, interrupted, isSigintReason,
  operationFailed, prerequisiteError, usageError, type ErrorCode,
} from '../../src/ui/errors.js';

test('every code maps to one of the documented exit codes and a kind', () => {
  const exits = new Set<number>(Object.values(ExitCode).filter((c) => c !== 0));
  for (const [code, { exit, kind }] of Object.entries(ERROR_CODES)) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(exits.has(exit), `${code}: exit ${exit}`);
    assert.ok(['user', 'external', 'internal'].includes(kind), `${code}: kind ${kind}`);
  }
  // The exit codes of DESIGN.md by kind of failure.
  const expected: [ErrorCode, number, string][] = [
    ['USAGE', 2, 'user'], ['CONFIG_INVALID', 2, 'user'], ['INTERRUPTED', 130, 'user'],
    ['PREREQUISITE_MISSING', 3, 'external'], ['TERRAFORM_NOT_FOUND', 3, 'external'],
    ['TERRAFORM_FAILED', 1, 'external'], ['LOCKED', 1, 'external'], ['INTERNAL', 1, 'internal'],
  ];
  for (const [code, exit, kind] of expected) assert.deepEqual(ERROR_CODES[code], { exit, kind }, code);
});

test('an error takes its exit code and kind from its code, whichever helper made it', () => {
  assert.equal(usageError('x').exitCode, 2);
  assert.equal(prerequisiteError('x', 'fix').exitCode, 3);
  // The code decides, not the helper: a prerequisite code given to operationFailed is still exit 3.
  assert.equal(operationFailed('x', undefined, undefined, 'TOOL_MISSING').exitCode, 3);
  const e = new BraintrustError('nope', { code: 'DOWNGRADE_REFUSED', hint: 'h' });
  assert.equal(e.exitCode, 2);
  assert.equal(e.kind, 'user');
  assert.deepEqual(e.toJSON(), { code: 'DOWNGRADE_REFUSED', message: 'nope', hint: 'h' });
});

test('Ctrl-C is recognised from the typed abort reason, not from the words in a message', () => {
  const sigint = new InterruptedError('SIGINT');
  assert.equal(sigint.exitCode, 130);
  assert.ok(sigint instanceof BraintrustError);
  assert.equal(isSigintReason(sigint), true);
  assert.equal(isSigintReason(new InterruptedError('SIGTERM')), false);
  // A message that merely mentions SIGINT is not a Ctrl-C.
  assert.equal(isSigintReason(new Error('child exited on SIGINT')), false);
  assert.equal(isSigintReason(new BraintrustError('Interrupted by SIGINT', { code: 'INTERRUPTED' })), false);
  assert.equal(isSigintReason(interrupted()), false);
  const ac = new AbortController();
  ac.abort(sigint);
  assert.equal(isSigintReason(ac.signal.reason), true);
});
