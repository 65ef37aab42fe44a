// `braintrust connect bucket`: metadata only (the handler is connect-bucket.ts).
import { defineCommand, flag, text, type OptionValues } from './registry.js';
import { sessionOptions } from './common-options.js';

const connectBucketOptions = {
  bucket: text('--bucket <name>', 'brainstore (default), response, code-bundle, or a bucket/container name'),
  endpoint: text('--endpoint <url>', 'object storage endpoint override (S3-compatible, emulators)'),
  limit: text('--limit <n>', 'ls: list at most this many keys (0: all)', '1000'),
  force: flag('--force', 'get: replace an existing local file'),
  ...sessionOptions,
};

export const connectBucketCommand = defineCommand({
  name: 'connect bucket',
  description: 'ls [PREFIX] | get KEY [DEST] | put SRC KEY | rm KEY on a deployment bucket (put/rm need --write)',
  args: [
    { name: 'action', description: 'ls, get, put or rm', required: true },
    { name: 'paths', description: 'PREFIX, KEY [DEST], SRC KEY or KEY', variadic: true },
  ],
  options: connectBucketOptions,
  load: () => import('./connect-bucket.js'),
});
export type ConnectBucketOptions = OptionValues<typeof connectBucketOptions>;
