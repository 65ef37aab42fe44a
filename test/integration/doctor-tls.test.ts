// api-tls against a real https server with a self-signed certificate made by openssl: the
// days left are read from the certificate, and an untrusted certificate fails. Then, through the
// built CLI with a test CA trusted (NODE_EXTRA_CA_CERTS): a good chain passes with CORS from
// the configured app origin, a certificate for another name fails, one expiring within 21 days
// warns, and an api_url that is not https://<ingress.domain> warns.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as runWithoutDefaults } from '../../src/commands/doctor.js';
import type { CheckResult } from '../../src/doctor/types.js';
import { runHandler, testConfig } from '../helpers/connect-harness.js';
import { removeDir, runCli, tempDir } from '../helpers/cli.js';
import { doctorCommand } from '../../src/commands/doctor.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const run = withDefaults(doctorCommand, runWithoutDefaults);

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('doctor api-tls', { skip: hasOpenssl() ? false : 'openssl is not installed' }, () => {
  let dir: string;
  let server: Server;
  let url: string;

  before(async () => {
    dir = await tempDir('bt-doctor-tls-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '10', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    server = createServer({ key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://localhost:${(server.address() as { port: number }).port}`;
    await writeFile(join(dir, 'braintrust.json'), JSON.stringify(testConfig('aws')));
    await mkdir(join(dir, '.braintrust'));
    await writeFile(join(dir, '.braintrust', 'outputs.json'), JSON.stringify({ region: 'us-east-1', api_url: url }));
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    if (dir) await removeDir(dir);
  });

  it('reads the days left and fails an untrusted (self-signed) certificate', async () => {
    const r = await runHandler(run, { cwd: dir, config: join(dir, 'braintrust.json'), env: { PATH: '' }, json: true }, { only: 'api-tls,api-health' });
    assert.equal(r.code, 1);
    const checks = (JSON.parse(r.stdout) as { checks: CheckResult[] }).checks;
    const tls = checks.find((c) => c.id === 'api-tls')!;
    assert.equal(tls.status, 'fail');
    assert.match(tls.detail, /^certificate not trusted: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN) \((9|10) days left\)$/);
    assert.match(tls.hint, /public CA/);
    const health = checks.find((c) => c.id === 'api-health')!;
    assert.equal(health.status, 'fail', 'clients refuse the certificate too');
    assert.match(health.detail, /self.signed/i);
  });
});

describe('doctor api-tls and api-cors against a trusted chain (CLI)', { skip: hasOpenssl() ? false : 'openssl is not installed' }, () => {
  let dir: string;
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  const APP = 'https://bt-app.example.com';
  let runs = 0;

  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  /** A leaf signed by the test CA for `san`, valid `days`. */
  const leaf = (label: string, san: string, days: number) => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${san.replace(/^DNS:/, '')}`, '-keyout', `${label}.key`, '-out', `${label}.csr`);
    execFileSync('sh', ['-c', `printf 'subjectAltName=${san}\nextendedKeyUsage=serverAuth\n' > ${label}.ext`], { cwd: dir });
    openssl('x509', '-req', '-in', `${label}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', String(days), '-extfile', `${label}.ext`, '-out', `${label}.pem`);
  };
  const serve = async (label: string) => {
    const server = createServer({ key: await readFile(join(dir, `${label}.key`)), cert: await readFile(join(dir, `${label}.pem`)) }, (req, res) => {
      // The data plane's CORS: the app origin may call it.
      if (req.headers.origin === APP) {
        res.setHeader('access-control-allow-origin', APP);
        res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      }
      res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
      res.end(req.method === 'OPTIONS' ? undefined : 'Hello World!');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    urls[label] = `https://localhost:${(server.address() as { port: number }).port}`;
  };

  before(async () => {
    dir = await tempDir('bt-doctor-tls-ca-');
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=Braintrust Test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
    leaf('good', 'DNS:localhost', 90);
    leaf('soon', 'DNS:localhost', 10);
    leaf('other', 'DNS:other.example', 90);
    for (const l of ['good', 'soon', 'other']) await serve(l);
  });
  after(async () => {
    for (const s of servers) { s.closeAllConnections(); await new Promise((r) => s.close(r)); }
    if (dir) await removeDir(dir);
  });

  async function doctor(apiUrl: string, config: Record<string, unknown> = {}): Promise<Record<string, CheckResult>> {
    const d = join(dir, `deployment-${++runs}`);
    await mkdir(join(d, '.braintrust'), { recursive: true });
    await writeFile(join(d, 'braintrust.json'), JSON.stringify({ ...testConfig('aws'), urls: { appUrl: APP }, ...config }));
    await writeFile(join(d, '.braintrust', 'outputs.json'), JSON.stringify({ region: 'us-east-1', api_url: apiUrl }));
    const r = await runCli(['doctor', '--json', '--only', 'api-tls,api-cors', '--config', join(d, 'braintrust.json')], { cwd: d, env: { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') } });
    const doc = JSON.parse(r.stdout) as { checks: CheckResult[] };
    return Object.fromEntries(doc.checks.map((c) => [c.id, c]));
  }

  it('a trusted certificate for the host passes, and so does the preflight from the app origin', async () => {
    const c = await doctor(urls.good);
    assert.equal(c['api-tls'].status, 'pass', c['api-tls'].detail);
    assert.match(c['api-tls'].detail, /^certificate for localhost valid for (89|90) more days \(expires \d{4}-\d\d-\d\d, issuer Braintrust Test CA\)$/);
    assert.equal(c['api-cors'].status, 'pass', c['api-cors'].detail);
    assert.match(c['api-cors'].detail, /preflight from https:\/\/bt-app\.example\.com allowed/);
  });

  it('a certificate for another name fails naming both', async () => {
    const c = await doctor(urls.other);
    assert.equal(c['api-tls'].status, 'fail');
    assert.equal(c['api-tls'].detail, 'certificate is for other.example, not localhost');
    assert.match(c['api-tls'].hint, /ingress\.domain and ingress\.certificate/);
  });

  it('under 21 days left warns', async () => {
    const c = await doctor(urls.soon);
    assert.equal(c['api-tls'].status, 'warn');
    assert.match(c['api-tls'].detail, /: (9|10) days left$/);
  });

  it('an api_url that is not the configured ingress.domain warns: install has not applied it yet', async () => {
    const c = await doctor(urls.good, { ingress: { domain: 'bt.example.com', certificate: 'managed' } });
    assert.equal(c['api-tls'].status, 'warn');
    assert.match(c['api-tls'].detail, /^api_url is https:\/\/localhost:\d+, but ingress\.domain is bt\.example\.com: certificate for localhost valid/);
    assert.match(c['api-tls'].hint, /braintrust install/);
  });

  it('the CORS check fails when the endpoint does not allow the app origin', async () => {
    const c = await doctor(urls.good, { urls: { appUrl: 'https://elsewhere.example.com' } });
    assert.equal(c['api-cors'].status, 'fail');
    assert.match(c['api-cors'].detail, /without Access-Control-Allow-Origin/);
  });
});
