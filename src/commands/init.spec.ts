// `braintrust init`: metadata only (the handler is init.ts, loaded when the command runs).
import { choice, defineCommand, flag, text, type OptionValues } from './registry.js';

const initOptions = {
  cloud: choice('--cloud <cloud>', 'aws, gcp, azure or docker', ['aws', 'gcp', 'azure', 'docker']),
  region: text('--region <region>', 'cloud region, e.g. us-east-1, us-central1, eastus'),
  tier: choice('--tier <tier>', 'testing or production', ['testing', 'production']),
  name: text('--name <name>', 'deployment name (prefixes every resource)'),
  org: text('--org <org>', 'Braintrust organization name'),
  primaryOrg: text('--primary-org <name>', 'security.primaryOrgName: the org that manages service tokens (required with --org "*")'),
  force: flag('--force', 'overwrite an existing config file'),
};

export const initCommand = defineCommand({
  name: 'init',
  description: 'Create braintrust.yaml with defaults that pass sizing for the chosen cloud and tier',
  options: initOptions,
  load: () => import('./init.js'),
});
export type InitOptions = OptionValues<typeof initOptions>;
