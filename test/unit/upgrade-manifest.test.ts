// The release manifest: the shipped snapshot validates; --manifest reads a file or an http(s)
// URL (a local node:http server here); unreachable is exit 1 with a hint, invalid is exit 2.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BraintrustError } from '../../src/ui/errors.js';
import { loadManifest, parseManifest, SHIPPED_MANIFEST, latestRelease } from '../../src/upgrade/manifest.js';
import { compareVersions, daysBetween } from '../../src/upgrade/version.js';

const valid = {
  schemaVersion: 1,
  releases: [{ version: 'v2.0.0', date: '2026-04-20', components: { api: 'v2.0.0', brainstore: 'v2.0.0' }, notesUrl: 'https://example.test/v2.0.0' }],
};

async function rejectsWith(p: Promise<unknown>, code: string, exitCode: number): Promise<BraintrustError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BraintrustError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.exitCode, exitCode);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('the shipped manifest', () => {
  test('validates, ends at v2.12.0 in 2026, about weekly, with required steps on v2.0.0 and one later release', async () => {
    const m = await loadManifest(undefined, { cwd: process.cwd() });
    assert.equal(m.source, SHIPPED_MANIFEST);
    const latest = latestRelease(m);
    assert.equal(latest.version, 'v2.12.0');
    assert.match(latest.date, /^2026-/);
    const v2 = m.releases.find((r) => r.version === 'v2.0.0');
    assert.ok(v2?.requiredSteps.some((s) => /wal/i.test(s.id)));
    assert.ok(m.releases.some((r) => compareVersions(r.version, 'v2.0.0') > 0 && r.requiredSteps.length > 0), 'a later release with a required step');
    for (let i = 1; i < m.releases.length; i++) {
      assert.ok(daysBetween(m.releases[i - 1].date, m.releases[i].date) <= 10, `${m.releases[i].version} follows within ~a week`);
      assert.ok(m.releases[i].date >= m.releases[i - 1].date, 'dates ascend with versions');
    }
    const text = JSON.parse(await readFile(SHIPPED_MANIFEST, 'utf8')) as { $comment: string };
    assert.match(text.$comment, /offline snapshot/i);
  });
});

describe('parseManifest', () => {
  test('names each invalid field (exit 2)', () => {
    assert.throws(() => parseManifest({ schemaVersion: 2, releases: [{ version: 'two', components: {} }] }, 'bad.json'), (e: BraintrustError) => {
      assert.equal(e.code, 'MANIFEST_INVALID');
      assert.equal(e.exitCode, 2);
      const d = e.details.join('\n');
      assert.match(d, /schemaVersion/);
      assert.match(d, /releases\.0\.version/);
      assert.match(d, /releases\.0\.date/);
      return true;
    });
  });

  test('refuses a release listed twice; normalizes 2.0.0 to v2.0.0', () => {
    assert.throws(() => parseManifest({ ...valid, releases: [...valid.releases, { ...valid.releases[0], version: '2.0.0' }] }, 'dup'), /listed twice/);
    assert.equal(parseManifest({ ...valid, releases: [{ ...valid.releases[0], version: '2.0.0' }] }, 'x').releases[0].version, 'v2.0.0');
  });
});

describe('loadManifest --manifest', () => {
  let server: Server;
  let base: string;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bt-manifest-'));
    server = createServer((req, res) => {
      if (req.url === '/manifest.json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(valid));
      else if (req.url === '/garbage') res.writeHead(200).end('<html>not json</html>');
      else res.writeHead(404).end('nope');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  test('reads a manifest over HTTP', async () => {
    const m = await loadManifest(`${base}/manifest.json`, { cwd: dir });
    assert.equal(m.source, `${base}/manifest.json`);
    assert.equal(latestRelease(m).version, 'v2.0.0');
  });

  test('HTTP 404 is unreachable (exit 1) with a hint', async () => {
    const e = await rejectsWith(loadManifest(`${base}/missing.json`, { cwd: dir }), 'MANIFEST_UNREACHABLE', 1);
    assert.match(e.message, /HTTP 404/);
    assert.match(e.hint ?? '', /--manifest/);
  });

  test('a closed port is unreachable (exit 1) and says why', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = await rejectsWith(loadManifest(`http://127.0.0.1:${port}/m.json`, { cwd: dir }), 'MANIFEST_UNREACHABLE', 1);
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  });

  test('a body that is not JSON is invalid (exit 2)', async () => {
    await rejectsWith(loadManifest(`${base}/garbage`, { cwd: dir }), 'MANIFEST_INVALID', 2);
  });

  test('a local file relative to cwd; a missing file is exit 2', async () => {
    await writeFile(join(dir, 'm.json'), JSON.stringify(valid));
    assert.equal((await loadManifest('m.json', { cwd: dir })).releases.length, 1);
    await rejectsWith(loadManifest('nope.json', { cwd: dir }), 'MANIFEST_NOT_FOUND', 2);
  });
});
