// S3 buckets with @aws-sdk/client-s3 and the caller's AWS credentials (environment, profile,
// SSO: the SDK's default chain). A custom endpoint (S3-compatible stores, tests) uses
// path-style addressing and plain checksums (aws-chunked uploads are S3-only).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  S3Client, ListObjectsV2Command, GetObjectCommand, PutObjectCommand, DeleteObjectCommand, HeadObjectCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { BucketClient, BucketClientOptions } from './buckets.js';
import { writeAtomically } from './buckets.js';
import { operationFailed } from '../ui/errors.js';

/** Single PUT limit; larger files need multipart upload, which this client does not do. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

function s3Config(o: BucketClientOptions): S3ClientConfig {
  const env = o.env;
  const cfg: S3ClientConfig = { region: o.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1' };
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    cfg.credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  } else if (o.awsProfile) {
    cfg.profile = o.awsProfile;
  }
  if (o.endpoint) {
    cfg.endpoint = o.endpoint;
    cfg.forcePathStyle = true;
    cfg.requestChecksumCalculation = 'WHEN_REQUIRED';
    cfg.responseChecksumValidation = 'WHEN_REQUIRED';
  }
  return cfg;
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
}

/**
 * The SDK warns on every run under Node < 22 that its 2027 releases will need Node 22. Our
 * declared engine is Node 20 and the pinned SDK supports it: the warning tells the user
 * nothing they can act on, so it is switched off (unless they set the variable themselves).
 */
export const SDK_NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function createS3Client(o: BucketClientOptions): BucketClient {
  process.env[SDK_NODE_WARNING_ENV] ??= 'true';
  const s3 = new S3Client(s3Config(o));
  const Bucket = o.bucket;
  const notFound = (key: string) => operationFailed(`No object ${key} in bucket ${Bucket}`, 'List keys with `braintrust connect bucket ls PREFIX`.', undefined, 'OBJECT_NOT_FOUND');
  return {
    cloud: 'aws',
    bucket: Bucket,
    async *list(prefix, { limit, pageSize, signal }) {
      let token: string | undefined;
      let seen = 0;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: pageSize }), { abortSignal: signal });
        for (const obj of page.Contents ?? []) {
          if (limit !== undefined && seen >= limit) return;
          seen++;
          yield { key: obj.Key ?? '', size: obj.Size, lastModified: obj.LastModified?.toISOString() };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async exists(key, signal) {
      try {
        await s3.send(new HeadObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
        return true;
      } catch (e) {
        if (isNotFound(e)) return false;
        throw e;
      }
    },
    async download(key, dest, signal, force) {
      let body: Readable;
      try {
        const res = await s3.send(new GetObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
        body = res.Body as Readable;
      } catch (e) {
        throw isNotFound(e) ? notFound(key) : e;
      }
      const bytes = await writeAtomically(dest, (out) => pipeline(body, out, { signal }), force);
      return { bytes };
    },
    async upload(src, key, signal) {
      const { size } = await stat(src);
      if (size > MAX_PUT_BYTES) {
        throw operationFailed(`${src} is ${size} bytes, over the 5 GiB single-upload limit`, 'Upload it with `aws s3 cp` (multipart).');
      }
      await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(src), ContentLength: size }), { abortSignal: signal });
      return { bytes: size };
    },
    async remove(key, signal) {
      if (!(await this.exists(key, signal))) throw notFound(key);
      await s3.send(new DeleteObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
    },
  };
}
