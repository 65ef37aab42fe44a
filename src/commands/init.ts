// `braintrust init`: a wizard (or flags) that writes braintrust.yaml with per-cloud defaults
// that pass sizing for the chosen tier. Never overwrites without --force; writes atomically.
import type { Handler } from '../context.js';
import { CLOUDS, TIERS, type Cloud, type Tier } from '../config/schema.js';
import { configExists, saveConfig } from '../config/load.js';
import { DEFAULT_REGIONS, exampleConfig } from '../config/defaults.js';
import { BraintrustError, ExitCode, usageError } from '../ui/errors.js';

interface InitOptions {
  cloud?: Cloud;
  region?: string;
  tier?: Tier;
  name?: string;
  org?: string;
  force?: boolean;
}

const NAME_RE = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;

export const run: Handler<InitOptions> = async (ctx, opts) => {
  const path = ctx.globals.config;
  if ((await configExists(path)) && !opts.force) {
    throw new BraintrustError(`${path} already exists`, {
      code: 'CONFIG_EXISTS',
      exitCode: ExitCode.usage,
      hint: 'Pass --force to overwrite it, or --config <other path> to write elsewhere.',
    });
  }
  const p = ctx.prompt;
  const cloud: Cloud = opts.cloud ?? (await p.select<Cloud>({
    message: 'Cloud',
    flag: '--cloud aws|gcp|azure|docker',
    choices: CLOUDS.map((c) => ({ value: c })),
    default: 'aws',
  }));
  const tier: Tier = opts.tier ?? (await p.select<Tier>({
    message: 'Tier',
    flag: '--tier testing|production',
    choices: TIERS.map((t) => ({ value: t })),
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
    validate: (v) => NAME_RE.test(v) || '2-24 lowercase letters, digits and dashes, starting with a letter',
  }));
  const org = opts.org ?? (await p.input({
    message: 'Braintrust organization name',
    flag: '--org <org>',
    validate: (v) => v.trim().length > 0 || 'required',
  }));
  if (!NAME_RE.test(name)) {
    throw usageError(`--name ${JSON.stringify(name)} is not a valid deployment name`, 'Use 2-24 lowercase letters, digits and dashes, starting with a letter.');
  }
  const raw = exampleConfig(cloud, tier, { name, org, region: cloud === 'docker' ? undefined : region });
  const saved = await saveConfig(path, raw);
  ctx.out.result({ ok: true, path: saved.path, config: saved.config });
  ctx.out.success(`Wrote ${saved.path} (${cloud}, ${tier})`);
  ctx.out.print(`Next: braintrust sizing check, then braintrust install --dry-run`);
  return 0;
};
