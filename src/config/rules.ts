// Config rules beyond field shapes: per-cloud rules (regions, network, principals, backends,
// sizes the cloud's stack can express) and limits, so a bad value is exit 2 naming the field
// before any synth (DESIGN.md: stacks throw only for internal invariants).
import { z } from 'zod';
import type { Config } from './schema.js';

/** Quote a user value in a message: at most ~200 characters of it. */
export function quote(value: unknown, max = 200): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

// Region names as each cloud spells them (us-east-1, us-gov-west-1; us-central1,
// northamerica-northeast2; eastus, westeurope2, usgovvirginia).
export const REGION_PATTERNS: Record<'aws' | 'gcp' | 'azure', { re: RegExp; example: string }> = {
  aws: { re: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, example: 'us-east-1' },
  gcp: { re: /^[a-z]{2,}-[a-z]+\d{1,2}$/, example: 'us-central1' },
  azure: { re: /^[a-z][a-z0-9]{3,30}$/, example: 'eastus' },
};

/** Network prefix bounds: 4 subnets are carved from the range (each at least a /26). */
export const CIDR_PREFIX = { min: 16, max: 24 } as const;

const BACKENDS: Record<Config['cloud'], readonly Config['state']['backend'][]> = {
  aws: ['local', 's3', 'gcs', 'azurerm'],
  gcp: ['local', 'gcs'],
  azure: ['local', 'azurerm'],
  docker: ['local', 's3', 'gcs', 'azurerm'],
};

/** Sizes past these are typos, not deployments (and keep arithmetic in the stacks exact). */
export const NUMBER_LIMITS: [path: string, max: number][] = [
  ['api.instances', 1000],
  ['api.cpu', 512],
  ['api.memoryGiB', 4096],
  ['postgres.storageGiB', 65536],
  ['postgres.iops', 400000],
  ['brainstore.combined.count', 1000],
  ['brainstore.readers.count', 1000],
  ['brainstore.writers.count', 1000],
  ['rateLimit.maxRequests', 1_000_000_000],
  ['rateLimit.windowMinutes', 525_600],
];

export const MAX_GRANT_DAYS = 7;
const MAX_GRANT_MS = MAX_GRANT_DAYS * 24 * 3_600_000;

const AWS_PRINCIPAL = /^(\d{12}|arn:aws(-us-gov|-cn)?:iam::\d{12}:(root|(role|user)\/[A-Za-z0-9+=,.@_/-]{1,512}))$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const GCP_PRINCIPAL = new RegExp(`^((user|group|serviceAccount):)?${EMAIL.source.slice(1, -1)}$`);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a support-access principal is not allowed on a cloud (undefined when it is). */
export function principalProblem(cloud: Config['cloud'], principal: string | undefined): string | undefined {
  if (principal === undefined) {
    return cloud === 'azure' ? 'required on Azure: the Entra object id (a GUID) of the user or group Braintrust support gives you' : undefined;
  }
  if (principal.includes('*')) return 'wildcards are not allowed: name one account, role, user or group';
  switch (cloud) {
    case 'aws':
      return AWS_PRINCIPAL.test(principal) ? undefined : 'expected a 12-digit AWS account id or an IAM ARN like arn:aws:iam::123456789012:role/Support';
    case 'gcp':
      return GCP_PRINCIPAL.test(principal) ? undefined : 'expected user:<email>, group:<email> or serviceAccount:<email> (allUsers and domains are not allowed)';
    case 'azure':
      return GUID.test(principal) ? undefined : 'expected the Entra object id (a GUID) of the user or group Braintrust support gives you';
    default:
      return undefined;
  }
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Why a network range is not usable (undefined when it is). */
export function cidrProblem(cidr: string): string | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(cidr);
  const base = m ? ipv4(m[1]) : undefined;
  if (!m || base === undefined) return 'a CIDR like 10.175.0.0/21 (four octets 0-255, then /prefix)';
  const prefix = Number(m[2]);
  if (prefix < CIDR_PREFIX.min || prefix > CIDR_PREFIX.max) {
    return `the prefix must be /${CIDR_PREFIX.min} to /${CIDR_PREFIX.max} (the range is split into subnets for the cluster, database and load balancer)`;
  }
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) {
    const aligned = base - (base % size);
    const text = [24, 16, 8, 0].map((s) => Math.floor(aligned / 2 ** s) % 256).join('.');
    return `host bits are set: the network address of this range is ${text}/${prefix}`;
  }
  return undefined;
}

const AZURE_SECRET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/secrets\/[^/]+$/i;
const TEMPLATE = /\$\{|%\{/;

function valueAtPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** The rules as one zod refinement on the parsed config (schema.ts chains it). */
export function configRules(input: object, ctx: z.RefinementCtx): void {
  const c = input as Config;
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const cloud = c.cloud;

  if (cloud !== 'docker' && c.region !== undefined) {
    const r = REGION_PATTERNS[cloud];
    if (!r.re.test(c.region)) issue(['region'], `not a ${cloud} region name (e.g. ${r.example})`);
  }

  for (const [path, max] of NUMBER_LIMITS) {
    const v = valueAtPath(c, path);
    if (typeof v === 'number' && v > max) issue(path.split('.'), `Too big: expected number to be <=${max}`);
  }

  const net = c.network;
  // AWS `zones` place the subnets the stack creates; an existing VPC's subnets already fix theirs.
  if (cloud === 'aws' && c.zones && net?.existingVpcId !== undefined) {
    issue(['zones'], 'with network.existingVpcId the private subnets decide the zones: list subnets in the zones you want (network.existingPrivateSubnetIds) and remove zones');
  }
  if (net?.cidr !== undefined) {
    const p = cidrProblem(net.cidr);
    if (p) issue(['network', 'cidr'], p);
  }
  if (net && (net.existingVpcId || net.existingPrivateSubnetIds || net.existingPublicSubnetId) && cloud !== 'aws') {
    issue(['network', net.existingVpcId ? 'existingVpcId' : net.existingPrivateSubnetIds ? 'existingPrivateSubnetIds' : 'existingPublicSubnetId'],
      `only supported on cloud aws (this config is ${cloud}); remove it to let the stack create the network`);
  } else if (net?.existingVpcId !== undefined) {
    if (!/^vpc-[0-9a-f]{8,17}$/.test(net.existingVpcId)) issue(['network', 'existingVpcId'], 'a VPC id like vpc-0123456789abcdef0');
    const subnets = net.existingPrivateSubnetIds ?? [];
    if (subnets.length < 2) {
      issue(['network', 'existingPrivateSubnetIds'], `an existing VPC needs at least 2 (ideally 3) private subnets in distinct availability zones, with a NAT route to the internet (${subnets.length} given)`);
    }
    subnets.forEach((s, i) => {
      if (!/^subnet-[0-9a-f]{8,17}$/.test(s)) issue(['network', 'existingPrivateSubnetIds', i], 'a subnet id like subnet-0123456789abcdef0');
    });
    if (new Set(subnets).size !== subnets.length) issue(['network', 'existingPrivateSubnetIds'], 'lists a subnet twice');
    if (net.existingPublicSubnetId !== undefined && !/^subnet-[0-9a-f]{8,17}$/.test(net.existingPublicSubnetId)) {
      issue(['network', 'existingPublicSubnetId'], 'a subnet id like subnet-0123456789abcdef0');
    }
  } else if (net?.existingPrivateSubnetIds || net?.existingPublicSubnetId) {
    issue(['network', 'existingVpcId'], 'required when existing subnets are given (the VPC they belong to)');
  }

  if (!BACKENDS[cloud].includes(c.state.backend)) {
    issue(['state', 'backend'], `one of ${BACKENDS[cloud].map((b) => JSON.stringify(b)).join(', ')} on cloud ${cloud}`);
  }
  for (const [k, v] of Object.entries(c.state)) {
    if (typeof v === 'string' && TEMPLATE.test(v)) issue(['state', k], 'must not contain ${ or %{ (backend settings are not templates)');
  }

  const source = c.secrets.brainstoreLicenseKey;
  if (cloud === 'azure' && 'secretRef' in source && !AZURE_SECRET_ID.test(source.secretRef)) {
    issue(['secrets', 'brainstoreLicenseKey', 'secretRef'], 'on Azure, a Key Vault secret resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>');
  }

  c.remoteAccess.grants.forEach((g, i) => {
    const problem = principalProblem(cloud, g.principal);
    if (problem) issue(['remoteAccess', 'grants', i, 'principal'], problem);
    const from = Date.parse(g.grantedAt);
    const to = Date.parse(g.expiresAt);
    if (to <= from) issue(['remoteAccess', 'grants', i, 'expiresAt'], 'must be after grantedAt');
    else if (to - from > MAX_GRANT_MS) issue(['remoteAccess', 'grants', i, 'expiresAt'], `at most ${MAX_GRANT_DAYS} days after grantedAt (support access is for an incident, not standing access)`);
  });

  for (const [k, v] of Object.entries(c.tags ?? {})) {
    if (k.length < 1 || k.length > 128) issue(['tags', k], 'tag names are 1-128 characters');
    if (v.length > 256) issue(['tags', k], 'Too big: expected string to have <=256 characters');
  }
  if (Object.keys(c.tags ?? {}).length > 40) issue(['tags'], 'at most 40 tags (the clouds allow about 50 per resource and the stack adds its own)');
}
