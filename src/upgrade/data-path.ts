// What `upgrade` says about the one-way data path settings: a deployment installed before they
// were the default keeps running without them (switching is one-way), and the upgrade says so.
import type { Config } from '../config/schema.js';

export function dataPathNotes(config: Config): string[] {
  const { skipPgForObjects, walFooterVersion } = config.brainstore;
  const missing = [
    ...(skipPgForObjects === undefined ? ['brainstore.skipPgForObjects (SKIP_PG_FOR_BRAINSTORE_OBJECTS)'] : []),
    ...(walFooterVersion === undefined ? ['brainstore.walFooterVersion (BRAINSTORE_WAL_FOOTER_VERSION)'] : []),
  ];
  if (!missing.length) return [];
  return [
    `This deployment keeps its current data path: ${missing.join(' and ')} not set. New installs use "all" and "v3"; the switch is one-way, so upgrade does not change it. Set them only after a v2.x release runs, and as Braintrust's v2 upgrade guide describes.`,
  ];
}
