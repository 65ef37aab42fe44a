// redactForSupport: secret-named keys by key, identifiers kept, credentials in free text, and
// known secret values wherever they appear.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretKey, knownSecrets, redactForSupport as redactSecrets } from '../../src/access/redact.js';

describe('redactForSupport', () => {
  it('redacts values under secret-named keys and keeps identifiers that say where a secret lives', () => {
    const out = redactSecrets({
      postgres_password: 'pw-1', redis_auth_token: 'tok-1', api_key: 'k-1', brainstoreLicenseKey: 'lic-1',
      AWS_SECRET_ACCESS_KEY: 'sak-1', AWS_ACCESS_KEY_ID: 'AKID-1', nested: { clientSecret: 'cs-1', list: [{ privateKey: 'pk-1' }] },
      postgres_secret_arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pg', kms_key_arn: 'arn:aws:kms:us-east-1:1:key/abc',
      secretRef: 'projects/p/secrets/license', redis_secret_id: 'redis-secret', ssh_key_name: 'ops',
      secrets: { brainstoreLicenseKey: { env: 'BRAINTRUST_BRAINSTORE_LICENSE_KEY' } },
      region: 'us-east-1', port: 5432, tls: true,
    });
    assert.deepEqual(out, {
      postgres_password: '***', redis_auth_token: '***', api_key: '***', brainstoreLicenseKey: '***',
      AWS_SECRET_ACCESS_KEY: '***', AWS_ACCESS_KEY_ID: '***', nested: { clientSecret: '***', list: [{ privateKey: '***' }] },
      postgres_secret_arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pg', kms_key_arn: 'arn:aws:kms:us-east-1:1:key/abc',
      secretRef: 'projects/p/secrets/license', redis_secret_id: 'redis-secret', ssh_key_name: 'ops',
      secrets: { brainstoreLicenseKey: { env: 'BRAINTRUST_BRAINSTORE_LICENSE_KEY' } },
      region: 'us-east-1', port: 5432, tls: true,
    });
  });

  it('redacts credentials inside free text', () => {
    const cases: Array<[string, string]> = [
      ['postgres://app:s3cr3t@db:5432/bt', 'postgres://app:***@db:5432/bt'],
      ['redis://:p4ss@cache:6379', 'redis://:***@cache:6379'],
      ['host=db password=s3cr3t user=x', 'host=db password=*** user=x'],
      ['AWS_SECRET_ACCESS_KEY=abc/def+ghi', 'AWS_SECRET_ACCESS_KEY=***'],
      ['license_key: LK-12345', 'license_key: ***'],
      ['{"db_password": "x\\"y", "ok": "1"}', '{"db_password": "***", "ok": "1"}'],
      ['key id AKIAIOSFODNN7EXAMPLE here', 'key id *** here'],
      ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '***'],
      ['Authorization: Bearer abcdef123456.xyz', 'Authorization: Bearer ***'],
      ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end', 'token *** end'],
      ['https://b.s3.amazonaws.com/o?X-Amz-Credential=AK%2F1&X-Amz-Signature=abcd', 'https://b.s3.amazonaws.com/o?X-Amz-Credential=***&X-Amz-Signature=***'],
      ['https://acct.blob.core.windows.net/c?sv=2024&sig=abc%3D', 'https://acct.blob.core.windows.net/c?sv=2024&sig=***'],
      ['DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFy==;', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;'],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY----- *** -----END PRIVATE KEY-----'],
    ];
    for (const [input, want] of cases) assert.equal(redactSecrets(input), want, input);
  });

  it('keeps text that only looks random: git hashes, ARNs, plain URLs', () => {
    for (const s of ['commit 9fceb02d0ae598e95dc970b74767f19372d61af8', 'arn:aws:iam::123456789012:role/bt', 'https://api.example.com/health?x=1']) {
      assert.equal(redactSecrets(s), s);
    }
  });

  it('scrubs known secret values anywhere, and finds them in the environment', () => {
    const env = { BRAINTRUST_PG_PASSWORD: 'pg-known-value', AWS_SECRET_ACCESS_KEY: 'aws-known-value', MY_LICENSE: 'license-value', PATH: '/usr/bin', FLAG_TOKEN: 'true' };
    const known = knownSecrets(env, ['MY_LICENSE']);
    assert.deepEqual(known.sort(), ['aws-known-value', 'license-value', 'pg-known-value']);
    assert.equal(redactSecrets({ msg: 'login failed for pg-known-value and license-value' }, known).msg, 'login failed for *** and ***');
  });

  it('does not treat the working directory (PWD, OLDPWD) as a secret, so paths stay readable', () => {
    const env = { PWD: '/home/alice/infra', OLDPWD: '/home/alice/src', DB_PWD: 'db-pwd-value' };
    assert.deepEqual(knownSecrets(env), ['db-pwd-value']);
    assert.ok(!isSecretKey('PWD') && !isSecretKey('OLDPWD') && isSecretKey('DB_PWD'));
    assert.equal(redactSecrets('No config file at /home/alice/infra/braintrust.yaml', knownSecrets(env)), 'No config file at /home/alice/infra/braintrust.yaml');
  });

  it('decides secret-ness by key name', () => {
    for (const k of ['password', 'PGPASSWORD', 'auth_token', 'accountKey', 'connectionString', 'AWS_SESSION_TOKEN', 'access_key_id']) assert.ok(isSecretKey(k), k);
    for (const k of ['postgres_secret_arn', 'kms_key_arn', 'secretRef', 'redis_secret_id', 'region', 'api_url']) assert.ok(!isSecretKey(k), k);
  });
});
