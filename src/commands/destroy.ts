// `braintrust destroy`: typed confirmation of the deployment name (or --yes). Data stores
// (databases, caches, buckets) are refused unless --delete-data, which first lifts their
// deletion protection with an apply and then destroys.
import type { Ctx, Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { readOutputs } from '../terraform/deployment-state.js';
import { planDeployment } from '../deploy/plan.js';
import { applyDestroyPlan } from '../deploy/apply.js';
import { isDeployed } from '../deploy/settings-change.js';
import { withLock } from '../state/lock.js';
import { checkOutDir } from '../deploy/config-edit.js';
import type { PlanSummary } from '../terraform/events.js';
import { DATA_STORE_TYPES } from '../../stacks/common/allow-data-deletion.js';
import { BraintrustError, interrupted, usageError } from '../ui/errors.js';
import type { DestroyOptions } from './destroy.spec.js';

async function confirmName(ctx: Ctx, name: string): Promise<void> {
  if (ctx.globals.yes) return;
  if (!ctx.prompt.enabled) {
    throw usageError(`Refusing to destroy ${name} without confirmation`, 'Pass --yes to confirm in a non-interactive run.');
  }
  const typed = await ctx.prompt.input({ message: `This destroys the data plane "${name}". Type its name to confirm`, flag: '--yes' });
  if (typed.trim() !== name) throw interrupted(`Typed "${typed}", not "${name}": nothing was destroyed.`);
}

export function protectedDataStores(plan: PlanSummary): string[] {
  return plan.changes
    .filter((c) => (c.action === 'delete' || c.action === 'replace') && DATA_STORE_TYPES.has(c.type))
    .map((c) => c.address);
}

export const run: Handler<DestroyOptions> = async (ctx, opts) => {
  checkOutDir(opts.out);
  return withLock(ctx.globals.config, 'destroy', () => destroy(ctx, opts));
};

async function destroy(ctx: Ctx, opts: DestroyOptions): Promise<number> {
  const loaded = await loadConfig(ctx.globals.config);
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const plan = planDeployment({ action: 'destroy', before: loaded, outputs, deployed: isDeployed(loaded.path, outputs), destroy: true, deleteData: opts.deleteData });
  await confirmName(ctx, plan.name);
  if (opts.deleteData) ctx.io.emit('destroy.delete-data');
  const result = await applyDestroyPlan(ctx, plan, {
    config: loaded.config,
    configPath: loaded.path,
    configSha256: loaded.sha256,
    outDir: opts.out,
    onPlan: (tfPlan) => {
      const stores = protectedDataStores(tfPlan);
      if (stores.length && !opts.deleteData) {
        throw new BraintrustError(`Refusing to destroy ${stores.length} data store(s) protected by deletion protection`, {
          code: 'DATA_PROTECTED',
          details: stores,
          hint: 'Back up what you need, then re-run with --delete-data to delete them too (irreversible).',
        });
      }
    },
  });
  ctx.io.emit('destroy.result', { ok: true, status: result.status, destroyed: result.plan?.destroy ?? 0, ...plan });
  return 0;
}
