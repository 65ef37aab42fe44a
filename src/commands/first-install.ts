// Steps the official modules leave as manual work after the first apply, done by `install`.
// Azure: PostgreSQL Flexible Server only loads shared_preload_libraries (pg_cron) after a
// restart, so the official module's README asks for `az postgres flexible-server restart` once
// after the first deploy (terraform-azure-braintrust-data-plane README, step 2).
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import type { HistoryEntry } from '../terraform/deployment-state.js';
import { findExecutable, runTool } from '../access/tools.js';

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

/** Never fails the install (the apply succeeded): a step it cannot do is printed to run by hand. */
export async function afterFirstInstall(ctx: Ctx, config: Config, outputs: Record<string, unknown>): Promise<void> {
  const args = azurePostgresRestartArgs(config, outputs);
  if (!args) return;
  const manual = `az ${args.join(' ')}`;
  const az = await findExecutable('az', ctx.env);
  if (!az) {
    ctx.out.warn(`First install on Azure: restart PostgreSQL once so pg_cron loads. The az CLI is not on PATH; run: ${manual}`);
    return;
  }
  const spinner = await ctx.out.spinner('First install: restarting PostgreSQL so shared_preload_libraries (pg_cron) take effect');
  const r = await runTool(az, args, { env: ctx.env, signal: ctx.signal, timeoutMs: 15 * 60_000 }).catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message }));
  if (r.exitCode === 0) spinner.succeed('PostgreSQL restarted');
  else spinner.fail(`PostgreSQL restart failed (${r.stderr.trim().split('\n')[0] || `exit ${r.exitCode}`}); run: ${manual}`);
}
