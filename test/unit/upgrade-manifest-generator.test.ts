// scripts/build-release-manifest.ts against tiny git repos the test creates: module tags and
// their commit dates become module tags and release dates; VERSIONS.json pins become releases;
// a chart's values.yaml image tag becomes its helmChart; MIGRATION_V<n>.md at v<n>.0.0 and the
// WAL footer default become required steps linked to their lines; nothing else is invented.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildManifest } from '../../scripts/build-release-manifest.js';
import { parseManifest } from '../../src/upgrade/manifest.js';
import { projectRoot } from '../helpers/cli.js';

function git(dir: string, args: string[], date?: string): void {
  execFileSync('git', ['-C', dir, ...args], {
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test',
      ...(date ? { GIT_AUTHOR_DATE: `${date}T12:00:00Z`, GIT_COMMITTER_DATE: `${date}T12:00:00Z` } : {}),
    },
  });
}

async function commitTag(dir: string, files: Record<string, string>, tag: string, date: string): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', tag], date);
  git(dir, ['tag', tag]);
}

const WAL_VAR = (def: string) => `variable "other" {\n  default = 1\n}\n\nvariable "brainstore_wal_footer_version" {\n  type        = string\n  description = "Only adjust this to 'v3' after you have deployed v2.x."\n  default     = "${def}"\n}\n`;

describe('build-release-manifest', () => {
  let root: string;
  let aws: string;
  let helm: string;
  let gcp: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'bt-gen-'));
    [aws, helm, gcp] = ['aws', 'helm', 'gcp'].map((n) => join(root, n));
    for (const d of [aws, helm, gcp]) {
      await mkdir(d);
      git(d, ['init', '-q']);
    }
    await commitTag(aws, {
      'modules/services/VERSIONS.json': '{"AIProxy": "lambda/AIProxy/versions/abc.zip", "_tag": "v1.1.6"}',
      'README.md': '# module\n',
    }, 'v1.0.0', '2025-06-01');
    await commitTag(aws, {
      'modules/services/VERSIONS.json': '{"lambda_version_tag": "v1.1.32"}',
      'modules/brainstore-ec2/VERSIONS.json': '{"brainstore": "v1.1.32"}',
      'variables.tf': WAL_VAR('v1'),
    }, 'v1.1.0', '2026-02-24');
    await commitTag(aws, {
      'modules/services/VERSIONS.json': '{"lambda_version_tag": "v2.0.0"}',
      'modules/brainstore-ec2/VERSIONS.json': '{"brainstore": "v2.0.0"}',
      'variables.tf': WAL_VAR('v3'),
      'README.md': '# module\n- [Data Plane 2.0 upgrade guide](https://www.braintrust.dev/docs/admin/self-hosting/upgrade/v2)\n',
      'MIGRATION_V2.md': '# Migrating to v2\n\nUpgrade one major version at a time.\n\nv2 moves the API onto ECS and requires a follow-up apply.\n\n## Upgrade steps\n\n1. Bump.\n',
    }, 'v2.0.0', '2026-04-17');
    await commitTag(aws, {
      'modules/api-ecs/VERSIONS.json': '{"api": "v2.1.0"}',
      'modules/services/VERSIONS.json': '{"lambda_version_tag": "v2.1.0"}',
      'modules/brainstore-ec2/VERSIONS.json': '{"brainstore": "v2.1.0"}',
      'modules/loop-runtime-ecs/VERSIONS.json': '{"loop-runtime": "latest-2.x"}',
    }, 'v2.1.0', '2026-04-30');
    await commitTag(helm, { 'braintrust/Chart.yaml': 'version: 6.1.0\n', 'braintrust/values.yaml': 'api:\n  image:\n    tag: v2.0.0\nbrainstore:\n  image:\n    tag: v2.0.0\n' }, '6.1.0', '2026-04-23');
    await commitTag(helm, { 'braintrust/Chart.yaml': 'version: 6.2.0-prerelease\n', 'braintrust/values.yaml': 'api:\n  image:\n    tag: v2.1.0\n' }, '6.2.0-prerelease', '2026-04-29');
    await commitTag(gcp, { 'main.tf': '# infra\n' }, 'v1.5.0', '2026-04-16');
  });
  after(async () => rm(root, { recursive: true, force: true }));

  test('module tags, dates and pins; releases with the modules that ship them; absent stays absent', () => {
    const doc = buildManifest({ aws, helm, gcp }, { now: new Date('2026-05-01T00:00:00Z') });
    assert.deepEqual(doc.moduleTags.aws.map((t) => [t.version, t.date, t.pins]), [
      ['v1.0.0', '2025-06-01', {}],
      ['v1.1.0', '2026-02-24', { brainstore: 'v1.1.32', lambda: 'v1.1.32' }],
      ['v2.0.0', '2026-04-17', { brainstore: 'v2.0.0', lambda: 'v2.0.0' }],
      ['v2.1.0', '2026-04-30', { api: 'v2.1.0', brainstore: 'v2.1.0', lambda: 'v2.1.0' }],
    ]);
    const m = parseManifest(doc, 'generated');
    assert.deepEqual(m.releases.map((r) => r.version), ['v1.1.32', 'v2.0.0', 'v2.1.0'], 'no release from a build hash or a "_tag"');
    const [r132, r200, r210] = m.releases;
    assert.deepEqual(r132.components, { brainstore: 'v1.1.32', lambda: 'v1.1.32' }, 'no api pin, no chart: absent');
    assert.equal(r132.modules?.gcp, undefined, 'no GCP tag existed yet');
    assert.equal(r132.notesUrl, 'https://github.com/braintrustdata/terraform-aws-braintrust-data-plane/releases/tag/v1.1.0');
    assert.deepEqual(r200.modules, { aws: ['v2.0.0'], helm: ['6.1.0'], gcp: 'v1.5.0' });
    assert.equal(r200.date, '2026-04-17');
    assert.equal(r200.components.helmChart, '6.1.0');
    assert.equal(r210.components.helmChart, undefined, 'a pre-release chart tag is not a chart release');
    const steps = Object.fromEntries(m.releases.flatMap((r) => r.requiredSteps.map((s) => [s.id, { ...s, release: r.version }])));
    assert.deepEqual(Object.keys(steps).sort(), ['aws-module-v2-migration', 'brainstore-wal-footer-v3']);
    assert.equal(steps['brainstore-wal-footer-v3'].release, 'v2.0.0');
    assert.equal(steps['brainstore-wal-footer-v3'].sourceUrl, 'https://github.com/braintrustdata/terraform-aws-braintrust-data-plane/blob/v2.0.0/variables.tf#L5');
    assert.equal(steps['brainstore-wal-footer-v3'].docsUrl, 'https://www.braintrust.dev/docs/admin/self-hosting/upgrade/v2');
    assert.equal(steps['aws-module-v2-migration'].release, 'v2.0.0');
    assert.equal(steps['aws-module-v2-migration'].sourceUrl, 'https://github.com/braintrustdata/terraform-aws-braintrust-data-plane/blob/v2.0.0/MIGRATION_V2.md#L7');
    assert.match(steps['aws-module-v2-migration'].description, /moves the API onto ECS/);
    assert.deepEqual(steps['aws-module-v2-migration'].clouds, ['aws']);
    assert.equal(doc.generatedAt, '2026-05-01T00:00:00.000Z');
    assert.equal(doc.dataAsOf, '2026-04-30');
    assert.deepEqual(doc.sources.map((s) => [s.name, s.newestTag]), [
      ['braintrustdata/terraform-aws-braintrust-data-plane', 'v2.1.0'], ['braintrustdata/terraform-google-braintrust-data-plane', 'v1.5.0'], ['braintrustdata/helm', '6.1.0'],
    ]);
  });

  test('runs as a script: writes --out, refuses a missing --aws (exit 2)', async () => {
    const out = join(root, 'out.json');
    const script = join(projectRoot, 'dist', 'scripts', 'build-release-manifest.js');
    const ok = spawnSync(process.execPath, [script, '--aws', aws, '--helm', helm, '--out', out], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /3 releases, newest v2\.1\.0/);
    const written = JSON.parse(await readFile(out, 'utf8'));
    assert.equal(parseManifest(written, out).releases.length, 3);
    const bad = spawnSync(process.execPath, [script, '--helm', helm], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--aws <gitdir> is required/);
  });
});
