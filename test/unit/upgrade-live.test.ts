// The live release list: GitHub's releases API and raw VERSIONS.json served by a local HTTP
// server with recorded-shape responses; the network refused; --offline; --manifest; the
// staleness warning; the exit-2 error for an unknown config version; "same as" per cloud.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BraintrustError } from '../../src/ui/errors.js';
import { loadReleaseList, RELEASES_API_ENV, RELEASES_RAW_ENV } from '../../src/upgrade/live.js';
import { assertKnownVersion, nearestVersions, sameAs } from '../../src/upgrade/known.js';
import { findRelease, latestRelease, loadManifest } from '../../src/upgrade/manifest.js';
import { versionAgeCheck } from '../../src/doctor/checks/version-age.js';
import type { DoctorContext } from '../../src/doctor/types.js';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';

const REPO = 'braintrustdata/terraform-aws-braintrust-data-plane';
/** The shape api.github.com returns (fields trimmed), newest first. */
const RELEASES = [
  { tag_name: 'v6.7.0', name: 'v6.7.0', draft: false, prerelease: false, created_at: '2026-09-01T17:02:11Z', published_at: '2026-09-01T17:05:40Z' },
  { tag_name: 'v6.7.0-rc1', name: 'v6.7.0-rc1', draft: false, prerelease: true, created_at: '2026-08-28T10:00:00Z', published_at: '2026-08-28T10:00:00Z' },
  { tag_name: 'v6.6.1', name: 'v6.6.1', draft: false, prerelease: false, created_at: '2026-08-25T09:00:00Z', published_at: '2026-08-25T09:01:00Z' },
  { tag_name: 'v6.6.0', name: 'v6.6.0', draft: false, prerelease: false, created_at: '2026-08-21T16:00:00Z', published_at: '2026-08-21T16:10:00Z' },
];
const RAW: Record<string, string> = {
  [`/${REPO}/v6.7.0/modules/api-ecs/VERSIONS.json`]: '{\n    "api": "v2.13.0"\n}',
  [`/${REPO}/v6.7.0/modules/brainstore-ec2/VERSIONS.json`]: '{\n    "brainstore": "v2.13.0"\n}',
  [`/${REPO}/v6.7.0/modules/services/VERSIONS.json`]: '{\n    "lambda_version_tag": "v2.13.0"\n}',
  [`/${REPO}/v6.6.1/modules/api-ecs/VERSIONS.json`]: '{\n    "api": "v2.12.0"\n}',
  [`/${REPO}/v6.6.1/modules/brainstore-ec2/VERSIONS.json`]: '{\n    "brainstore": "v2.12.0"\n}',
  [`/${REPO}/v6.6.1/modules/services/VERSIONS.json`]: '{\n    "lambda_version_tag": "v2.12.0"\n}',
};

describe('loadReleaseList', () => {
  let server: Server;
  let base: string;
  let closedBase: string;
  const requests: string[] = [];
  const NOW = new Date('2026-09-02T12:00:00Z');
  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === `/repos/${REPO}/releases?per_page=50`) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(RELEASES));
      const body = RAW[req.url ?? ''];
      if (body) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
      res.writeHead(404).end('404: Not Found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    closedBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
  });
  after(() => new Promise((r) => server.close(r)));

  const env = (b: string) => ({ [RELEASES_API_ENV]: b, [RELEASES_RAW_ENV]: b });

  test('live: new module tags add their releases over the snapshot; only tags the snapshot lacks are read', async () => {
    requests.length = 0;
    const list = await loadReleaseList({ cwd: process.cwd(), now: NOW, env: env(base) });
    assert.equal(list.source.kind, 'live');
    assert.equal(list.source.location, `${base}/repos/${REPO}/releases?per_page=50`);
    assert.equal(list.source.asOf, '2026-09-02');
    assert.equal(list.source.stale, false);
    assert.deepEqual(list.warnings, ['v2.13.0 is newer than the shipped snapshot: required steps are not read live, so check its release notes before upgrading (or update braintrust-self-host).']);
    const latest = latestRelease(list.manifest);
    assert.deepEqual([latest.version, latest.date, latest.modules?.aws, latest.components], ['v2.13.0', '2026-09-01', ['v6.7.0'], { api: 'v2.13.0', brainstore: 'v2.13.0', lambda: 'v2.13.0' }]);
    assert.deepEqual(findRelease(list.manifest, 'v2.12.0')?.modules?.aws, ['v6.6.0', 'v6.6.1'], 'a patch tag pinning a known release extends its module list');
    assert.ok(findRelease(list.manifest, 'v2.0.0')?.requiredSteps.length, 'required steps stay the snapshot\'s');
    assert.ok(!requests.some((u) => u.includes('/v6.6.0/') || u.includes('rc1')), `known and pre-release tags are not read: ${requests.join(' ')}`);
    assert.equal(sameAs(latest, 'aws'), 'same as terraform-aws-braintrust-data-plane v6.7.0');
  });

  test('network refused: the shipped snapshot, saying why, and a staleness warning past 30 days', async () => {
    const list = await loadReleaseList({ cwd: process.cwd(), now: NOW, env: env(closedBase) });
    assert.equal(list.source.kind, 'snapshot');
    assert.match(list.source.fallbackReason ?? '', /ECONNREFUSED/);
    assert.equal(latestRelease(list.manifest).version, 'v2.12.0');
    assert.equal(list.source.asOf, '2026-08-22');
    assert.equal(list.source.ageDays, 11);
    assert.equal(list.source.stale, false);
    assert.match(list.warnings.join('\n'), /Using the shipped release snapshot: the live release list could not be read/);
    const later = await loadReleaseList({ cwd: process.cwd(), now: new Date('2026-11-26T00:00:00Z'), env: env(closedBase) });
    assert.equal(later.source.stale, true);
    assert.match(later.warnings.join('\n'), /96 days old \(data as of 2026-08-22\).*may be optimistic/);
  });

  test('--offline never touches the network; --manifest overrides the live list', async () => {
    requests.length = 0;
    const offline = await loadReleaseList({ cwd: process.cwd(), now: NOW, env: env(base), offline: true });
    assert.equal(offline.source.kind, 'snapshot');
    assert.match(offline.source.fallbackReason ?? '', /--offline/);
    assert.deepEqual(requests, []);
    const own = await loadReleaseList({ cwd: process.cwd(), now: NOW, env: env(base), manifest: 'templates/release-manifest.json' });
    assert.equal(own.source.kind, 'manifest');
    assert.deepEqual(requests, []);
  });

  test('an API error (rate limit) falls back to the snapshot', async () => {
    const limited = createServer((_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"API rate limit exceeded"}'));
    await new Promise<void>((r) => limited.listen(0, '127.0.0.1', r));
    try {
      const list = await loadReleaseList({ cwd: process.cwd(), now: NOW, env: env(`http://127.0.0.1:${(limited.address() as AddressInfo).port}`) });
      assert.equal(list.source.kind, 'snapshot');
      assert.match(list.source.fallbackReason ?? '', /HTTP 403/);
    } finally {
      await new Promise((r) => limited.close(r));
    }
  });
});

describe('known versions', () => {
  test('an unknown version is exit 2 naming the nearest releases; older than the list is allowed', async () => {
    const m = await loadManifest(undefined, { cwd: process.cwd() });
    assert.doesNotThrow(() => assertKnownVersion('2.12.0', m));
    assert.doesNotThrow(() => assertKnownVersion('v1.0.0', m), 'predates the list: dated by its oldest release');
    assert.deepEqual(nearestVersions(m, 'v2.2.0'), ['v2.1.0', 'v2.1.1', 'v2.2.1']);
    assert.throws(() => assertKnownVersion('v2.2.0', m), (e: BraintrustError) => {
      assert.equal(e.exitCode, 2);
      assert.equal(e.code, 'UNKNOWN_RELEASE');
      assert.match(e.message, /version: v2\.2\.0 is not a known data plane release/);
      assert.match(e.details.join('\n'), /nearest known releases: v2\.1\.0, v2\.1\.1, v2\.2\.1/);
      assert.match(e.hint ?? '', /--manifest/);
      return true;
    });
    assert.throws(() => assertKnownVersion('v2.99.0', m), /v2\.99\.0 is not a known/);
  });

  test('same as: the AWS module on aws and docker, the Helm chart on the Kubernetes clouds', async () => {
    const m = await loadManifest(undefined, { cwd: process.cwd() });
    assert.equal(sameAs(findRelease(m, 'v2.12.0'), 'aws'), 'same as terraform-aws-braintrust-data-plane v6.6.0');
    assert.equal(sameAs(findRelease(m, 'v2.9.0'), 'gcp'), 'same as the braintrust Helm chart 6.11.0 on terraform-google-braintrust-data-plane v1.5.2 (infrastructure)');
    assert.equal(sameAs(findRelease(m, 'v2.12.0'), 'azure'), 'same images as terraform-aws-braintrust-data-plane v6.6.0 (no Helm chart release pins it)');
  });
});

describe('doctor version-age on the release list', () => {
  const config = (version: string) => validateConfig({ ...exampleConfig('aws', 'testing', { name: 'bt-test', org: 'acme' }), version });
  const dc = (version: string, now: string, env: NodeJS.ProcessEnv, offline = false) => ({
    cwd: process.cwd(), env, now: new Date(now), configPath: '/tmp/braintrust.yaml', config: config(version),
    deployment: { configPath: '/tmp/braintrust.yaml', stateDir: '/tmp/.braintrust', config: config(version), cloud: 'aws', outputs: {} },
    hasOutputs: false, history: [], live: { via: 'auto', offline }, timeoutMs: 5000, secrets: [],
  }) as unknown as DoctorContext;
  const refused = { [RELEASES_API_ENV]: 'http://127.0.0.1:9', [RELEASES_RAW_ENV]: 'http://127.0.0.1:9' };

  test('up to date by a fresh snapshot passes; by a stale one warns that it may be optimistic; an unknown version fails', async () => {
    const signal = new AbortController().signal;
    const fresh = await versionAgeCheck.run(dc('v2.12.0', '2026-09-01T00:00:00Z', refused), signal);
    assert.equal(fresh.status, 'pass');
    assert.match(fresh.detail, /\[releases: snapshot, as of 2026-08-22\]/);
    const stale = await versionAgeCheck.run(dc('v2.12.0', '2026-11-26T00:00:00Z', {}, true), signal);
    assert.equal(stale.status, 'warn');
    assert.match(stale.detail, /96 days old: newer releases may exist, so this may be optimistic/);
    const unknown = await versionAgeCheck.run(dc('v2.2.0', '2026-09-01T00:00:00Z', {}, true), signal);
    assert.equal(unknown.status, 'fail');
    assert.match(unknown.detail, /v2\.2\.0 is not a known data plane release.*nearest known releases: v2\.1\.0, v2\.1\.1, v2\.2\.1/);
  });
});
