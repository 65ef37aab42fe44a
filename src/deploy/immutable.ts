// Settings that cannot change once a deployment exists: terraform would replace (or could not
// change) what they shape, taking the data with it. A change to one is refused unless the user
// passes --force-replace and confirms again.
import type { Config } from '../config/schema.js';
import { getAt } from '../config/keys.js';

export interface ImmutableSetting {
  key: string;
  /** What terraform would replace (or why the change cannot work). */
  replaces: string;
}

export const IMMUTABLE_SETTINGS: ImmutableSetting[] = [
  { key: 'name', replaces: 'every resource: all names are prefixed with it (databases, buckets and their data included)' },
  { key: 'cloud', replaces: 'the whole deployment, in another cloud (migrate the data yourself first)' },
  { key: 'region', replaces: 'every regional resource: the database, Redis, buckets and clusters are recreated empty in the new region' },
  { key: 'network.cidr', replaces: 'the VPC/VNet and everything in it: database, Redis, cluster or Brainstore nodes' },
  { key: 'network.existingVpcId', replaces: 'the database, Redis and every instance attached to the old network' },
  { key: 'network.existingPrivateSubnetIds', replaces: 'the database subnet group, Redis and Brainstore nodes in those subnets' },
];

export interface ImmutableChange extends ImmutableSetting {
  before: unknown;
  after: unknown;
}

/** The immutable settings that differ between two configs. */
export function immutableChanges(before: Config, after: Config): ImmutableChange[] {
  return IMMUTABLE_SETTINGS.flatMap((s) => {
    const [a, b] = [getAt(before, s.key), getAt(after, s.key)];
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ ...s, before: a, after: b }];
  });
}
