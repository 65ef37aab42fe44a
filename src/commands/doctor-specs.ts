// `braintrust doctor` and `braintrust support bundle`: metadata only (registered in
// commands/index.ts); the handlers load on use.
import type { CommandSpec, GroupSpec, OptionSpec } from './registry.js';

export const supportGroup: GroupSpec = {
  name: 'support',
  description: 'Material for Braintrust support (redacted support bundles)',
};

/** The options doctor and support bundle share (the bundle runs doctor). */
const doctorOptions: OptionSpec[] = [
  { flags: '--only <ids>', description: 'run only these checks or groups (comma-separated: local, cloud, policy, live, or check ids)' },
  { flags: '--skip <ids>', description: 'skip these checks or groups (comma-separated)' },
  { flags: '--timeout <seconds>', description: 'time limit per check', default: '10' },
  { flags: '--via <via>', description: 'auto: reach Postgres/Redis through the cloud tunnel; direct: connect to the output hosts as they are', choices: ['auto', 'direct'], default: 'auto' },
  { flags: '--postgres-url <url>', description: 'check this PostgreSQL directly (password in BRAINTRUST_PG_PASSWORD, not in the URL)' },
  { flags: '--redis-url <url>', description: 'check this Redis directly (password in BRAINTRUST_REDIS_PASSWORD; rediss:// for TLS)' },
  { flags: '--bucket-endpoint <url>', description: 'object storage endpoint override (S3-compatible stores, emulators; also BRAINTRUST_S3_ENDPOINT)' },
  { flags: '--manifest <path|url>', description: 'release manifest for the version-age check (default: the live list, else the shipped snapshot)' },
  { flags: '--offline', description: 'version-age check: do not read the live release list (use the shipped snapshot)' },
];

export const doctorCommands: CommandSpec[] = [
  {
    name: 'doctor',
    description: 'Check tools, credentials, policy and the live deployment (API, CORS, TLS, Postgres, Redis, buckets, Brainstore)',
    options: doctorOptions,
    load: () => import('./doctor.js'),
  },
  {
    name: 'support bundle',
    description: 'Write a redacted .tar.gz for Braintrust support: doctor report, config, versions, outputs, history, audit log',
    options: [
      { flags: '--out <file>', description: 'where to write the bundle (default: braintrust-support-<name>-<time>.tar.gz)' },
      { flags: '--audit-lines <n>', description: 'how many of the most recent audit-log lines to include', default: '1000' },
      ...doctorOptions,
    ],
    load: () => import('./support-bundle.js'),
  },
];
