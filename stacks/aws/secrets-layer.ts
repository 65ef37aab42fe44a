// A Lambda layer with an exec wrapper (AWS_LAMBDA_EXEC_WRAPPER) that reads Secrets Manager at
// cold start and exports the values the data plane expects (PG_URL, REDIS_URL, ...). The
// function configuration then carries only secret ARNs, never a password (the official
// module's services/secrets-wrapper does the same for its database credentials).
//
// BRAINTRUST_SECRET_ENV lists NAME=<secret ARN>#<JSON key>, comma-separated. The runtime's own
// AWS SDK does the fetch: @aws-sdk v3 ships with nodejs22.x, boto3 with python3.13.
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { LambdaLayerVersion } from '@cdktf/provider-aws/lib/lambda-layer-version/index.js';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { buildZip } from './zip.js';

export const SECRET_ENV_VARIABLE = 'BRAINTRUST_SECRET_ENV';
export const EXEC_WRAPPER_PATH = '/opt/braintrust-secrets-env';

const WRAPPER = `#!/bin/bash
# Resolve ${SECRET_ENV_VARIABLE} from Secrets Manager into the environment, then start the runtime.
set -eu
if [ -n "\${${SECRET_ENV_VARIABLE}:-}" ]; then
  if command -v node >/dev/null 2>&1; then
    exports=$(node /opt/braintrust/secret-env.cjs)
  else
    exports=$(python3 /opt/braintrust/secret_env.py)
  fi
  eval "$exports"
fi
exec "$@"
`;

const NODE_READER = `'use strict';
let sm;
try { sm = require('@aws-sdk/client-secrets-manager'); }
catch { sm = require('/var/runtime/node_modules/@aws-sdk/client-secrets-manager'); }
const quote = (v) => "'" + String(v).replace(/'/g, "'\\\\''") + "'";
async function main() {
  const client = new sm.SecretsManagerClient({});
  const cache = new Map();
  const lines = [];
  for (const entry of (process.env.${SECRET_ENV_VARIABLE} || '').split(',').filter(Boolean)) {
    const eq = entry.indexOf('=');
    const hash = entry.lastIndexOf('#');
    const name = entry.slice(0, eq), arn = entry.slice(eq + 1, hash), key = entry.slice(hash + 1);
    if (!cache.has(arn)) {
      const out = await client.send(new sm.GetSecretValueCommand({ SecretId: arn }));
      cache.set(arn, JSON.parse(out.SecretString));
    }
    const value = cache.get(arn)[key];
    if (value === undefined || value === null) throw new Error('secret ' + arn + ' has no key ' + key);
    lines.push('export ' + name + '=' + quote(value));
  }
  process.stdout.write(lines.join('\\n') + '\\n');
}
main().catch((e) => { console.error('braintrust-secrets-env: ' + e.message); process.exit(1); });
`;

const PYTHON_READER = `import json, os, sys
import boto3

def quote(v):
    return "'" + str(v).replace("'", "'\\\\''") + "'"

client = boto3.client("secretsmanager")
cache, lines = {}, []
for entry in filter(None, os.environ.get("${SECRET_ENV_VARIABLE}", "").split(",")):
    name, rest = entry.split("=", 1)
    arn, key = rest.rsplit("#", 1)
    if arn not in cache:
        cache[arn] = json.loads(client.get_secret_value(SecretId=arn)["SecretString"])
    value = cache[arn].get(key)
    if value is None:
        sys.exit("braintrust-secrets-env: secret %s has no key %s" % (arn, key))
    lines.append("export %s=%s" % (name, quote(value)))
print("\\n".join(lines))
`;

export function secretsLayerZip(): Buffer {
  return buildZip([
    { path: 'braintrust-secrets-env', content: WRAPPER, executable: true },
    { path: 'braintrust/secret-env.cjs', content: NODE_READER },
    { path: 'braintrust/secret_env.py', content: PYTHON_READER },
  ]);
}

/** `NAME=<arn>#<key>,...` for the wrapper. */
export function secretEnvSpec(entries: Record<string, { secretArn: string; key: string }>): string {
  return Object.entries(entries)
    .map(([name, { secretArn, key }]) => `${name}=${secretArn}#${key}`)
    .join(',');
}

export interface SecretsLayerProps {
  config: Config;
  /** Bucket the layer archive is uploaded to (the code-bundle bucket). */
  bucket: string;
  kmsKeyArn: string;
}

export class SecretsLayer extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SecretsLayerProps) {
    super(scope, id);
    const zip = secretsLayerZip();
    const sha256 = createHash('sha256').update(zip).digest();
    const object = new S3Object(this, 'archive', {
      bucket: props.bucket,
      key: `braintrust-cli/lambda-layers/secrets-env-${sha256.toString('hex').slice(0, 16)}.zip`,
      contentBase64: zip.toString('base64'),
      contentType: 'application/zip',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: props.kmsKeyArn,
    });
    const layer = new LambdaLayerVersion(this, 'layer', {
      layerName: resourceName(props.config, 'secrets-env'),
      description: 'Exports Secrets Manager values named in BRAINTRUST_SECRET_ENV before the runtime starts',
      s3Bucket: object.bucket,
      s3Key: object.key,
      sourceCodeHash: sha256.toString('base64'),
      compatibleRuntimes: ['nodejs22.x', 'python3.13'],
      compatibleArchitectures: ['arm64', 'x86_64'],
    });
    this.arn = layer.arn;
  }
}
