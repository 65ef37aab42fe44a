// GCP ingress through the CLI: bad combinations are exit 2 naming the fields; a public ingress
// dry run writes the ingress chart beside cdk.tf.json.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli, tempDir, removeDir } from '../helpers/cli.js';

describe('gcp ingress via the CLI', () => {
  let dir: string;
  const file = () => join(dir, 'braintrust.yaml');
  const setIngress = async (ingress: unknown) => {
    const cfg = parse(await readFile(file(), 'utf8'));
    cfg.ingress = ingress;
    await writeFile(file(), stringify(cfg));
  };
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'gcp', '--region', 'us-central1', '--tier', 'testing', '--name', 'bt', '--org', 'acme', '--force'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => removeDir(dir));

  test('private mode with allowedCidrs and a global certificate: exit 2 naming both fields', async () => {
    await setIngress({ mode: 'private', domain: 'bt.corp.example', certificate: 'projects/p/global/sslCertificates/c', allowedCidrs: ['10.1.0.0/16'] });
    const r = await runCli(['install', '--dry-run'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /ingress\.allowedCidrs: .*private ingress on GCP is an internal load balancer/);
    assert.match(r.stderr, /ingress\.certificate: .*is a global SSL certificate; private ingress/);
  });

  test('public with a managed certificate: dry run writes the ingress chart and an https api_url', async () => {
    await setIngress({ domain: 'bt.example.com', certificate: 'managed', allowedCidrs: ['203.0.113.0/24'] });
    const r = await runCli(['install', '--dry-run', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    const chart = doc.files.find((f: string) => f.endsWith('charts/braintrust-gke-ingress/Chart.yaml'));
    assert.ok(chart, JSON.stringify(doc.files));
    assert.equal(doc.resources.google_compute_managed_ssl_certificate, 1);
    assert.equal(doc.resources.google_compute_security_policy, 1);
    const tf = JSON.parse(await readFile(join(doc.stackDir, 'cdk.tf.json'), 'utf8'));
    assert.equal(tf.output.api_url.value, 'https://bt.example.com');
  });
});
