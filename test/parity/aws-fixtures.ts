// Production and testing AWS configs and their synthesized JSON, shared by the AWS parity test
// and the AWS feature tests.
import { Testing } from 'cdktf';
import { validateConfig } from '../../src/config/load.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/aws/index.js';
import { resourcesOf } from '../helpers/terraform-json.js';

export type Body = Record<string, any>;

export function awsProductionInput(overrides: Partial<ConfigInput> = {}): ConfigInput {
  return {
    name: 'acme-prod',
    cloud: 'aws',
    region: 'us-east-1',
    tier: 'production',
    version: 'v2.12.0',
    orgName: 'acme',
    api: { instances: 1, cpu: 1, memoryGiB: 2 },
    postgres: { instanceType: 'db.r8g.2xlarge', storageGiB: 1000, iops: 15000, version: 17 },
    redis: { instanceType: 'cache.r7g.large', version: '7.1' },
    brainstore: {
      readers: { count: 2, instanceType: 'c8gd.4xlarge' },
      writers: { count: 1, instanceType: 'c8gd.8xlarge' },
    },
    state: { backend: 's3', bucket: 'acme-tfstate' },
    ...overrides,
  } as ConfigInput;
}

export function awsTestingInput(overrides: Partial<ConfigInput> = {}): ConfigInput {
  return {
    name: 'acme-staging',
    cloud: 'aws',
    region: 'us-west-2',
    tier: 'testing',
    version: '2.11.3',
    orgName: 'acme',
    api: { instances: 1, cpu: 1, memoryGiB: 2 },
    postgres: { instanceType: 'db.r8g.large', storageGiB: 100, iops: 3000, version: 16 },
    redis: { instanceType: 'cache.t4g.small', version: '7.1' },
    brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' } },
    ...overrides,
  } as ConfigInput;
}

export function synthAws(input: ConfigInput): { json: TerraformJson; config: Config } {
  const config = validateConfig(input);
  const stack = buildStack(Testing.app(), config);
  return { json: JSON.parse(Testing.synth(stack, true)) as TerraformJson, config };
}

export function res(json: TerraformJson, type: string): [string, Body][] {
  return resourcesOf(json, type) as [string, Body][];
}

/** A Lambda function by the end of its name (e.g. "-APIHandler"). */
export function lambdaBySuffix(json: TerraformJson, suffix: string): Body | undefined {
  return res(json, 'aws_lambda_function').find(([, b]) => String(b.function_name).endsWith(suffix))?.[1];
}

/** Each launch template's boot script, resolved through the local it is encoded from. */
export function userDataScripts(json: TerraformJson): Map<string, string> {
  const scripts = new Map<string, string>();
  for (const [, body] of res(json, 'aws_launch_template')) {
    const m = /^\$\{base64encode\(local\.([A-Za-z0-9_]+)\)\}$/.exec(String(body.user_data));
    if (m) scripts.set(String(body.name), String((json.locals as Record<string, unknown>)[m[1]]));
  }
  return scripts;
}

/** The Brainstore env file lines (NAME=value) of a boot script. */
export function brainstoreEnvFromScript(script: string): Record<string, string> {
  const m = /cat > \/etc\/brainstore\.env <<ENV\n([\s\S]*?)\nENV\n/.exec(script);
  if (!m) return {};
  return Object.fromEntries(m[1].split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Brainstore settings `init` writes for new installs. */
export const NEW_INSTALL_BRAINSTORE = { skipPgForObjects: 'all', walFooterVersion: 'v3' } as const;

/** Production with the official module's Brainstore shape (c8gd readers, writer and fast readers) and new-install settings. */
export function officialShapeProductionInput(): ConfigInput {
  return awsProductionInput({
    brainstore: {
      readers: { count: 2, instanceType: 'c8gd.4xlarge' },
      writers: { count: 1, instanceType: 'c8gd.8xlarge' },
      fastReaders: { count: 2, instanceType: 'c8gd.4xlarge' },
      ...NEW_INSTALL_BRAINSTORE,
    },
  } as never);
}

export function synthOfficialShapeProduction(): { json: TerraformJson; config: Config } {
  return synthAws(officialShapeProductionInput());
}
