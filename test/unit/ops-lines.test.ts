// Pure parts of the ops commands: --since, merge order, timestamps with nanoseconds, grep after
// redaction, df and image-tag parsing, status warnings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeLines, parseSince, parseTimestamp, prepareLine } from '../../src/ops/lines.js';
import { parseDfPercent, versionOf } from '../../src/ops/values.js';
import { statusWarnings } from '../../src/commands/status.js';
import { age } from '../../src/ops/format.js';
import { describeStatusWarning } from '../../src/ops/format.js';
import { BraintrustError } from '../../src/ui/errors.js';

const NOW = new Date('2026-01-31T12:00:00Z');

describe('ops lines', () => {
  it('--since takes a duration back from now or an ISO time', () => {
    assert.equal(parseSince('1h', NOW), NOW.getTime() - 3_600_000);
    assert.equal(parseSince('1h30m', NOW), NOW.getTime() - 5_400_000);
    assert.equal(parseSince('2026-01-31T11:00:00Z', NOW), Date.parse('2026-01-31T11:00:00Z'));
    assert.throws(() => parseSince('soon', NOW), (e: BraintrustError) => e.exitCode === 2 && /--since/.test(e.message));
    assert.throws(() => parseSince('2026-13-45T99:00:00Z', NOW), (e: BraintrustError) => e.exitCode === 2);
  });

  it('merges by time, ties by service then instance, stable otherwise', () => {
    const l = (time: number, service: string, instance: string, message: string) => ({ time, service, instance, message });
    const merged = mergeLines([l(3, 'api', 'a', 'x'), l(1, 'brainstore-reader', 'b', 'y'), l(1, 'api', 'z', 'first'), l(1, 'api', 'z', 'second')]);
    assert.deepEqual(merged.map((m) => m.message), ['first', 'second', 'y', 'x']);
  });

  it('reads RFC 3339 timestamps with nanoseconds and offsets', () => {
    assert.equal(parseTimestamp('2026-01-31T12:00:00.123456789Z'), Date.parse('2026-01-31T12:00:00.123Z'));
    assert.equal(parseTimestamp('2026-01-31T13:00:00+01:00'), Date.parse('2026-01-31T12:00:00Z'));
    assert.ok(Number.isNaN(parseTimestamp('hello')));
  });

  it('greps what is shown: a secret cannot be searched for', () => {
    const line = { time: NOW.getTime(), service: 'api', instance: 'a', message: 'login password=hunter2hunter2 ok' };
    assert.equal(prepareLine(line, { since: 0, grep: 'hunter2', secrets: [] }), undefined);
    assert.equal(prepareLine(line, { since: 0, grep: 'login', secrets: [] })?.message, 'login password=*** ok');
    assert.equal(prepareLine(line, { since: 0, grep: 'LOGIN', secrets: [] }), undefined, 'case-sensitive');
    assert.equal(prepareLine(line, { since: NOW.getTime() + 1, secrets: [] }), undefined);
  });

  it('parses df -P and image tags', () => {
    assert.equal(parseDfPercent('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/md0 100 87 13 87% /mnt/tmp/brainstore\n'), 87);
    assert.equal(parseDfPercent('garbage'), undefined);
    assert.equal(versionOf('public.ecr.aws/braintrust/brainstore:v1.2.3'), 'v1.2.3');
    assert.equal(versionOf('registry:5000/braintrust/api@sha256:abc'), undefined);
    assert.equal(versionOf('registry:5000/braintrust/api:v2.0.0@sha256:abc'), 'v2.0.0');
  });

  it('status warns at a cache disk over 85% and on other image versions, not on Lambda versions', () => {
    const w = statusWarnings({
      services: [{ service: 'api', running: 1, versions: ['lambda live=12'], health: 'ok' }, { service: 'brainstore', running: 1, versions: ['v1.0.0'], health: 'ok' }],
      hosts: [{ service: 'brainstore', instance: 'x', diskPercent: 85 }, { service: 'brainstore', instance: 'y', diskPercent: 85.5 }],
      notes: [],
    }, '1.0.0');
    assert.deepEqual(w, [{ kind: 'cache-disk', service: 'brainstore', instance: 'y', percent: 85.5, limit: 85 }]);
    assert.match(describeStatusWarning(w[0]), /^brainstore y: cache disk 85.5% full \(over 85%\): add nodes/);
    assert.equal(age('2026-01-29T11:00:00Z', NOW), '2d1h');
    assert.equal(age(undefined, NOW), '-');
  });
});
