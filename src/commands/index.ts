// The command list: metadata only. Handlers are import()ed when their command runs.
// Each issue adds its own entries; --help lists only commands that really work.
import type { CommandSpec, GroupSpec } from './registry.js';

export const groups: GroupSpec[] = [
  { name: 'sizing', description: 'Check hardware sizing against the product requirement tables' },
];

export const commands: CommandSpec[] = [
  {
    name: 'init',
    description: 'Create braintrust.yaml with defaults that pass sizing for the chosen cloud and tier',
    options: [
      { flags: '--cloud <cloud>', description: 'aws, gcp, azure or docker', choices: ['aws', 'gcp', 'azure', 'docker'] },
      { flags: '--region <region>', description: 'cloud region, e.g. us-east-1, us-central1, eastus' },
      { flags: '--tier <tier>', description: 'testing or production', choices: ['testing', 'production'] },
      { flags: '--name <name>', description: 'deployment name (prefixes every resource)' },
      { flags: '--org <org>', description: 'Braintrust organization name' },
      { flags: '--force', description: 'overwrite an existing config file' },
    ],
    load: () => import('./init.js'),
  },
  {
    name: 'install',
    description: 'Synthesize the data plane and apply it with terraform (plan, confirm, apply)',
    options: [
      { flags: '--dry-run', description: 'synthesize only: no terraform, no credentials, no network' },
      { flags: '--plan-only', description: 'init + plan + summary, no apply (for CI pull requests)' },
      { flags: '--out <dir>', description: 'where the synthesized stacks are written', default: 'braintrust.out' },
      { flags: '--allow-undersized', description: 'apply even when production sizing checks fail (recorded in history)' },
      { flags: '--outbound-rate-limit-max-requests <n>', description: 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS (0 disables); saved to the config' },
      { flags: '--outbound-rate-limit-window-minutes <m>', description: 'OUTBOUND_RATE_LIMIT_WINDOW_MINUTES (>= 1); saved to the config' },
    ],
    load: () => import('./install.js'),
  },
  {
    name: 'destroy',
    description: 'Destroy the data plane (typed confirmation; data stores need --delete-data)',
    options: [
      { flags: '--delete-data', description: 'also delete databases, caches and buckets (irreversible)' },
      { flags: '--out <dir>', description: 'where the synthesized stacks are written', default: 'braintrust.out' },
    ],
    load: () => import('./destroy.js'),
  },
  {
    name: 'sizing check',
    description: 'Check the config against every row of the hardware requirement tables',
    options: [{ flags: '--tier <tier>', description: 'check against this tier instead of the config\'s', choices: ['testing', 'production'] }],
    load: () => import('./sizing.js'),
  },
];
