// Steps the official modules leave as manual work after the first apply, done by `install`
// (the phases in src/deploy/install-phases.ts). Azure: PostgreSQL Flexible Server only loads
// shared_preload_libraries (pg_cron) after a restart, so the official module's README asks for
// `az postgres flexible-server restart` once after the first deploy (README, step 2).
import type { Config } from '../config/schema.js';
import type { HistoryEntry } from '../terraform/deployment-state.js';

export function isFirstInstall(history: HistoryEntry[]): boolean {
  return !history.some((h) => h.action === 'install' && h.result === 'success');
}

/** The restart command for this deployment, from its outputs (undefined when not Azure). */
export function azurePostgresRestartArgs(config: Config, outputs: Record<string, unknown>): string[] | undefined {
  if (config.cloud !== 'azure') return undefined;
  const host = typeof outputs.postgres_host === 'string' ? outputs.postgres_host : '';
  const group = typeof outputs.resource_group === 'string' ? outputs.resource_group : '';
  if (!host || !group) return undefined;
  return ['postgres', 'flexible-server', 'restart', '--resource-group', group, '--name', host.split('.')[0]];
}
