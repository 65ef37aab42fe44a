// GCS buckets with @google-cloud/storage and Application Default Credentials
// (`gcloud auth application-default login`, or a service account in the environment).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Storage } from '@google-cloud/storage';
import type { BucketClient, BucketClientOptions } from './buckets.js';
import { writeAtomically } from './buckets.js';
import { operationFailed } from '../ui/errors.js';

const PAGE = 1000;

export function createGcsClient(o: BucketClientOptions): BucketClient {
  const storage = new Storage({
    ...(o.gcpProject ? { projectId: o.gcpProject } : {}),
    ...(o.endpoint ? { apiEndpoint: o.endpoint } : {}),
  });
  const bucket = storage.bucket(o.bucket);
  const notFound = (key: string) => operationFailed(`No object ${key} in bucket ${o.bucket}`, 'List keys with `braintrust connect bucket ls PREFIX`.', undefined, 'OBJECT_NOT_FOUND');
  return {
    cloud: 'gcp',
    bucket: o.bucket,
    async *list(prefix, { limit, pageSize, signal }) {
      let pageToken: string | undefined;
      let seen = 0;
      do {
        if (signal?.aborted) throw signal.reason;
        const [files, next] = await bucket.getFiles({ prefix: prefix || undefined, autoPaginate: false, maxResults: pageSize ?? PAGE, pageToken });
        for (const f of files) {
          if (limit !== undefined && seen >= limit) return;
          seen++;
          yield { key: f.name, size: f.metadata.size === undefined ? undefined : Number(f.metadata.size), lastModified: f.metadata.updated };
        }
        pageToken = (next as { pageToken?: string } | null)?.pageToken;
      } while (pageToken);
    },
    async exists(key) {
      const [found] = await bucket.file(key).exists();
      return found;
    },
    async download(key, dest, signal, force) {
      if (!(await this.exists(key, signal))) throw notFound(key);
      const bytes = await writeAtomically(dest, (out) => pipeline(bucket.file(key).createReadStream(), out, { signal }), force);
      return { bytes };
    },
    async upload(src, key, signal) {
      const { size } = await stat(src);
      // Resumable uploads for anything big enough to be worth resuming.
      const sink = bucket.file(key).createWriteStream({ resumable: size > 8 * 1024 * 1024 });
      await pipeline(createReadStream(src), sink, { signal });
      return { bytes: size };
    },
    async remove(key, signal) {
      if (!(await this.exists(key, signal))) throw notFound(key);
      await bucket.file(key).delete();
    },
  };
}
