// bucket: write, read back and delete a small probe object in each deployment bucket
// (brainstore, response, code bundle) with the cloud SDK and the caller's credentials, as
// `braintrust connect bucket` does. --bucket-endpoint or BRAINTRUST_S3_ENDPOINT /
// BRAINTRUST_GCS_ENDPOINT / BRAINTRUST_AZURE_BLOB_ENDPOINT point it at an S3-compatible store
// or an emulator.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { regionOf } from '../../access/installed-deployment.js';
import { describeError } from '../units.js';
import { fail, needConfig, needOutput, pass, skip, type DoctorCheck, type DoctorContext } from '../types.js';

const BUCKET_OUTPUTS = ['brainstore_bucket', 'response_bucket', 'code_bundle_bucket'] as const;

interface Probe {
  output: string;
  bucket: string;
  ok: boolean;
  text: string;
}

async function probeBucket(dc: DoctorContext, output: string, dir: string, signal: AbortSignal): Promise<Probe> {
  const d = dc.deployment;
  const bucket = d.outputs[output];
  const { createBucketClient } = await import('../../access/buckets.js');
  const client = await createBucketClient({
    cloud: d.cloud ?? 'aws', bucket, env: dc.env, endpoint: dc.live.bucketEndpoint, region: regionOf(d),
    awsProfile: d.config?.account?.awsProfile,
    gcpProject: d.outputs.project_id || d.config?.account?.gcpProject,
    azureAccount: d.outputs.storage_account,
  });
  const key = `braintrust-doctor/probe-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const body = `braintrust doctor probe ${key}\n`;
  const src = join(dir, `${output}.up`);
  const dest = join(dir, `${output}.down`);
  await writeFile(src, body);
  const started = performance.now();
  let step = 'write';
  try {
    await client.upload(src, key, signal);
    step = 'read';
    await client.download(key, dest, signal);
    if ((await readFile(dest, 'utf8')) !== body) return { output, bucket, ok: false, text: `${bucket}: the object read back differs from the one written` };
    step = 'delete';
    await client.remove(key, signal);
  } catch (e) {
    if (signal.aborted) throw e;
    if (step === 'read') await client.remove(key).catch(() => undefined);
    return { output, bucket, ok: false, text: `${bucket}: ${step} failed: ${describeError(e)}` };
  }
  return { output, bucket, ok: true, text: `${bucket} write/read/delete ok (${Math.round(performance.now() - started)} ms)` };
}

export const bucketCheck: DoctorCheck = {
  id: 'bucket',
  group: 'live',
  title: 'Object storage',
  fix: 'Check your cloud credentials can write, read and delete objects in the deployment buckets (IAM policy, bucket policy, or a VPC endpoint policy).',
  async run(dc, signal) {
    const config = needConfig(dc);
    if (config.cloud === 'docker') return skip('docker deployments keep objects on a local volume');
    const outputs = BUCKET_OUTPUTS.filter((k) => dc.deployment.outputs[k]);
    if (!outputs.length) needOutput(dc, 'brainstore_bucket');
    const dir = await mkdtemp(join(tmpdir(), 'bt-doctor-'));
    try {
      const probes = await Promise.all(outputs.map((o) => probeBucket(dc, o, dir, signal)));
      const text = probes.map((p) => p.text).join('; ');
      return probes.every((p) => p.ok) ? pass(text) : fail(text, this.fix);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
