// api-tls against a real https server with a self-signed certificate made by openssl: the
// days left are read from the certificate, and an untrusted certificate fails.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as runWithoutDefaults } from '../../src/commands/doctor.js';
import type { CheckResult } from '../../src/doctor/types.js';
import { runHandler, testConfig } from '../helpers/connect-harness.js';
import { removeDir, tempDir } from '../helpers/cli.js';
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
