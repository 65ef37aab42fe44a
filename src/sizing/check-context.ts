// What the per-component checks share: the resolved context and the hint helpers.
import type { Cloud, Config, Tier } from '../config/schema.js';
import type { SizingDefaults } from '../config/defaults.js';
import { lookupInstance, type InstanceSpec, type Role } from './catalog/index.js';
import { finding, type Finding } from './findings.js';
import { requirement, type Component } from './requirements.js';
import { groupThousands } from './number-format.js';

export interface CheckContext {
  config: Config;
  cloud: Cloud;
  tier: Tier;
  /** Resolved instance specs by config field path (none for docker). */
  specs: Map<string, InstanceSpec>;
  /** The passing defaults for this cloud and tier: the source of "use X" hints. */
  defaults: SizingDefaults;
}

/** GCP and Azure run the API and Brainstore on Kubernetes (GKE, AKS). */
export function isKubernetesCloud(cloud: Cloud): boolean {
  return cloud === 'gcp' || cloud === 'azure';
}

export function describeSpec(s: InstanceSpec): string {
  const disk = s.localDisk === 'nvme' ? `, ${groupThousands(s.nvmeGB)} GB NVMe` : '';
  return `${s.name} (${s.vcpu} vCPU, ${s.memoryGiB} GiB${disk})`;
}

/** "use <type> (vCPU, GiB) or larger", naming a type that passes (the tier's default). */
export function suggest(ctx: CheckContext, role: Role, type: string): string {
  const spec = lookupInstance(ctx.cloud, role, type);
  return `use ${spec ? describeSpec(spec) : type} or larger`;
}

/** A host-hardware row under docker: not checkable, so a warning that the host must provide it. */
export function hostRow(
  ctx: CheckContext,
  component: Component,
  row: string,
  what: string,
  opts: { check?: string; actual?: Finding['actual']; field?: string } = {},
): Finding {
  const req = requirement(component, row, ctx.tier);
  const needed = typeof req.value === 'number' ? `${groupThousands(req.value)}+${req.unit ? ` ${req.unit}` : ''}` : `${req.value} storage`;
  return finding(component, opts.check ?? row, 'warn', req.value, opts.actual ?? null,
    `the Docker host must provide ${needed} for ${what} (host hardware is not checked under docker)`,
    { unit: req.unit, field: opts.field });
}
