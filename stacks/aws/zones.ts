// Where the stack's subnets go: the config's `zones` (round-robin over the subnets) when set,
// else the region's first regular availability zones, read at plan time. Regular AZs only: an
// opted-in Local Zone (us-east-1-bos-1a...) can come first in the list, and most of what this
// stack puts in the subnets (RDS, ElastiCache, c8gd) is not offered there.
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import type { Config } from '../../src/config/schema.js';

/** The zone of subnet `i`. Creates the `azs` data source in `scope` only when `zones` is unset. */
export function subnetZone(scope: Construct, config: Config): (i: number) => string {
  const zones = config.zones;
  if (zones?.length) return (i) => zones[i % zones.length];
  const azs = new DataAwsAvailabilityZones(scope, 'azs', {
    state: 'available',
    filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
  });
  return (i) => Fn.element(azs.names, i);
}
