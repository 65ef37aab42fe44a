// `braintrust install`: validate + sizing, synthesize, and (unless --dry-run) terraform
// init -> plan -> confirm -> apply through the one deployment pipeline.
import { relative } from 'node:path';
import type { Handler } from '../context.js';
import type { DeployResult } from '../terraform/pipeline.js';
import { checkOutDir, editConfig, loadForDeploy } from '../deploy/config-edit.js';
import { parseIntFlag } from './flag-checks.js';
import { renderFindings } from '../ui/findings.js';
import { readHistory } from '../terraform/deployment-state.js';
import { isFirstInstall } from '../deploy/first-install.js';
import { deployInPhases } from '../deploy/install-phases.js';
import { gatePreflight } from '../preflight/gate.js';
import { costOf, type CostEstimate } from '../cost/estimate.js';
import { renderCost } from '../cost/render.js';
import { withLock } from '../state/lock.js';
import { usageError } from '../ui/errors.js';
import type { InstallOptions } from './install.spec.js';

export const run: Handler<InstallOptions> = async (ctx, opts) => {
  if (opts.dryRun && opts.planOnly) {
    throw usageError('--dry-run and --plan-only cannot be combined', 'Pass --dry-run to synthesize only (no terraform), or --plan-only to run terraform init and plan.');
  }
  checkOutDir(opts.out);
  const maxRequests = parseIntFlag('--outbound-rate-limit-max-requests', opts.outboundRateLimitMaxRequests, 0, undefined, '0 disables rate limiting');
  const windowMinutes = parseIntFlag('--outbound-rate-limit-window-minutes', opts.outboundRateLimitWindowMinutes, 1);
  // One run per config at a time: the lock covers the config read, synth and apply.
  return withLock(ctx.globals.config, 'install', () => install(ctx, opts, maxRequests, windowMinutes));
};

/** --out names the directory the stacks are written to: an empty value would mean the current directory. */
async function install(ctx: Parameters<Handler>[0], opts: InstallOptions, maxRequests: number | undefined, windowMinutes: number | undefined): Promise<number> {
  let { loaded, usedExample } = await loadForDeploy(ctx, { dryRun: opts.dryRun });
  let configChange;
  if (maxRequests !== undefined || windowMinutes !== undefined) {
    const edited = await editConfig(loaded, (raw) => {
      raw.rateLimit = {
        ...raw.rateLimit,
        ...(maxRequests !== undefined ? { maxRequests } : {}),
        ...(windowMinutes !== undefined ? { windowMinutes } : {}),
      };
    });
    loaded = edited.loaded;
    if (!usedExample) configChange = edited.change;
  }
  const { config } = loaded;
  const firstInstall = isFirstInstall(await readHistory(loaded.path));
  const preflight = await gatePreflight(ctx, config, opts);
  // A first install on Azure runs in phases (infrastructure, PostgreSQL restart, release).
  const result = await deployInPhases(ctx, {
    action: 'install',
    config,
    configPath: loaded.path,
    configSha256: loaded.sha256,
    outDir: opts.out,
    dryRun: opts.dryRun,
    planOnly: opts.planOnly,
    allowUndersized: opts.allowUndersized,
    reinit: opts.reinit,
    configChange,
    historyExtra: preflight,
  }, firstInstall);
  const cost = result.status === 'dry-run' ? await costOf(config) : undefined;
  report(ctx, result, { usedExample, cloud: config.cloud, tier: config.tier, name: config.name, cost });
  return 0;
}

function report(ctx: Parameters<Handler>[0], r: DeployResult, meta: { usedExample: boolean; cloud: string; tier: string; name: string; cost?: CostEstimate }): void {
  const total = Object.values(r.resources).reduce((a, b) => a + b, 0);
  const plan = r.plan && {
    add: r.plan.add, change: r.plan.change, destroy: r.plan.destroy,
    replaced: r.plan.replaced, destroyed: r.plan.destroyed,
    changes: r.plan.changes.filter((c) => c.action !== 'noop' && c.action !== 'read').map((c) => ({ address: c.address, action: c.action })),
  };
  ctx.out.result({
    ok: true,
    status: r.status,
    name: meta.name,
    cloud: meta.cloud,
    tier: meta.tier,
    usedExample: meta.usedExample,
    stackDir: r.stackDir,
    files: r.files,
    resources: r.resources,
    totalResources: total,
    findings: r.findings,
    ...(plan ? { plan } : {}),
    ...(r.outputs ? { outputs: r.outputs } : {}),
    ...(meta.cost ? { cost: meta.cost } : {}),
  });
  if (ctx.globals.json) return;
  if (meta.cloud === 'docker') {
    renderFindings(ctx.out, r.findings);
    ctx.out.print();
    ctx.out.print(`Wrote ${r.files.map((f) => relative(ctx.cwd, f) || f).join(', ')} for ${meta.name} (single-host evaluation).`);
    ctx.out.print(`Start it with: cd ${relative(ctx.cwd, r.stackDir) || '.'} && docker compose up -d`);
    return;
  }
  if (r.status === 'dry-run') {
    // Code-point order, not localeCompare: loading ICU's collator costs ~50 ms of every dry run.
    const rows = Object.entries(r.resources).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t, n]) => [t, String(n)]);
    if (rows.length) ctx.out.table(['resource type', 'count'], rows);
    ctx.out.print();
    renderFindings(ctx.out, r.findings);
    ctx.out.print();
    if (meta.cost) renderCost(ctx.out, meta.cost, { brief: true });
    ctx.out.print(`Dry run: ${total} resources for ${meta.name} (${meta.cloud}, ${meta.tier}) written to ${relative(ctx.cwd, r.stackDir) || r.stackDir}`);
    ctx.out.print('Nothing was deployed. Run without --dry-run to plan and apply with terraform.');
  }
}
