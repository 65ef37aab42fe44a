// Azure Blob containers with @azure/storage-blob. Credentials, first found wins:
// AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY (+ account), else the user's `az login`
// (an Entra token for storage from `az account get-access-token`, needs a Storage Blob Data role).
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { BucketClient, BucketClientOptions } from './buckets.js';
import { writeAtomically } from './buckets.js';
import { requireTool, runTool } from './tools.js';
import { childEnv } from './child-env.js';
import { configError, operationFailed, prerequisiteError } from '../ui/errors.js';

const PAGE = 1000;

/** An Entra token for Azure Storage from the az CLI (the caller's own login). */
export function azureCliCredential(env: NodeJS.ProcessEnv): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      const az = await requireTool('az', env, 'needed to get a storage token from your az login');
      const r = await runTool(az, ['account', 'get-access-token', '--resource', 'https://storage.azure.com/', '-o', 'json'], { env: childEnv('az', env), timeoutMs: 60_000 });
      if (r.exitCode !== 0) throw prerequisiteError('az could not get a storage access token', 'Run `az login`, or set AZURE_STORAGE_CONNECTION_STRING.', 'CREDENTIALS_MISSING');
      const t = JSON.parse(r.stdout) as { accessToken: string; expires_on?: number; expiresOn?: string };
      const expires = t.expires_on ? t.expires_on * 1000 : Date.parse(t.expiresOn ?? '') || Date.now() + 5 * 60_000;
      return { token: t.accessToken, expiresOnTimestamp: expires };
    },
  };
}

function serviceClient(o: BucketClientOptions): BlobServiceClient {
  const env = o.env;
  if (env.AZURE_STORAGE_CONNECTION_STRING && !o.endpoint) return BlobServiceClient.fromConnectionString(env.AZURE_STORAGE_CONNECTION_STRING);
  const account = o.azureAccount || env.AZURE_STORAGE_ACCOUNT;
  if (!o.endpoint && !account) {
    throw configError('No Azure storage account: the storage_account output is missing', 'Run `braintrust install`, or set AZURE_STORAGE_ACCOUNT.');
  }
  const url = o.endpoint || `https://${account}.blob.core.windows.net`;
  if (env.AZURE_STORAGE_KEY && account) return new BlobServiceClient(url, new StorageSharedKeyCredential(account, env.AZURE_STORAGE_KEY));
  return new BlobServiceClient(url, azureCliCredential(env));
}

function isNotFound(e: unknown): boolean {
  return (e as { statusCode?: number }).statusCode === 404;
}

export function createAzureBlobClient(o: BucketClientOptions): BucketClient {
  const container: ContainerClient = serviceClient(o).getContainerClient(o.bucket);
  const notFound = (key: string) => operationFailed(`No blob ${key} in container ${o.bucket}`, 'List keys with `braintrust connect bucket ls PREFIX`.', undefined, 'OBJECT_NOT_FOUND');
  return {
    cloud: 'azure',
    bucket: o.bucket,
    async *list(prefix, { limit, pageSize, signal }) {
      let seen = 0;
      const pages = container.listBlobsFlat({ prefix: prefix || undefined, abortSignal: signal }).byPage({ maxPageSize: pageSize ?? PAGE });
      for await (const page of pages) {
        for (const b of page.segment.blobItems) {
          if (limit !== undefined && seen >= limit) return;
          seen++;
          yield { key: b.name, size: b.properties.contentLength, lastModified: b.properties.lastModified?.toISOString() };
        }
      }
    },
    async exists(key, signal) {
      return container.getBlobClient(key).exists({ abortSignal: signal });
    },
    async download(key, dest, signal, force) {
      try {
        const bytes = await writeAtomically(dest, async (out) => {
          // Streamed into our own exclusive 0600 file (downloadToFile would reopen the path).
          const res = await container.getBlobClient(key).download(0, undefined, { abortSignal: signal });
          if (!res.readableStreamBody) throw new Error(`empty download body for ${key}`);
          await pipeline(res.readableStreamBody, out, { signal });
        }, force);
        return { bytes };
      } catch (e) {
        throw isNotFound(e) ? notFound(key) : e;
      }
    },
    async upload(src, key, signal) {
      const { size } = await stat(src);
      // uploadFile streams the file in parallel blocks (no size limit that matters here).
      await container.getBlockBlobClient(key).uploadFile(src, { abortSignal: signal });
      return { bytes: size };
    },
    async remove(key, signal) {
      try {
        await container.getBlobClient(key).delete({ abortSignal: signal });
      } catch (e) {
        throw isNotFound(e) ? notFound(key) : e;
      }
    },
  };
}
