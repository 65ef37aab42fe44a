// Object storage through the clouds' official SDKs with the caller's own credentials:
// S3 (@aws-sdk/client-s3), GCS (@google-cloud/storage), Azure Blob (@azure/storage-blob).
// Objects stream to and from files; listings paginate. Each SDK loads only when used.
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Cloud } from '../config/schema.js';
import type { Deployment } from './deployment.js';
import { BraintrustError, ExitCode, configError, usageError } from '../ui/errors.js';

export interface BucketObject {
  key: string;
  size?: number;
  lastModified?: string;
}

export interface BucketClient {
  readonly cloud: Cloud;
  readonly bucket: string;
  /** Pages through the listing (pageSize keys a request, default 1000); stops after `limit` objects. */
  list(prefix: string, opts: { limit?: number; pageSize?: number; signal?: AbortSignal }): AsyncGenerator<BucketObject>;
  exists(key: string, signal?: AbortSignal): Promise<boolean>;
  /** Streams the object into a file (written whole or not at all). */
  download(key: string, dest: string, signal?: AbortSignal): Promise<{ bytes: number }>;
  /** Streams a file up. */
  upload(src: string, key: string, signal?: AbortSignal): Promise<{ bytes: number }>;
  remove(key: string, signal?: AbortSignal): Promise<void>;
}

/** Test and S3-compatible overrides; `--endpoint` wins over them. */
export const ENDPOINT_ENV: Partial<Record<Cloud, string>> = {
  aws: 'BRAINTRUST_S3_ENDPOINT',
  gcp: 'BRAINTRUST_GCS_ENDPOINT',
  azure: 'BRAINTRUST_AZURE_BLOB_ENDPOINT',
};

export interface BucketClientOptions {
  cloud: Cloud;
  bucket: string;
  env: NodeJS.ProcessEnv;
  region?: string;
  endpoint?: string;
  awsProfile?: string;
  gcpProject?: string;
  azureAccount?: string;
}

export async function createBucketClient(o: BucketClientOptions): Promise<BucketClient> {
  const endpoint = o.endpoint || o.env[ENDPOINT_ENV[o.cloud] ?? ''] || undefined;
  switch (o.cloud) {
    case 'aws': return (await import('./bucket-s3.js')).createS3Client({ ...o, endpoint });
    case 'gcp': return (await import('./bucket-gcs.js')).createGcsClient({ ...o, endpoint });
    case 'azure': return (await import('./bucket-azure.js')).createAzureBlobClient({ ...o, endpoint });
    default:
      throw usageError(`connect bucket does not support cloud ${o.cloud}`, 'Use the docker volume directly, or a config for aws, gcp or azure.');
  }
}

const ALIASES: Record<string, string> = {
  brainstore: 'brainstore_bucket',
  response: 'response_bucket',
  responses: 'response_bucket',
  'code-bundle': 'code_bundle_bucket',
  code_bundle: 'code_bundle_bucket',
  'code-bundles': 'code_bundle_bucket',
};

/** --bucket NAME, an alias (brainstore, response, code-bundle), or the Brainstore bucket. */
export function resolveBucketName(d: Deployment, given: string | undefined): string {
  const outputKey = ALIASES[given ?? 'brainstore'];
  if (!outputKey) return given as string;
  const name = d.outputs[outputKey];
  if (name) return name;
  if (Object.keys(d.outputs).length === 0) {
    // No outputs at all: nothing is installed yet (exit 3, as connect postgres/redis say it).
    throw new BraintrustError(`No deployment outputs at ${join(d.stateDir, 'outputs.json')}, so the ${given ?? 'brainstore'} bucket is unknown`, {
      code: 'OUTPUTS_NOT_FOUND',
      exitCode: ExitCode.prerequisite,
      hint: 'Run `braintrust install` first (it writes the outputs); in CI, restore the .braintrust/ directory the apply job kept beside the config. Or pass --bucket <name>.',
    });
  }
  throw configError(
    `Deployment output "${outputKey}" is missing, so the ${given ?? 'brainstore'} bucket is unknown`,
    'Run `braintrust install` (it writes .braintrust/outputs.json), or pass --bucket <name>.',
  );
}

/** Where `get KEY [DEST]` writes: DEST, DEST/<basename> for a directory, or ./<basename>. */
export async function downloadTarget(cwd: string, key: string, dest: string | undefined): Promise<string> {
  const name = basename(key) || 'object';
  if (!dest) return join(cwd, name);
  const abs = resolve(cwd, dest);
  const st = await stat(abs).catch(() => undefined);
  return st?.isDirectory() ? join(abs, name) : abs;
}

/** Write through a temp file beside dest so a failed download leaves nothing half-written. */
export async function writeAtomically(dest: string, write: (tmp: string) => Promise<void>): Promise<number> {
  const tmp = `${dest}.part-${process.pid}`;
  try {
    await write(tmp);
    await rename(tmp, dest);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  return (await stat(dest)).size;
}
