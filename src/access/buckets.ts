// Object storage through the clouds' official SDKs with the caller's own credentials:
// S3 (@aws-sdk/client-s3), GCS (@google-cloud/storage), Azure Blob (@azure/storage-blob).
// Objects stream to and from files; listings paginate. Each SDK loads only when used.
import { randomBytes } from 'node:crypto';
import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { link, lstat, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Cloud } from '../config/schema.js';
import type { Deployment } from './installed-deployment.js';
import { BraintrustError, configError, usageError } from '../ui/errors.js';
import { escapeControl } from './display.js';

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
  /**
   * Streams the object into a file (written whole or not at all, see writeAtomically); an
   * existing dest is replaced only with `force`.
   */
  download(key: string, dest: string, signal?: AbortSignal, force?: boolean): Promise<{ bytes: number }>;
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

/**
 * Object keys as the user typed them: a segment that is empty, `.` or `..` is refused (Azure
 * and some S3-compatible stores resolve `../other-container/x` in the URL path, so the key
 * would reach outside the configured bucket while the prompt names it). A prefix for `ls` may
 * end with one `/`.
 */
export function validateObjectKey(key: string, what: 'key' | 'prefix' = 'key'): string {
  const body = what === 'prefix' && key.endsWith('/') ? key.slice(0, -1) : key;
  if (what === 'prefix' && body === '') return key;
  const bad = body.split(/[/\\]/).find((seg) => seg === '' || seg === '.' || seg === '..');
  if (bad !== undefined) {
    throw new BraintrustError(`Object ${what} ${JSON.stringify(escapeControl(key.slice(0, 200)))} has ${bad === '' ? 'an empty' : `a "${bad}"`} path segment`, {
      code: 'BAD_OBJECT_KEY',
      hint: 'Use a key relative to the bucket with no empty, "." or ".." segments, e.g. segments/abc.bin (ls PREFIX may end in one /).',
    });
  }
  return key;
}

function destExists(dest: string): BraintrustError {
  return new BraintrustError(`${dest} already exists`, {
    code: 'DEST_EXISTS',
    hint: 'Pass --force to replace it, or name another destination: get KEY DEST.',
  });
}

/**
 * Write through an exclusive temp file beside dest (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600), so a
 * failed download leaves nothing half-written and no symlink is ever followed. Without `force`
 * the finished file is linked into place (link(2) fails on any existing name, a dangling
 * symlink included); with `force` it is renamed over dest (a symlink there is replaced, not
 * followed).
 */
export async function writeAtomically(dest: string, write: (out: WriteStream) => Promise<void>, force = false): Promise<number> {
  if (!force && (await lstat(dest).then(() => true, () => false))) throw destExists(dest);
  const tmp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.part`);
  const fh = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600);
  try {
    const out = createWriteStream('', { fd: fh.fd, autoClose: false });
    await write(out);
    await fh.sync().catch(() => {});
    await fh.close();
    if (force) {
      await rename(tmp, dest);
    } else {
      try {
        await link(tmp, dest);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw destExists(dest);
        throw e;
      }
      await unlink(tmp);
    }
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  return (await lstat(dest)).size;
}
