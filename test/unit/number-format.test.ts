import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupThousands } from '../../src/sizing/number-format.js';

test('groupThousands prints what toLocaleString(en-US) prints, for the numbers sizing shows', () => {
  for (const n of [0, 7, 999, 1000, 12000, 15000, 1234567, 0.5, 3.75, 1234.5, 2.125, -4500, 1e21 / 1e6]) {
    assert.equal(groupThousands(n), n.toLocaleString('en-US'), String(n));
  }
});
