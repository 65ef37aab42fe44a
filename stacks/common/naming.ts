// Resource naming and tags shared by every cloud.
import type { Config } from '../../src/config/schema.js';

/** `<name>-<suffix>`, the official module's convention (deployment_name prefixes everything). */
export function resourceName(config: Config, suffix: string): string {
  return `${config.name}-${suffix}`;
}

/** Tags (AWS/Azure) applied to every resource; GCP uses labelsFor(). */
export function tagsFor(config: Config): Record<string, string> {
  return {
    BraintrustDeploymentName: config.name,
    ManagedBy: 'braintrust-cli',
    BraintrustTier: config.tier,
    ...(config.tags ?? {}),
  };
}

/** GCP labels: lowercase keys/values, [a-z0-9_-], at most 63 chars. */
export function labelsFor(config: Config): Record<string, string> {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 63);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tagsFor(config))) out[clean(k)] = clean(v);
  return out;
}

/** The Brainstore license key reaches Terraform only as this sensitive variable (TF_VAR_...). */
export const LICENSE_KEY_VARIABLE = 'brainstore_license_key';
