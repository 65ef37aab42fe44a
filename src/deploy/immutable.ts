// Settings that cannot change once a deployment exists: terraform would replace (or could not
// change) what they shape, taking the data with it. A change to one is refused unless the user
// passes --force-replace and confirms again.
import type { Config } from '../config/schema.js';
import { getAt } from '../config/keys.js';
import { locksBackend } from '../config/scaling-schema.js';

export interface ImmutableSetting {
  key: string;
  /** What terraform would replace (or why the change cannot work). */
  replaces: string;
  /** The value in effect when it differs from the field (a per-target default); compared instead of the field. */
  effective?: (c: Config) => unknown;
  /** One-way: only a change away from an unset or "" value is allowed (turning it on). */
  oneWay?: boolean;
}

export const IMMUTABLE_SETTINGS: ImmutableSetting[] = [
  { key: 'name', replaces: 'every resource: all names are prefixed with it (databases, buckets and their data included)' },
  { key: 'cloud', replaces: 'the whole deployment, in another cloud (migrate the data yourself first)' },
  { key: 'region', replaces: 'every regional resource: the database, Redis, buckets and clusters are recreated empty in the new region' },
  { key: 'network.cidr', replaces: 'the VPC/VNet and everything in it: database, Redis, cluster or Brainstore nodes' },
  { key: 'network.existingVpcId', replaces: 'the database, Redis and every instance attached to the old network' },
  { key: 'network.existingPrivateSubnetIds', replaces: 'the database subnet group, Redis and Brainstore nodes in those subnets' },
  {
    key: 'scaling.locksBackend',
    replaces: 'no resource, but moves Brainstore\'s locks to another store under running writers (the chart warns of data corruption on an existing deployment)',
    effective: locksBackend,
  },
  {
    key: 'brainstore.skipPgForObjects',
    replaces: 'no resource, but objects already written to Brainstore only cannot go back to Postgres without downtime (one-way: turning it on is allowed, changing or turning it off is not)',
    oneWay: true,
  },
];

export interface ImmutableChange extends ImmutableSetting {
  before: unknown;
  after: unknown;
}

/** The immutable settings that differ between two configs. */
export function immutableChanges(before: Config, after: Config): ImmutableChange[] {
  return IMMUTABLE_SETTINGS.flatMap((s) => {
    const value = (c: Config) => (s.effective ? s.effective(c) : getAt(c, s.key));
    const [a, b] = [value(before), value(after)];
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    if (s.oneWay && (a === undefined || a === '')) return [];
    return [{ ...s, before: a, after: b }];
  });
}
