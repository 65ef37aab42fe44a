// braintrust connect bucket ls|get|put|rm: the deployment's buckets through the clouds'
// official SDKs with the caller's own credentials. put and rm need --write and a yes.
import { resolve } from 'node:path';
import type { Ctx, Handler } from '../context.js';
import { createBucketClient, downloadTarget, resolveBucketName, validateObjectKey, type BucketClient, type BucketObject } from '../access/buckets.js';
import { loadDeployment, regionOf } from '../access/installed-deployment.js';
import { confirmWrite, runSession, type SessionRecord } from '../access/session.js';
import { BraintrustError, operationFailed, prerequisiteError, usageError } from '../ui/errors.js';
import type { ConnectBucketOptions } from './connect-bucket.spec.js';

const USAGE = 'braintrust connect bucket ls [PREFIX] | get KEY [DEST] | put SRC KEY | rm KEY';
const ARITY: Record<string, [number, number]> = { ls: [0, 1], get: [1, 2], put: [2, 2], rm: [1, 1] };

export const run: Handler<ConnectBucketOptions> = async (ctx, opts, args) => {
  const [action = '', ...paths] = args;
  const arity = ARITY[action];
  if (!arity) throw usageError(`Unknown bucket action ${JSON.stringify(action)}`, `Use ${USAGE}.`);
  if (paths.length < arity[0] || paths.length > arity[1]) throw usageError(`Wrong arguments for bucket ${action}`, `Use ${USAGE}.`);
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) throw usageError(`--limit ${opts.limit} is not a whole number`, 'Pass e.g. --limit 100, or 0 for all keys.');
  const writes = action === 'put' || action === 'rm';
  // Keys are checked before anything else: a key that climbs out of the bucket path is a usage error.
  if (action === 'ls') { if (paths[0]) validateObjectKey(paths[0], 'prefix'); }
  else validateObjectKey(action === 'put' ? paths[1] : paths[0]);

  const deployment = await loadDeployment(ctx, { required: false });
  const cloud = deployment.cloud;
  if (!cloud) throw usageError('No deployment config found, so the cloud of the bucket is unknown', 'Pass --config <path> to your braintrust.yaml.');
  const bucket = resolveBucketName(deployment, opts.bucket);
  const record: SessionRecord = {
    target: `bucket:${bucket}`,
    via: 'sdk',
    access: writes ? 'write' : 'read',
    session: 'one-shot',
    statement: [action, ...paths].join(' '),
    secrets: [],
  };
  if (writes && !opts.write) {
    await runSession(ctx, { deployment, maxDuration: opts.maxDuration, record }, async () => {
      throw operationFailed(`Refused: bucket ${action} changes ${bucket} and this session is read-only`,
        `Pass --write (and confirm, or --yes): ${action === 'rm' ? 'deleting objects cannot be undone' : 'an existing key is overwritten'}.`, undefined, 'WRITE_REFUSED');
    });
  }
  if (writes) await confirmWrite(ctx, `bucket ${bucket} (${action} ${paths.join(' ')})`);

  return runSession(ctx, { deployment, maxDuration: opts.maxDuration, record }, async (signal) => {
    const client = await createBucketClient({
      cloud, bucket, env: ctx.env, endpoint: opts.endpoint, region: regionOf(deployment),
      awsProfile: deployment.config?.account?.awsProfile,
      gcpProject: deployment.outputs.project_id || deployment.config?.account?.gcpProject,
      azureAccount: deployment.outputs.storage_account,
    });
    try {
      return await runAction(ctx, client, action, paths, limit, signal, Boolean(opts.force));
    } catch (e) {
      if (e instanceof BraintrustError || signal.aborted) throw e;
      throw bucketError(e as Error, action, bucket);
    }
  });
};

/** SDK errors as user errors: missing credentials are a prerequisite (exit 3). */
function bucketError(e: Error, action: string, bucket: string): BraintrustError {
  if (/credential|could not load|no valid|login/i.test(e.name + ' ' + e.message)) {
    return prerequisiteError(`No usable cloud credentials for bucket ${bucket}: ${e.message}`,
      'Log in with your cloud CLI (aws sso login / gcloud auth application-default login / az login).', 'CREDENTIALS_MISSING');
  }
  return operationFailed(`bucket ${action} on ${bucket} failed: ${e.message}`, 'Check the bucket name (--bucket), your access to it and --endpoint.');
}

async function runAction(ctx: Ctx, client: BucketClient, action: string, paths: string[], limit: number, signal: AbortSignal, force: boolean): Promise<number> {
  const bucket = client.bucket;
  switch (action) {
    case 'ls': {
      const objects: BucketObject[] = [];
      for await (const o of client.list(paths[0] ?? '', { limit: limit === 0 ? undefined : limit + 1, signal })) objects.push(o);
      const truncated = limit > 0 && objects.length > limit;
      if (truncated) objects.length = limit;
      ctx.io.emit('connect.bucket.listed', { bucket, objects, truncated, limit });
      ctx.io.emit('connect.bucket.count', { count: objects.length, truncated, limit });
      return 0;
    }
    case 'get': {
      const dest = await downloadTarget(ctx.cwd, paths[0], paths[1]);
      const { bytes } = await client.download(paths[0], dest, signal, force);
      ctx.io.emit('connect.bucket.result', { bucket, key: paths[0], path: dest, bytes });
      ctx.io.emit('connect.bucket.downloaded', { bucket, key: paths[0], path: dest, bytes });
      return 0;
    }
    case 'put': {
      const { bytes } = await client.upload(resolve(ctx.cwd, paths[0]), paths[1], signal);
      ctx.io.emit('connect.bucket.result', { bucket, key: paths[1], bytes });
      ctx.io.emit('connect.bucket.uploaded', { bucket, source: paths[0], key: paths[1], bytes });
      return 0;
    }
    default: {
      await client.remove(paths[0], signal);
      ctx.io.emit('connect.bucket.result', { bucket, key: paths[0], deleted: true });
      ctx.io.emit('connect.bucket.deleted', { bucket, key: paths[0] });
      return 0;
    }
  }
}
