// Building and reading synthesized cloud stacks, shared by the GCP and Azure stack tests.
import { Testing, type App, type TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { configSchema, type Config, type ConfigInput } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { resourcesOf } from './terraform-json.js';

/** A validated Config from a fixture, after `edit` on a deep copy (the fixture stays as is). */
export function fixtureConfig(input: ConfigInput, edit: (c: ConfigInput) => void = () => {}): Config {
  const copy = structuredClone(input);
  edit(copy);
  return configSchema.parse(copy);
}

/** `synth(config)` for one cloud's buildStack. */
export function stackSynth(buildStack: (app: App, config: Config) => TerraformStack): (c: Config) => TerraformJson {
  return (c) => JSON.parse(Testing.synth(buildStack(Testing.app(), c))) as TerraformJson;
}

/** The chart values of a helm_release (its first `values` document). */
export function releaseValues(release: Record<string, unknown>): any {
  return parse((release.values as string[])[0]);
}

/** The API's extraEnvVars as name -> value. */
export function envOf(values: any): Record<string, string> {
  return Object.fromEntries((values.api.extraEnvVars as { name: string; value: string }[]).map((e) => [e.name, e.value]));
}

/** Resources of a type keyed by their `name` argument (node pools by pool name). */
export function byName(json: TerraformJson, type: string): Record<string, any> {
  return Object.fromEntries(resourcesOf(json, type).map(([, r]) => [r.name as string, r]));
}

/** The GCP fixtures shared by the stack and parity tests. */
export const GCP_PRODUCTION: ConfigInput = {
  name: 'bt-prod',
  cloud: 'gcp',
  region: 'us-central1',
  tier: 'production',
  version: 'v2.12.0',
  orgName: 'acme',
  account: { gcpProject: 'acme-braintrust' },
  api: { instances: 4, cpu: 2, memoryGiB: 8 },
  postgres: { instanceType: 'db-perf-optimized-N-8', storageGiB: 1000, iops: 15000, version: 17 },
  redis: { instanceType: 'standard-ha-5gb', version: '7.2' },
  brainstore: {
    readers: { count: 2, instanceType: 'c4-standard-32-lssd' },
    writers: { count: 1, instanceType: 'c4-standard-48-lssd' },
  },
};

export const GCP_TESTING: ConfigInput = {
  ...GCP_PRODUCTION,
  name: 'bt-test',
  tier: 'testing',
  api: { instances: 1, cpu: 1, memoryGiB: 2 },
  postgres: { instanceType: 'db-custom-2-8192', storageGiB: 100, iops: 3000, version: 15 },
  redis: { instanceType: 'basic-1gb', version: '7.0' },
  brainstore: { combined: { count: 1, instanceType: 'c4-standard-8-lssd' } },
};

/** The AZURE fixtures shared by the stack and parity tests. */
export const AZURE_PRODUCTION: ConfigInput = {
  name: 'bt-prod',
  cloud: 'azure',
  region: 'eastus2',
  tier: 'production',
  version: 'v2.12.0',
  orgName: 'acme',
  account: { azureSubscriptionId: '00000000-0000-0000-0000-000000000001' },
  api: { instances: 4, cpu: 2, memoryGiB: 8, nodeInstanceType: 'Standard_D8s_v5' },
  postgres: { instanceType: 'GP_Standard_D8ds_v5', storageGiB: 1000, iops: 5000, version: 17 },
  redis: { instanceType: 'Balanced_B5', version: '7.4' },
  brainstore: {
    readers: { count: 2, instanceType: 'Standard_L16s_v3' },
    writers: { count: 1, instanceType: 'Standard_L32as_v3' },
  },
};

export const AZURE_TESTING: ConfigInput = {
  ...AZURE_PRODUCTION,
  name: 'bt-test',
  tier: 'testing',
  api: { instances: 1, cpu: 1, memoryGiB: 2 },
  postgres: { instanceType: 'B_Standard_B2ms', storageGiB: 100, iops: 3000, version: 15 },
  redis: { instanceType: 'Balanced_B0', version: '7' },
  brainstore: { combined: { count: 1, instanceType: 'Standard_L8s_v3' } },
};

/** The docker (single-host evaluation) fixture shared by the compose and parity tests. */
export const DOCKER_TESTING: ConfigInput = {
  name: 'bt-local',
  cloud: 'docker',
  tier: 'testing',
  version: '2.12.0',
  orgName: 'acme',
  api: { instances: 1, cpu: 1, memoryGiB: 2 },
  postgres: { instanceType: 'docker', storageGiB: 100, iops: 3000, version: 17 },
  redis: { instanceType: 'docker', version: '7.2' },
  brainstore: { combined: { count: 1, instanceType: 'docker' } },
};
