// The settings messages rendered through an Io, human and --json: the cases the command tests
// do not reach (expired grants with a support role, an unknown data plane URL, ingress modes).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { captureIo } from '../helpers/io-capture.js';
import { runHandler, writeDeployment } from '../helpers/connect-harness.js';
import { status as supportStatus } from '../../src/commands/support-access.js';
import { run as allowlist } from '../../src/commands/allowlist.js';
import { show as rateLimitShow } from '../../src/commands/rate-limit.js';
import { status as telemetryStatus } from '../../src/commands/telemetry.js';
import { RATE_LIMIT_DEFAULTS_NOTE } from '../../src/ui/messages/settings.js';

const active = { reason: 'INC-1', grantedAt: '2026-11-26T10:00:00.000Z', expiresAt: '2026-11-27T10:00:00.000Z', active: true, remainingMinutes: 90 };
const expired = { principal: 'user:help@example.com', reason: 'INC-0', grantedAt: '2026-11-01T10:00:00.000Z', expiresAt: '2026-11-02T10:00:00.000Z', active: false, remainingMinutes: 0 };

describe('support-access messages', () => {
  test('status: the grants table, who defaults to Braintrust support on the cloud, and the role ARN', () => {
    const c = captureIo();
    c.io.emit('support-access.status', { cloud: 'aws', grants: [active, expired], roleArn: 'arn:aws:iam::1:role/Support' });
    assert.match(c.out(), /^who +reason +granted +until +state\n/);
    assert.match(c.out(), /Braintrust support \(AWS account 872608195481\) +INC-1 .* active \(90 min left\)\n/);
    assert.match(c.out(), /user:help@example.com +INC-0 .* expired\n/);
    assert.match(c.out(), /Support role: arn:aws:iam::1:role\/Support \(share this ARN with the Braintrust team\)\n$/);
    const gcp = captureIo();
    gcp.io.emit('support-access.status', { cloud: 'gcp', grants: [active] });
    assert.match(gcp.out(), /group:support@braintrust.dev +INC-1/);
    assert.doesNotMatch(gcp.out(), /Support role/);
  });

  test('status with no grants is one line; --json counts the expired grants and names the role', () => {
    const none = captureIo();
    none.io.emit('support-access.status', { cloud: 'azure', grants: [] });
    assert.equal(none.out(), 'No support access is granted.\n');
    const json = captureIo({ json: true });
    json.io.emit('support-access.status', { cloud: 'aws', grants: [active, expired], roleArn: 'arn:x' });
    assert.deepEqual(JSON.parse(json.out()), { ok: true, cloud: 'aws', grants: [active, expired], supportRoleArn: 'arn:x', expiredStillPresent: 1 });
  });

  test('expired grants: a warning on stderr naming the count and the fix; with --json the document counts them instead', () => {
    const c = captureIo();
    c.io.emit('support-access.expired-grants', { count: 2 });
    assert.equal(c.err(), 'warning: 2 expired grant(s) still in the config: run `braintrust support-access revoke` to remove them.\n');
    assert.equal(c.out(), '');
    const json = captureIo({ json: true });
    json.io.emit('support-access.expired-grants', { count: 2 });
    assert.equal(json.err() + json.out(), '');
  });
});

describe('rate-limit, telemetry, url and allowlist messages', () => {
  test('rate-limit.status: the limit in words and its environment; --json adds the server default', () => {
    const c = captureIo();
    c.io.emit('rate-limit.status', { maxRequests: 50, windowMinutes: 2 });
    assert.equal(c.out(), [
      'Outbound rate limit 50 requests per 2 minutes per user token.',
      'Applies to requests the API server makes to external domains (e.g. the control plane at BRAINTRUST_APP_URL).',
      RATE_LIMIT_DEFAULTS_NOTE,
      '  OUTBOUND_RATE_LIMIT_MAX_REQUESTS=50',
      '  OUTBOUND_RATE_LIMIT_WINDOW_MINUTES=2',
      '',
    ].join('\n'));
    const json = captureIo({ json: true });
    json.io.emit('rate-limit.status', { maxRequests: 0, windowMinutes: 1 });
    const doc = JSON.parse(json.out()) as Record<string, unknown>;
    assert.equal(doc.enabled, false);
    assert.deepEqual(doc.env, { OUTBOUND_RATE_LIMIT_MAX_REQUESTS: '0', OUTBOUND_RATE_LIMIT_WINDOW_MINUTES: '1' });
    assert.deepEqual(doc.serverDefault, { maxRequests: 100, windowMinutes: 1 });
  });

  test('telemetry.status off: no "Braintrust uses this" line; the environment quoted', () => {
    const c = captureIo();
    c.io.emit('telemetry.status', { enabled: false, destination: 'https://www.braintrust.dev', kinds: [{ kind: 'status', what: 'Health', sent: false }], env: { CONTROL_PLANE_TELEMETRY: '' } });
    assert.match(c.out(), /^Telemetry is off: nothing is sent to the control plane.\nkind +sent +what\n/);
    assert.match(c.out(), /status +no +Health\nEnvironment:\n {2}CONTROL_PLANE_TELEMETRY=""\n$/);
  });

  test('url.settings: ingress mode and domain, an explicit empty public URL; --json keeps nulls', () => {
    const d = { cloud: 'gcp', appUrl: 'https://www.braintrust.dev', publicUrl: '', proxyControlPlane: true, dataPlaneUrl: 'https://bt.example.com', ingress: { mode: 'public', domain: 'bt.example.com' }, env: { appUrl: 'https://bt.example.com', publicUrl: '' } };
    const c = captureIo();
    c.io.emit('url.settings', d);
    assert.match(c.out(), /public web app \(urls.publicUrl\) +""\n/);
    assert.match(c.out(), /ingress +public, domain bt.example.com\n/);
    assert.match(c.out(), /Mode: SDKs are constrained to the data plane/);
    const internal = captureIo();
    internal.io.emit('url.settings', { ...d, publicUrl: undefined, ingress: { mode: null, domain: null } });
    assert.match(internal.out(), /ingress +none \(internal endpoint\)\n/);
    assert.match(internal.out(), /public web app \(urls.publicUrl\) +\(default\)\n/);
    const json = captureIo({ json: true });
    json.io.emit('url.settings', { ...d, publicUrl: undefined, dataPlaneUrl: undefined });
    const doc = JSON.parse(json.out()) as Record<string, unknown>;
    assert.equal(doc.publicUrl, null);
    assert.equal(doc.dataPlaneUrl, null);
    assert.deepEqual(doc.env, { BRAINTRUST_APP_URL: 'https://bt.example.com', BRAINTRUST_APP_PUBLIC_URL: '' });
  });

  test('allowlist.entries: the table, the ECR note, and the note on the API URL until install', () => {
    const entries = [{ url: 'https://public.ecr.aws', from: 'deploy', required: true, why: 'images' }];
    const before = captureIo();
    before.io.emit('allowlist.entries', { cloud: 'docker', entries, apiUrlKnown: false });
    assert.match(before.out(), /https:\/\/public.ecr.aws +deploy +required +images\n\nImage layers from public.ecr.aws/);
    assert.match(before.out(), /The data plane API URL is known after `braintrust install`/);
    const after = captureIo();
    after.io.emit('allowlist.entries', { cloud: 'docker', entries, apiUrlKnown: true });
    assert.doesNotMatch(after.out(), /known after/);
    const json = captureIo({ json: true });
    json.io.emit('allowlist.entries', { cloud: 'docker', entries, apiUrlKnown: false });
    assert.deepEqual(JSON.parse(json.out()), { ok: true, cloud: 'docker', entries });
  });
});

describe('the commands emit their facts as data', () => {
  const ctxOf = (d: { dir: string; configPath: string }, json = false) => ({ cwd: d.dir, config: d.configPath, env: {}, json });

  test('support-access status: the grants with their state, the role from the outputs, then the expired-grants warning', async () => {
    const d = await writeDeployment('aws', { support_role_arn: 'arn:aws:iam::1:role/Support' });
    const now = Date.now();
    const iso = (h: number) => new Date(now + h * 3_600_000).toISOString();
    const config = JSON.parse(await readFile(d.configPath, 'utf8')) as Record<string, unknown>;
    config.remoteAccess = { grants: [
      { reason: 'INC-0', grantedAt: iso(-48), expiresAt: iso(-24) },
      { reason: 'INC-1', grantedAt: iso(-1), expiresAt: iso(24) },
    ] };
    await writeFile(d.configPath, JSON.stringify(config));
    const r = await runHandler(supportStatus, ctxOf(d), {});
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.messages.map((m) => [m.level, m.code]), [['result', 'support-access.status'], ['warn', 'support-access.expired-grants']]);
    const [status, warning] = r.messages;
    if (status.code !== 'support-access.status' || warning.code !== 'support-access.expired-grants') assert.fail('codes');
    assert.equal(status.data.cloud, 'aws');
    assert.equal(status.data.roleArn, 'arn:aws:iam::1:role/Support');
    assert.deepEqual(status.data.grants.map((g) => [g.reason, g.active]), [['INC-0', false], ['INC-1', true]]);
    assert.deepEqual(warning.data, { count: 1 });
    assert.match(r.stderr, /warning: 1 expired grant\(s\) still in the config/);
  });

  test('allowlist: entries for the cloud; the API URL counts as known once the outputs have it', async () => {
    const before = await runHandler(allowlist, ctxOf(await writeDeployment('docker')), {});
    const after = await runHandler(allowlist, ctxOf(await writeDeployment('aws', { api_url: 'https://d1.cloudfront.net' })), {});
    for (const [r, known] of [[before, false], [after, true]] as const) {
      const [m] = r.messages;
      if (m?.code !== 'allowlist.entries') assert.fail('no allowlist.entries');
      assert.equal(m.data.apiUrlKnown, known);
      assert.equal(m.data.entries.some((e) => e.url === 'https://d1.cloudfront.net'), known);
    }
  });

  test('rate-limit show and telemetry status: one result each, carrying the config\'s values', async () => {
    const d = await writeDeployment('gcp');
    const rl = await runHandler(rateLimitShow, ctxOf(d, true), {});
    assert.deepEqual(rl.messages.map((m) => m.code), ['rate-limit.status']);
    const doc = JSON.parse(rl.stdout) as { maxRequests: number; windowMinutes: number };
    assert.deepEqual(rl.messages[0].data, { maxRequests: doc.maxRequests, windowMinutes: doc.windowMinutes });
    const t = await runHandler(telemetryStatus, ctxOf(d), {});
    const [m] = t.messages;
    if (m?.code !== 'telemetry.status') assert.fail('no telemetry.status');
    assert.equal(m.data.enabled, true);
    assert.deepEqual(m.data.kinds.filter((k) => k.sent).map((k) => k.kind), ['status', 'metrics', 'usage']);
  });
});
