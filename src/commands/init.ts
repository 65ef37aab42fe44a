// `braintrust init`: a wizard (or flags) that writes braintrust.yaml with per-cloud defaults
// that pass sizing for the chosen tier. Never overwrites without --force; writes atomically.
import type { Handler } from '../context.js';
import { CLOUDS, TIERS, type Cloud, type Tier } from '../config/schema.js';
import { configExists, saveConfig } from '../config/load.js';
import { DEFAULT_REGIONS, exampleConfig } from '../config/defaults.js';
import { BraintrustError, usageError } from '../ui/errors.js';
import { costOf } from '../cost/estimate.js';
import type { InitOptions } from './init.spec.js';

const NAME_RE = /^[a-z][a-z0-9-]{0,16}[a-z0-9]$/;
const NAME_RULE = '2-18 lowercase letters, digits and dashes, starting with a letter and ending with a letter or digit';

// Shown under the highlighted choice in the wizard.
const CLOUD_INFO: Record<Cloud, string> = {
  aws: 'Lambda API, RDS PostgreSQL, ElastiCache Redis, S3, Brainstore on EC2 NVMe instances',
  gcp: 'GKE, Cloud SQL, Memorystore, GCS, Brainstore node pools with local SSD',
  azure: 'AKS, PostgreSQL Flexible Server, Azure Managed Redis, Blob Storage',
  docker: 'single-host evaluation with docker compose (sized as the testing tier)',
};
const TIER_INFO: Record<Tier, string> = {
  testing: 'smaller sizes for trying it out: the testing column of the hardware tables',
  production: 'HA database and cache, separate Brainstore readers and writers',
};

export const run: Handler<InitOptions> = async (ctx, opts) => {
  const path = ctx.globals.config;
  if ((await configExists(path)) && !opts.force) {
    throw new BraintrustError(`${path} already exists`, {
      code: 'CONFIG_EXISTS',
      hint: 'Pass --force to overwrite it, or --config <other path> to write elsewhere.',
    });
  }
  // A bad flag fails before any question is asked, not after the whole wizard.
  if (opts.name !== undefined && !NAME_RE.test(opts.name)) {
    throw usageError(`--name ${JSON.stringify(opts.name)} is not a valid deployment name`, `Use ${NAME_RULE}.`);
  }
  const p = ctx.prompt;
  const cloud: Cloud = opts.cloud ?? (await p.select<Cloud>({
    message: 'Cloud',
    flag: '--cloud aws|gcp|azure|docker',
    choices: CLOUDS.map((c) => ({ value: c, description: CLOUD_INFO[c] })),
    default: 'aws',
  }));
  const tier: Tier = opts.tier ?? (await p.select<Tier>({
    message: 'Tier',
    flag: '--tier testing|production',
    choices: TIERS.map((t) => ({ value: t, description: TIER_INFO[t] })),
    default: 'production',
  }));
  let region = opts.region;
  if (cloud !== 'docker' && !region) {
    region = await p.input({ message: 'Region', flag: '--region <region>', default: DEFAULT_REGIONS[cloud] });
  }
  const name = opts.name ?? (await p.input({
    message: 'Deployment name',
    flag: '--name <name>',
    default: 'braintrust',
    validate: (v) => NAME_RE.test(v) || `Use ${NAME_RULE} (it prefixes every resource)`,
  }));
  const org = opts.org ?? (await p.input({
    message: 'Braintrust organization name',
    flag: '--org <org>',
    validate: (v) => v.trim().length > 0 || 'Required: the organization name shown in the Braintrust UI',
  }));
  const raw = exampleConfig(cloud, tier, { name, org, region: cloud === 'docker' ? undefined : region });
  // Any org ("*") needs the org that manages service tokens (official module primary_org_name).
  const primaryOrg = opts.primaryOrg ?? (org.trim() === '*' ? await p.input({
    message: 'Primary organization name (manages self-hosted service tokens; required with org "*")',
    flag: '--primary-org <name>',
    validate: (v) => v.trim().length > 0 || 'Required when the organization is "*"',
  }) : undefined);
  if (primaryOrg) raw.security = { ...raw.security, primaryOrgName: primaryOrg };
  const saved = await saveConfig(path, raw);
  ctx.io.emit('init.saved', { path: saved.path, cloud, tier });
  const cost = await costOf(saved.config);
  // Point the next commands at the file just written when it is not the default.
  const configFlag = path === 'braintrust.yaml' ? '' : ` --config ${/[\s'"$]/.test(path) ? JSON.stringify(path) : path}`;
  ctx.io.emit('init.written', { path: saved.path, cloud, tier, config: saved.config, ...(cost ? { cost } : {}), configFlag });
  return 0;
};
