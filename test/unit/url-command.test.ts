// `braintrust url show|set` on a config file, without terraform: show (human and JSON, before and
// after install, both modes), and set's flag checks and config edits (--no-apply).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { show, set } from '../../src/commands/url.js';
import type { BraintrustError } from '../../src/ui/errors.js';
import { runHandler, writeDeployment } from '../helpers/connect-harness.js';

const ctxOf = (d: { dir: string; configPath: string }, extra: Record<string, unknown> = {}) => ({ cwd: d.dir, config: d.configPath, env: {}, ...extra });
const noApply = { out: 'braintrust.out', apply: false };

describe('url show', () => {
  it('before install: the control plane URL, no data plane URL yet, JSON with the API environment', async () => {
    const d = await writeDeployment('aws');
    const json = await runHandler(show, ctxOf(d, { json: true }), {});
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.ok, true);
    assert.equal(doc.proxyControlPlane, false);
    assert.equal(doc.dataPlaneUrl, null);
    assert.equal(doc.env.BRAINTRUST_APP_URL, doc.appUrl);
    const human = await runHandler(show, ctxOf(d), {});
    assert.match(human.stdout, /not deployed yet/);
    assert.match(human.stdout, /Mode: SDKs talk to the control plane directly/);
    const [m] = human.messages;
    assert.equal(human.messages.length, 1);
    assert.equal(m.code, 'url.settings');
    if (m.code === 'url.settings') {
      assert.equal(m.data.dataPlaneUrl, undefined);
      assert.equal(m.data.proxyControlPlane, false);
      assert.deepEqual(m.data.env, { appUrl: doc.appUrl, publicUrl: doc.env.BRAINTRUST_APP_PUBLIC_URL });
    }
  });

  it('after install with the control plane proxied: BRAINTRUST_APP_URL is the data plane URL', async () => {
    const d = await writeDeployment('aws', { api_url: 'https://api.example.test' });
    const edit = await runHandler(set, ctxOf(d, { yes: true }), { ...noApply, proxyControlPlane: true });
    assert.equal(edit.code, 0, edit.stderr);
    const doc = JSON.parse((await runHandler(show, ctxOf(d, { json: true }), {})).stdout);
    assert.equal(doc.proxyControlPlane, true);
    assert.equal(doc.dataPlaneUrl, 'https://api.example.test');
    assert.equal(doc.env.BRAINTRUST_APP_URL, 'https://api.example.test');
    const human = await runHandler(show, ctxOf(d), {});
    assert.match(human.stdout, /Mode: SDKs are constrained to the data plane/);
    const m = human.messages.find((x) => x.code === 'url.settings');
    if (m?.code !== 'url.settings') assert.fail('no url.settings message');
    assert.equal(m.data.dataPlaneUrl, 'https://api.example.test');
    assert.equal(m.data.env.appUrl, 'https://api.example.test');
  });
});

describe('url set', () => {
  it('refuses a URL that is not absolute http(s), naming the flag (exit 2)', async () => {
    const d = await writeDeployment('aws');
    for (const [flag, opts] of [['--app-url', { appUrl: 'ftp://x' }], ['--public-url', { publicUrl: 'not a url' }]] as const) {
      const r = await runHandler(set, ctxOf(d), { ...noApply, ...opts });
      assert.equal(r.code, 2, flag);
      assert.equal((r.error as BraintrustError).code, 'USAGE');
      assert.match(r.stderr, new RegExp(`${flag} ".*" is not allowed`));
    }
  });

  it('with nothing to set is a usage error listing the flags', async () => {
    const d = await writeDeployment('aws');
    const r = await runHandler(set, ctxOf(d), { ...noApply });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Nothing to set/);
    assert.match(r.stderr, /--app-url/);
  });

  it('edits urls in the config: app URL, an empty public URL, then "default" removes it', async () => {
    const d = await writeDeployment('gcp');
    const first = await runHandler(set, ctxOf(d, { yes: true }), { ...noApply, appUrl: 'https://bt.example.test', publicUrl: '' });
    assert.equal(first.code, 0, first.stderr);
    let urls = JSON.parse(await readFile(d.configPath, 'utf8')).urls;
    assert.equal(urls.appUrl, 'https://bt.example.test');
    assert.equal(urls.publicUrl, '');
    const back = await runHandler(set, ctxOf(d, { yes: true }), { ...noApply, publicUrl: 'default' });
    assert.equal(back.code, 0, back.stderr);
    urls = JSON.parse(await readFile(d.configPath, 'utf8')).urls;
    assert.equal(urls.appUrl, 'https://bt.example.test');
    assert.equal('publicUrl' in urls, false);
  });

  it('--proxy-control-plane before install says the data plane URL is not known yet', async () => {
    const d = await writeDeployment('azure');
    const r = await runHandler(set, ctxOf(d, { yes: true }), { ...noApply, proxyControlPlane: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /not known until it is deployed/);
    assert.equal(r.messages[0]?.code, 'url.data-plane-url-pending');
    assert.equal(JSON.parse(await readFile(d.configPath, 'utf8')).urls.proxyControlPlane, true);
  });
});
