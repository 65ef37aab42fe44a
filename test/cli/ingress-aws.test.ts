// `ingress:` on AWS through the built CLI: bad combinations are exit-2 errors naming the fields
// before anything is synthesized; a managed certificate installs in phases (the certificate
// alone, its DNS validation records printed, then everything), and the summary lists the DNS
// records to create. terraform is the fake (test/fixtures/fake-terraform.mjs) with given outputs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { fakeTerraformBin, removeDir, runCli, tempDir } from '../helpers/cli.js';

async function setIngress(file: string, ingress: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Promise<void> {
  const doc = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  if (ingress) doc.ingress = ingress; else delete doc.ingress;
  await writeFile(file, stringify({ ...doc, ...extra }));
}

describe('ingress config errors (install --dry-run)', () => {
  let dir: string;
  const cfg = () => join(dir, 'braintrust.yaml');
  before(async () => {
    dir = await tempDir();
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-west-2', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => removeDir(dir));

  const cases: [string, Record<string, unknown>, RegExp[]][] = [
    ['a domain without a certificate', { domain: 'bt.example.com' }, [/ingress\.certificate/, /ingress\.domain is bt\.example\.com/]],
    ['a certificate ARN outside us-east-1', { domain: 'bt.example.com', certificate: 'arn:aws:acm:us-west-2:123456789012:certificate/abc-123' }, [/ingress\.certificate: "arn:aws:acm:us-west-2/, /needs a certificate in us-east-1/]],
    ['both wafAclId and allowedCidrs', { wafAclId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/corp/1111-2222', allowedCidrs: ['203.0.113.0/24'] }, [/ingress\.allowedCidrs/, /ingress\.wafAclId/]],
    ['private mode on the Lambda runtime', { mode: 'private', domain: 'bt.corp.example', certificate: 'managed' }, [/ingress\.mode/, /api\.runtime/]],
  ];
  for (const [what, ingress, patterns] of cases) {
    test(`${what}: exit 2, nothing synthesized`, async () => {
      await setIngress(cfg(), ingress, { api: { runtime: 'lambda' } });
      const r = await runCli(['install', '--dry-run'], { cwd: dir });
      assert.equal(r.code, 2, r.stderr);
      for (const p of patterns) assert.match(r.stderr, p);
      assert.equal(existsSync(join(dir, 'braintrust.out')), false);
    });
  }
});

describe('install with a managed certificate', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let logFile: string;
  const validation = [{ name: '_3f1c2a.bt.example.com.', type: 'CNAME', value: '_9d8e7f.acm-validations.aws.' }];
  const endpoint = { name: 'bt.example.com', type: 'CNAME', value: 'd111.cloudfront.net' };

  before(async () => {
    dir = await tempDir();
    const bin = await fakeTerraformBin(dir);
    logFile = join(dir, 'tf.log');
    env = {
      PATH: `${bin}:${dirname(process.execPath)}`,
      FAKE_TF_LOG: logFile,
      BRAINTRUST_BRAINSTORE_LICENSE_KEY: 'lic-123-secret',
      FAKE_TF_OUTPUTS: JSON.stringify({ ingress_domain: 'bt.example.com', certificate_validation_records: validation, domain_dns_record: endpoint, api_url: 'https://bt.example.com' }),
    };
    const r = await runCli(['init', '--cloud', 'aws', '--region', 'us-west-2', '--tier', 'production', '--name', 'bt', '--org', 'acme'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    await setIngress(join(dir, 'braintrust.yaml'), { domain: 'bt.example.com', certificate: 'managed' });
  });
  after(async () => removeDir(dir));

  test('certificate first (-target), its validation record printed, then the full apply and the summary', async () => {
    const r = await runCli(['install', '--yes'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const plans = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { argv: string[] }).argv).filter((a) => a[0] === 'plan');
    assert.equal(plans.length, 2);
    const targets = plans[0].filter((a) => a.startsWith('-target='));
    assert.equal(targets.length, 1);
    assert.match(targets[0], /^-target=aws_acm_certificate\.[A-Za-z0-9_]+$/);
    assert.equal(plans[1].some((a) => a.startsWith('-target=')), false, 'the last phase applies everything');
    assert.match(r.stderr, /Phase 1\/3: the ACM certificate for bt\.example\.com \(in us-east-1\)/);
    assert.match(r.stderr, /Phase 3\/3: everything else \(waits until ACM has validated the certificate\)/);
    // Phase 2 prints the validation record before the last apply; the summary prints both.
    const first = r.stdout.indexOf('_9d8e7f.acm-validations.aws.');
    assert.ok(first >= 0, r.stdout);
    assert.match(r.stdout, /Create this DNS record now in the zone of bt\.example\.com/);
    assert.match(r.stdout, /Data plane API URL: https:\/\/bt\.example\.com/);
    const summary = r.stdout.slice(r.stdout.indexOf('Data plane API URL'));
    assert.match(summary, /_3f1c2a\.bt\.example\.com\.\s+│?\s*CNAME\s+│?\s*_9d8e7f\.acm-validations\.aws\.\s+│?\s*certificate validation/);
    assert.match(summary, /bt\.example\.com\s+│?\s*CNAME\s+│?\s*d111\.cloudfront\.net\s+│?\s*endpoint/);
    assert.equal(existsSync(join(dir, '.braintrust', 'install-phases.json')), false, 'the phases finished');
  });

  test('once issued, the next install is one apply; --json carries the records', async () => {
    const before = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).length;
    const r = await runCli(['install', '--yes', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const calls = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).slice(before).map((l) => (JSON.parse(l) as { argv: string[] }).argv);
    assert.equal(calls.filter((a) => a[0] === 'plan').length, 1);
    assert.doesNotMatch(r.stderr, /Phase 1/);
    const lines = r.stdout.trim().split('\n');
    const doc = JSON.parse(lines[lines.length - 1]);
    assert.deepEqual(doc.dnsRecords, [
      { ...validation[0], purpose: 'certificate validation' },
      { ...endpoint, purpose: 'endpoint' },
    ]);
    // url show and allowlist use the HTTPS api_url.
    const url = JSON.parse((await runCli(['url', 'show', '--json'], { cwd: dir })).stdout);
    assert.equal(url.dataPlaneUrl, 'https://bt.example.com');
    assert.deepEqual(url.ingress, { mode: 'public', domain: 'bt.example.com' });
    const al = JSON.parse((await runCli(['allowlist', '--json'], { cwd: dir })).stdout) as { entries: { url: string }[] };
    assert.ok(al.entries.some((e) => e.url === 'https://bt.example.com'));
  });
});
