// .braintrust/history.jsonl is typed per action: readers get entries narrowed on `action`,
// lines that are not an entry are skipped, and a run killed mid-apply is found and closed.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendHistory, historyEntry, interruptedEntry, readHistory, toHistoryEntry, unfinishedRuns, type HistoryEntry,
} from '../../src/state/history.js';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

async function deployment(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-history-'));
  dirs.push(dir);
  return join(dir, 'braintrust.yaml');
}

const run = { time: '2026-11-01T00:00:00.000Z', version: 'v1.0.0', configSha256: 'abc', durationMs: 5 } as const;

describe('history entries', () => {
  test('historyEntry: the details of the action, and the run fields win over them', () => {
    const e = historyEntry('upgrade', { ...run, result: 'success', runId: 'r1' }, { fromVersion: 'v1.0.0', toVersion: 'v1.1.0', step: '1/1', backup: { kind: 'confirmed' } });
    assert.equal(e.action, 'upgrade');
    if (e.action !== 'upgrade') return;
    assert.deepEqual([e.fromVersion, e.toVersion, e.backup?.kind, e.result, e.runId], ['v1.0.0', 'v1.1.0', 'confirmed', 'success', 'r1']);
    assert.deepEqual(Object.keys(e).slice(0, 6), ['time', 'version', 'configSha256', 'action', 'result', 'durationMs'], 'a line reads in this order');
  });

  test('toHistoryEntry refuses what is not an entry', () => {
    const ok = { ...run, action: 'install', result: 'success' };
    assert.ok(toHistoryEntry(ok));
    for (const bad of [
      null, [], 'install', { ...ok, action: 'config' }, { ...ok, action: undefined }, { ...ok, result: 'done' },
      { ...ok, time: 3 }, { ...ok, version: undefined }, { ...ok, runId: 7 },
    ]) assert.equal(toHistoryEntry(bad), undefined, JSON.stringify(bad));
  });

  test('readHistory: a missing file is empty; torn, foreign and unknown lines are skipped; the file is private', async () => {
    const config = await deployment();
    assert.deepEqual(await readHistory(config), []);
    await appendHistory(config, historyEntry('rate-limit', { ...run, result: 'success' }, { settings: [{ path: 'rateLimit.maxRequests', before: 0, after: 250 }] }));
    const file = join(config, '..', '.braintrust', 'history.jsonl');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    await writeFile(file, (await readFile(file, 'utf8')) + '{"time":"x","vers\n' + JSON.stringify({ ...run, action: 'teleport', result: 'success' }) + '\n\n', { mode: 0o600 });
    await appendHistory(config, historyEntry('destroy', { ...run, result: 'failure', error: 'boom' }));
    const h = await readHistory(config);
    assert.deepEqual(h.map((e) => e.action), ['rate-limit', 'destroy']);
    const first = h[0];
    assert.ok(first.action === 'rate-limit' && first.settings?.[0].after === 250);
    assert.equal(h[1].error, 'boom');
  });

  test('unfinishedRuns finds a "started" line nothing closed; interruptedEntry closes it once', async () => {
    const config = await deployment();
    await mkdir(join(config, '..', '.braintrust'), { recursive: true });
    const lines: HistoryEntry[] = [
      historyEntry('install', { ...run, result: 'started', runId: 'a', pid: 1, host: 'h' }),
      historyEntry('install', { ...run, result: 'success', runId: 'a' }),
      historyEntry('telemetry', { ...run, result: 'started', runId: 'b', pid: 2, host: 'h' }),
      historyEntry('telemetry', { ...run, result: 'started' }),
    ];
    for (const l of lines) await appendHistory(config, l);
    const open = unfinishedRuns(await readHistory(config));
    assert.deepEqual(open.map((e) => [e.action, e.runId]), [['telemetry', 'b']]);
    const closing = interruptedEntry(open[0], '2026-11-02T00:00:00.000Z');
    assert.deepEqual([closing.action, closing.result, closing.runId, closing.detectedBy, closing.version], ['telemetry', 'interrupted', 'b', 'next run', 'v1.0.0']);
    await appendHistory(config, closing);
    assert.deepEqual(unfinishedRuns(await readHistory(config)), []);
  });
});
