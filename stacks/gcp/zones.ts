// Where zonal pieces go when the config pins `zones`: the database's and cache's primary zone
// is the first, their standby the second (when there is one). Unset: Google picks, as before.
import type { Config } from '../../src/config/schema.js';

/** Cloud SQL settings.location_preference: zone, and the HA standby's secondary_zone. */
export function sqlLocationPreference(config: Config): { locationPreference?: { zone: string; secondaryZone?: string } } {
  const z = config.zones;
  if (!z?.length) return {};
  const secondary = config.tier === 'production' && z.length > 1 ? { secondaryZone: z[1] } : {};
  return { locationPreference: { zone: z[0], ...secondary } };
}

/** Memorystore location_id and, for STANDARD_HA, the replica's alternative_location_id. */
export function memorystoreLocation(config: Config, tier: string): { locationId?: string; alternativeLocationId?: string } {
  const z = config.zones;
  if (!z?.length) return {};
  return { locationId: z[0], ...(tier === 'STANDARD_HA' && z.length > 1 ? { alternativeLocationId: z[1] } : {}) };
}
