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
