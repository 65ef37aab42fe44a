// An AWS region without Braintrust's Lambda builds is a config error (exit 2) naming the field,
// before anything is synthesized (it used to surface as an internal error from the stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleConfig } from '../../src/config/defaults.js';
import { validateConfig } from '../../src/config/load.js';
import { BraintrustError } from '../../src/ui/errors.js';

test('aws region outside the published Lambda regions is refused by validation, with the list', () => {
  const input = { ...exampleConfig('aws', 'testing', { name: 'bt', org: 'acme' }), region: 'ap-east-1' };
  assert.throws(() => validateConfig(input), (e: unknown) => {
    assert.ok(e instanceof BraintrustError);
    assert.equal(e.exitCode, 2);
    const text = (e.details ?? []).join('\n');
    assert.match(text, /^region: "ap-east-1" is not allowed: .*eu-central-1/m);
    return true;
  });
  assert.doesNotThrow(() => validateConfig({ ...input, region: 'eu-central-1' }));
  // Other clouds have their own region lists.
  assert.doesNotThrow(() => validateConfig(exampleConfig('gcp', 'testing', { name: 'bt', org: 'acme', region: 'asia-east1' })));
});
