// `braintrust upgrade` in-process (the handler with a fixed clock and the shipped snapshot),
// on the branches users hit that test/cli/day2-upgrade.test.ts does not walk: a release that
// does not exist, downgrades with and without required steps crossed, already up to date, the
// policy verdict by age (monthly recommended, quarterly required), the dry-run JSON, rollback
// without a previous version, manifests that cannot be read, and flags that cannot go together.
// Assertions are on exit codes, error codes, the message stream and the printed documents.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from '../../src/commands/upgrade.js';
import { upgradeCommand } from '../../src/commands/upgrade.spec.js';
import type { IoMessage } from '../../src/ui/io.js';
import { BraintrustError } from '../../src/ui/errors.js';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';
import { runOps } from '../helpers/ops-harness.js';
import { withDefaults } from '../helpers/command-options.js';

const upgrade = withDefaults(upgradeCommand, run);
const NAME = 'acme-bt';
/** The live list would be read from a closed port; most tests pass --offline anyway. */
const ENV = { PATH: dirname(process.execPath), BRAINTRUST_RELEASES_API_URL: 'http://127.0.0.1:9', BRAINTRUST_RELEASES_RAW_URL: 'http://127.0.0.1:9', BRAINTRUST_SKIP_PREFLIGHT: '1' };
/** A week after the shipped snapshot's data (2026-08-22): fresh, v2.12.0 (2026-08-21) is the latest. */
const SOON = new Date('2026-08-29T12:00:00Z');

const dirs: string[] = [];
let template = '';
before(async () => {
  // The config a user gets from init (docker: nothing to deploy for a dry run).
  const dir = await tempDir();
  dirs.push(dir);
  const r = await runCli(['init', '--cloud', 'docker', '--tier', 'testing', '--name', NAME, '--org', 'acme'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  template = await readFile(join(dir, 'braintrust.yaml'), 'utf8');
});
after(async () => { for (const d of dirs) await removeDir(d); });

interface Setup { version: string; history?: { version: string; action?: string; result?: string }[] }

/** A deployment directory with the config at `version` and the history given. */
async function deployment(s: Setup): Promise<{ dir: string; config: string }> {
  const dir = await tempDir();
  dirs.push(dir);
  const config = join(dir, 'braintrust.yaml');
  await writeFile(config, template.replace(/^version: .*$/m, `version: ${s.version}`));
  if (s.history) {
    await mkdir(join(dir, '.braintrust'), { recursive: true });
    const lines = s.history.map((h, i) => JSON.stringify({ time: `2026-08-0${i + 1}T00:00:00Z`, version: h.version, configSha256: 'x', action: h.action ?? 'upgrade', result: h.result ?? 'success', durationMs: 1 }));
    await writeFile(join(dir, '.braintrust', 'history.jsonl'), lines.join('\n') + '\n');
  }
  return { dir, config };
}

async function upgradeAt(s: Setup, opts: Record<string, unknown>, o: { now?: Date; json?: boolean; yes?: boolean } = {}) {
  const d = await deployment(s);
  // Relative --out resolves against the process's directory: in-process runs pass their own.
  const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: ENV, now: o.now ?? SOON, json: o.json, yes: o.yes }, { out: join(d.dir, 'braintrust.out'), ...opts });
  return { ...r, ...d, codes: r.messages.map((m) => m.code) };
}

function errorOf(r: { error?: Error }): BraintrustError {
  assert.ok(r.error instanceof BraintrustError, `a BraintrustError, got ${r.error}`);
  return r.error;
}

function only<C extends IoMessage['code']>(messages: IoMessage[], code: C): Extract<IoMessage, { code: C }> {
  const found = messages.filter((m): m is Extract<IoMessage, { code: C }> => m.code === code);
  assert.equal(found.length, 1, `one ${code} message, got ${found.length}`);
  return found[0];
}

describe('upgrade --to a release that does not exist', () => {
  test('a well-formed version the manifest does not list: exit 2 UNKNOWN_RELEASE naming the newest releases; nothing planned or written', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { to: 'v9.9.9', offline: true });
    assert.equal(r.code, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'UNKNOWN_RELEASE');
    assert.match(e.message, /^v9\.9\.9 is not in the release manifest \(.*release-manifest\.json\)$/);
    assert.match(e.hint ?? '', /newest: .*v2\.11\.0, v2\.12\.0/);
    assert.match(e.hint ?? '', /--manifest <url>/);
    assert.ok(!r.codes.includes('upgrade.plan'), 'no plan is shown');
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.11\.0$/m);
  });

  test('not a version at all: exit 2 USAGE with --to latest as the way out', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { to: 'newest', offline: true });
    assert.equal(r.code, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'USAGE');
    assert.equal(e.message, '--to "newest" is not a release');
    assert.match(e.hint ?? '', /Pass --to latest or a release like v2\.12\.0/);
  });

  test('the config version itself unknown: exit 2 before any plan (the nearest releases named)', async () => {
    const r = await upgradeAt({ version: 'v2.2.0' }, { offline: true });
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).code, 'UNKNOWN_RELEASE');
    assert.match(errorOf(r).message, /version: v2\.2\.0 is not a known data plane release/);
  });
});

describe('upgrade refuses to go back without --allow-downgrade', () => {
  test('an older release: exit 2 DOWNGRADE_REFUSED, "(a downgrade)", the flag in the hint', async () => {
    const r = await upgradeAt({ version: 'v2.2.1' }, { to: 'v2.1.0', offline: true, yes: true });
    assert.equal(r.code, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'DOWNGRADE_REFUSED');
    assert.equal(e.message, 'Refusing to go from v2.2.1 back to v2.1.0 (a downgrade)');
    assert.match(e.hint ?? '', /--allow-downgrade/);
    assert.deepEqual(e.details, []);
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.2\.1$/m);
  });

  test('across a release with required steps: refused naming each step that may not be reversible', async () => {
    const r = await upgradeAt({ version: 'v2.2.1' }, { to: 'v1.1.32', offline: true });
    assert.equal(r.code, 2);
    const e = errorOf(r);
    assert.equal(e.message, 'Refusing to go from v2.2.1 back to v1.1.32 across releases with required steps');
    assert.equal(e.details.length, 1);
    assert.match(e.details[0], /^v2\.0\.0 brainstore-wal-footer-v3: /);
  });

  test('a rollback across required steps is refused too, even though rollbacks are allowed otherwise', async () => {
    const r = await upgradeAt({ version: 'v2.2.1', history: [{ version: 'v1.1.32', action: 'install' }, { version: 'v2.2.1' }] }, { rollback: true, offline: true });
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).code, 'DOWNGRADE_REFUSED');
    assert.match(errorOf(r).message, /v2\.2\.1 back to v1\.1\.32 across releases with required steps/);
  });

  test('--allow-downgrade --dry-run: the plan is a downgrade with the warning about the crossed steps; nothing is written', async () => {
    const r = await upgradeAt({ version: 'v2.2.1' }, { to: 'v1.1.32', allowDowngrade: true, dryRun: true, offline: true }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.messages.filter((m) => m.code === 'upgrade.plan-warning').map((m) => (m.data as { warning: string }).warning);
    assert.ok(warnings.some((w) => /crosses release\(s\) with required steps: v2\.0\.0\. They may not be reversible\./.test(w)), warnings.join('\n'));
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.kind, doc.from, doc.to, doc.status, doc.version], ['downgrade', 'v2.2.1', 'v1.1.32', 'dry-run', 'v2.2.1']);
    assert.deepEqual(doc.steps.map((s: { version: string; reasons: string[] }) => [s.version, s.reasons]), [['v1.1.32', ['target']]]);
    assert.match(r.stderr, /warning: Going back from v2\.2\.1 to v1\.1\.32 crosses/);
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.2\.1$/m);
  });
});

describe('upgrade when already up to date', () => {
  test('at the latest: exit 0, the JSON document is the plan (kind none) with the policy verdict; the note on stderr', async () => {
    const r = await upgradeAt({ version: 'v2.12.0' }, { offline: true }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.ok, doc.status, doc.kind, doc.from, doc.to, doc.steps, doc.skipped], [true, 'up-to-date', 'none', 'v2.12.0', 'v2.12.0', [], []]);
    assert.equal(typeof doc.schemaVersion, 'number');
    assert.deepEqual([doc.policy.status, doc.policy.ok, doc.policy.daysBehind, doc.policy.releaseSource.kind], ['ok', true, 0, 'snapshot']);
    assert.equal(r.stderr, 'warning: Using the shipped release snapshot: offline (--offline).\nAlready at v2.12.0: nothing to upgrade.\n');
    assert.deepEqual(only(r.messages, 'upgrade.already-at').data, { version: 'v2.12.0', latest: 'v2.12.0' });
    assert.ok(!r.codes.includes('upgrade.result'), 'no apply result');
  });

  test('--to the running release when a newer one exists: nothing to do, and the latest is named', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { to: 'v2.11.0', offline: true });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'nothing on stdout without --json');
    assert.match(r.stderr, /^Already at v2\.11\.0: nothing to upgrade\. \(latest is v2\.12\.0\)$/m);
  });

  test('the history decides what runs: an applied v2.12.0 is up to date even if the config says older', async () => {
    const r = await upgradeAt({ version: 'v2.11.0', history: [{ version: 'v2.11.0', action: 'install' }, { version: 'v2.12.0' }] }, { offline: true }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.status, doc.from, doc.policy.currentSource, doc.policy.configVersion], ['up-to-date', 'v2.12.0', 'history', 'v2.11.0']);
    assert.ok(doc.policy.notes.some((n: string) => /config says v2\.11\.0 but the last successful apply was v2\.12\.0/.test(n)));
  });
});

describe('upgrade --check: the policy verdict by age', () => {
  // v2.11.0 shipped 2026-08-13; v2.12.0 (2026-08-21) is newer.
  const check = (now: string, o: { json?: boolean } = {}, s: Setup = { version: 'v2.11.0' }) =>
    upgradeAt(s, { check: true, offline: true }, { now: new Date(now), ...o });

  test('12 days behind: ok (exit 0), no call to action', async () => {
    const r = await check('2026-08-25T00:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    const d = only(r.messages, 'upgrade.check').data;
    assert.deepEqual([d.report.status, d.report.daysBehind, d.report.releasesBehind], ['ok', 12, 1]);
    assert.match(r.stdout, /^Status: {2}OK: v2\.11\.0 is 12 days old with 1 newer release\(s\): within the monthly recommendation\.$/m);
    assert.match(r.stdout, /^Current: v2\.11\.0 \(from the config; no successful apply in history\), released 2026-08-13; same as /m);
    assert.match(r.stdout, /^Policy: {2}update monthly \(recommended\); at least once per quarter \(required\)/m);
    assert.doesNotMatch(r.stdout, /^Run: /m);
  });

  test('43 days behind: the monthly recommendation is missed (warn, exit 0) and the way to upgrade is printed', async () => {
    const r = await check('2026-09-25T00:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(only(r.messages, 'upgrade.check').data.report.status, 'warn');
    assert.match(r.stdout, /^Status: {2}WARN: v2\.11\.0 is 43 days old with 1 newer release\(s\): the monthly upgrade recommendation is missed\.$/m);
    assert.match(r.stdout, /^Run: braintrust upgrade --dry-run, then braintrust upgrade$/m);
    // The snapshot is 34 days old by then: the verdict may be optimistic, said on stderr and as a note.
    const listWarnings = r.messages.filter((m) => m.code === 'upgrade.release-list-warning');
    assert.equal(listWarnings.length, 2, 'offline, and the age of the snapshot');
    assert.match(r.stderr, /warning: The shipped release snapshot is 34 days old \(data as of 2026-08-22\): newer releases may exist/);
    assert.match(r.stdout, /^note: The manifest's newest release is 35 days old/m);
  });

  test('past the quarter: fail, exit 1, ok:false in JSON with the rule and the policy days', async () => {
    const r = await check('2026-12-01T00:00:00Z', { json: true });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.ok, doc.status, doc.daysBehind, doc.releasesBehind], [false, 'fail', 110, 1]);
    assert.equal(doc.message, 'v2.11.0 is 110 days old with 1 newer release(s): past the quarterly upgrade requirement (90 days).');
    assert.deepEqual([doc.policy.recommendedDays, doc.policy.requiredDays], [30, 90]);
    assert.equal(doc.releaseSource.stale, true);
    assert.ok(doc.warnings.some((w: string) => /snapshot is 101 days old/.test(w)), 'the stale snapshot warning is part of the document');
  });

  test('the last applied release is judged, and the config that says otherwise is named', async () => {
    const r = await check('2026-08-25T00:00:00Z', {}, { version: 'v2.11.0', history: [{ version: 'v2.10.0', action: 'install' }] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Current: v2\.10\.0 \(last applied; config says v2\.11\.0\), released 2026-08-12/m);
    assert.match(r.stdout, /^Latest: {2}v2\.12\.0, released 2026-08-21 \(2 newer releases\)/m);
    assert.match(r.stdout, /^note: The config says v2\.11\.0 but the last successful apply was v2\.10\.0\.$/m);
  });

  test('an applied release newer than the list is ok, with a note that the list may be out of date', async () => {
    const r = await check('2026-08-25T00:00:00Z', { json: true }, { version: 'v2.12.0', history: [{ version: 'v2.13.0', action: 'install' }] });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.status, doc.current, doc.latest, doc.releasesBehind, doc.sameAs.current], ['ok', 'v2.13.0', 'v2.12.0', 0, null]);
    assert.ok(doc.notes.includes('v2.13.0 is newer than the newest release in the manifest (v2.12.0): the manifest may be out of date.'), doc.notes.join('\n'));
  });
});

describe('upgrade --dry-run --json', () => {
  test('the plan value with the stops, what was passed over, the step results and the release source; the config is untouched', async () => {
    const r = await upgradeAt({ version: 'v2.9.0' }, { dryRun: true, offline: true }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.ok, doc.status, doc.kind, doc.from, doc.to, doc.version, doc.complete, doc.backup], [true, 'dry-run', 'upgrade', 'v2.9.0', 'v2.12.0', 'v2.9.0', true, null]);
    assert.deepEqual(doc.skipped, ['v2.10.0', 'v2.11.0']);
    assert.deepEqual(doc.steps.map((s: { version: string }) => s.version), ['v2.12.0']);
    assert.equal(doc.results.length, 1);
    assert.equal(doc.results[0].status, 'dry-run');
    assert.ok(doc.results[0].artifacts.some((a: { before: string; after: string }) => /v2\.9\.0/.test(a.before) && /v2\.12\.0/.test(a.after)), JSON.stringify(doc.results[0].artifacts));
    assert.equal(doc.releaseSource.kind, 'snapshot');
    // The message stream: the plan, the step, its artifacts, the result, the dry-run note.
    const order = r.codes.filter((c) => c.startsWith('upgrade.') && c !== 'upgrade.plan-warning' && c !== 'upgrade.release-list-warning');
    assert.deepEqual(order, ['upgrade.plan', 'upgrade.step', 'upgrade.artifacts', 'upgrade.result', 'upgrade.dry-run-done']);
    assert.deepEqual(only(r.messages, 'upgrade.step').data.label, '1/1');
    assert.match(r.stderr, /Dry run: 1 step\(s\) shown, nothing applied\./);
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.9\.0$/m);
  });

  test('without --json: the plan line and the changed images on stdout, the step title on stderr', async () => {
    const r = await upgradeAt({ version: 'v2.9.0' }, { dryRun: true, offline: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Upgrade v2\.9\.0 -> v2\.12\.0 in 1 step: v2\.12\.0$/m);
    assert.match(r.stdout, /^ {2}passing over 2 release\(s\) without required steps: v2\.10\.0, v2\.11\.0$/m);
    assert.match(r.stdout, /^Deployment changes \(images, code packages\):$/m);
    assert.match(r.stderr, /^Step 1\/1: v2\.9\.0 -> v2\.12\.0 \(released 2026-08-21\)$/m);
    assert.doesNotMatch(r.stdout, /^\{/m, 'no JSON without --json');
  });
});

describe('upgrade --rollback', () => {
  test('no previous applied version: exit 1 NO_PREVIOUS_VERSION, pointing at --to --allow-downgrade', async () => {
    const r = await upgradeAt({ version: 'v2.12.0', history: [{ version: 'v2.12.0', action: 'install' }, { version: 'v2.11.0', result: 'failure' }] }, { rollback: true, offline: true });
    assert.equal(r.code, 1);
    const e = errorOf(r);
    assert.equal(e.code, 'NO_PREVIOUS_VERSION');
    assert.match(e.hint ?? '', /history\.jsonl .* --to <version> --allow-downgrade/);
  });

  test('to the previous applied release, without --allow-downgrade when no required step is crossed (dry run)', async () => {
    const r = await upgradeAt({ version: 'v2.12.0', history: [{ version: 'v2.11.0', action: 'install' }, { version: 'v2.12.0' }] }, { rollback: true, dryRun: true, offline: true }, { json: true });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.kind, doc.from, doc.to, doc.status], ['rollback', 'v2.12.0', 'v2.11.0', 'dry-run']);
  });

  test('--rollback with --to is a usage error', async () => {
    const r = await upgradeAt({ version: 'v2.12.0' }, { rollback: true, to: 'v2.11.0' });
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).message, '--rollback and --to cannot be combined');
  });
});

describe('upgrade --manifest that cannot be used', () => {
  const withManifest = async (content: string | undefined, o: { check?: boolean } = { check: true }) => {
    const d = await deployment({ version: 'v2.11.0' });
    const file = join(d.dir, 'releases.json');
    if (content !== undefined) await writeFile(file, content);
    const r = await runOps(upgrade, { cwd: d.dir, config: d.config, env: ENV, now: SOON, json: true }, { ...o, manifest: 'releases.json' });
    return { ...r, file };
  };

  test('a file that does not exist: exit 2 MANIFEST_NOT_FOUND with the resolved path', async () => {
    const r = await withManifest(undefined);
    assert.equal(r.code, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'MANIFEST_NOT_FOUND');
    assert.equal(e.message, `Cannot read the release manifest ${r.file}: ENOENT`);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.ok, doc.error.code], [false, 'MANIFEST_NOT_FOUND']);
  });

  test('not JSON: exit 2 MANIFEST_INVALID', async () => {
    const r = await withManifest('releases: [v2.11.0]\n', {});
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).code, 'MANIFEST_INVALID');
    assert.match(errorOf(r).message, /is invalid: not JSON/);
  });

  test('JSON of the wrong shape: exit 2 MANIFEST_INVALID naming each field', async () => {
    const r = await withManifest(JSON.stringify({ schemaVersion: 1, releases: [{ version: 'v2.11.0' }, { date: '2026-08-21' }] }));
    assert.equal(r.code, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'MANIFEST_INVALID');
    assert.match(e.details.join('\n'), /releases\.0\.date/);
    assert.match(e.details.join('\n'), /releases\.1\.version/);
  });

  test('a release listed twice: exit 2 MANIFEST_INVALID', async () => {
    const r = await withManifest(JSON.stringify({ schemaVersion: 1, releases: [{ version: 'v2.11.0', date: '2026-08-13' }, { version: '2.11.0', date: '2026-08-13' }] }));
    assert.equal(r.code, 2);
    assert.match(errorOf(r).message, /release v2\.11\.0 is listed twice/);
  });
});

describe('upgrade flags that cannot go together', () => {
  test('--check with change flags names each of them; the hint has no --to when none was given', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { check: true, skipBackup: true, apply: false, dryRun: true });
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).message, '--check cannot be combined with --skip-backup, --dry-run, --no-apply');
    assert.match(errorOf(r).hint ?? '', /run `braintrust upgrade --dry-run`/);
  });

  test('--health-timeout needs --api-runtime ecs; --api-runtime cannot be combined with a release change', async () => {
    const t = await upgradeAt({ version: 'v2.11.0' }, { healthTimeout: '60' });
    assert.equal(t.code, 2);
    assert.equal(errorOf(t).message, '--health-timeout needs --api-runtime ecs');
    const r = await upgradeAt({ version: 'v2.11.0' }, { apiRuntime: 'ecs', to: 'v2.12.0', check: true });
    assert.equal(r.code, 2);
    assert.equal(errorOf(r).message, '--api-runtime cannot be combined with --check, --to');
  });

  test('--api-runtime on a docker deployment: exit 2, AWS only', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { apiRuntime: 'ecs' });
    assert.equal(r.code, 2);
    assert.match(errorOf(r).message, /--api-runtime applies to AWS deployments only \(this one is docker\)/);
    const bad = await upgradeAt({ version: 'v2.11.0' }, { apiRuntime: 'fargate' });
    assert.equal(bad.code, 2);
    assert.match(errorOf(bad).message, /--api-runtime: "fargate" is not a runtime/);
  });
});

describe('upgrade on docker: the backup', () => {
  test('--yes needs --skip-backup (no automatic snapshot of a docker volume): exit 2 before anything is written', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { offline: true }, { yes: true });
    assert.equal(r.code, 2);
    assert.match(errorOf(r).message, /Cannot take a database backup automatically for the docker target/);
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.11\.0$/m);
  });

  test('--yes --skip-backup: the compose files are written, the skip is warned and recorded', async () => {
    const r = await upgradeAt({ version: 'v2.11.0' }, { offline: true, skipBackup: true }, { yes: true, json: true });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.codes.includes('upgrade.backup-skipped'));
    assert.match(r.stderr, /warning: --skip-backup: no database backup was confirmed or taken \(recorded in history\)\./);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.status, doc.version, doc.backup], ['compose-written', 'v2.12.0', { kind: 'skipped' }]);
    assert.deepEqual(only(r.messages, 'upgrade.done').data, { kind: 'upgrade', version: 'v2.12.0' });
    assert.match(await readFile(r.config, 'utf8'), /^version: v2\.12\.0$/m);
  });
});
