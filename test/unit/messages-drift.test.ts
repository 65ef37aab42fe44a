// The drift catalog rendered through a real Io over captured streams: the drift table (one row
// per changed attribute), the pending list, "no drift", and terraform's lines with --verbose.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureIo } from '../helpers/io-capture.js';
import type { DriftReport } from '../../src/drift/run.js';

const report: DriftReport = {
  ok: false,
  drift: [
    { address: 'aws_security_group.sg', type: 'aws_security_group', action: 'update', attributes: [{ name: 'ingress', before: '[]', after: '[22]' }, { name: 'tags', before: '{}', after: '{"a":"b"}' }] },
    { address: 'aws_s3_bucket_cors_configuration.c', type: 'aws_s3_bucket_cors_configuration', action: 'delete', attributes: [] },
  ],
  pending: [{ address: 'aws_lambda_function.api', action: 'update' }],
};

describe('drift messages', () => {
  it('drift: a table with the resource and action on its first attribute row, the fix, then pending changes', () => {
    const c = captureIo();
    c.io.emit('drift.report', report);
    assert.equal(c.out(), [
      'Changed outside braintrust (2):',
      'resource                            action  attribute  in state  in the cloud',
      '----------------------------------  ------  ---------  --------  ------------',
      'aws_security_group.sg               update  ingress    []        [22]',
      '                                            tags       {}        {"a":"b"}',
      'aws_s3_bucket_cors_configuration.c  delete',
      'Fix: run `braintrust install` to put the config back, or change braintrust.yaml to match what was done by hand.',
      '',
      'Config changes not yet applied (1; `braintrust install` applies them):',
      '  update aws_lambda_function.api',
      '',
    ].join('\n'));
    assert.equal(c.err(), '');
  });

  it('--json: the report itself, and no "no drift" line (the document says it)', () => {
    const c = captureIo({ json: true });
    c.io.emit('drift.report', { ok: true, drift: [], pending: [] });
    c.io.emit('drift.none');
    assert.equal(c.out(), JSON.stringify({ ok: true, drift: [], pending: [] }, null, 2) + '\n');
    assert.equal(c.err(), '');
  });

  it('terraform\'s lines only with --verbose', () => {
    const quiet = captureIo();
    quiet.io.emit('drift.terraform-line', { line: 'Initializing the backend...' });
    assert.equal(quiet.err(), '');
    const verbose = captureIo({ verbose: true });
    verbose.io.emit('drift.terraform-line', { line: 'Initializing the backend...' });
    assert.equal(verbose.err(), 'Initializing the backend...\n');
  });
});
