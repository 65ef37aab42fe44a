// `braintrust install`: validate + sizing, synthesize, and (unless --dry-run) terraform
// init -> plan -> confirm -> apply through the one deployment pipeline.
import { relative } from 'node:path';
import type { Ctx, Handler } from '../context.js';
import type { DeployResult } from '../terraform/pipeline.js';
import { checkOutDir, editConfig, loadForDeploy } from '../deploy/config-edit.js';
import { parseIntFlag } from './flag-checks.js';
import { readHistory, readOutputs } from '../terraform/deployment-state.js';
import { isFirstInstall } from '../deploy/first-install.js';
import { dnsRecordLines, ingressDnsRecords } from '../deploy/ingress-dns.js';
import { readPhaseProgress } from '../deploy/install-phases.js';
import { planDeployment, type DeploymentPlan } from '../deploy/plan.js';
import { applyInstallPlan } from '../deploy/apply.js';
import { rateLimitEdit } from '../deploy/edits.js';
import { isDeployed } from '../deploy/settings-change.js';
import { gatePreflight } from '../preflight/gate.js';
import { costOf, type CostEstimate } from '../cost/estimate.js';
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

async function install(ctx: Ctx, opts: InstallOptions, maxRequests: number | undefined, windowMinutes: number | undefined): Promise<number> {
  const { loaded, usedExample } = await loadForDeploy(ctx, { dryRun: opts.dryRun });
  // The rate-limit flags are the one config edit install makes (the same edit as `rate-limit set`).
  const edited = maxRequests !== undefined || windowMinutes !== undefined ? await editConfig(loaded, rateLimitEdit({ maxRequests, windowMinutes })) : undefined;
  const after = edited?.loaded ?? loaded;
  const [history, outputs, phaseProgress] = await Promise.all([readHistory(loaded.path), readOutputs(loaded.path), readPhaseProgress(loaded.path)]);
  const plan = planDeployment({
    action: 'install',
    before: loaded,
    after,
    outputs: outputs ?? {},
    deployed: isDeployed(loaded.path, outputs ?? {}),
    // An unfinished phased install resumes in phases.
    firstInstall: isFirstInstall(history) || phaseProgress !== undefined,
    resumePhases: phaseProgress?.phases,
    dryRun: opts.dryRun,
    planOnly: opts.planOnly,
    displayName: relative(ctx.cwd, loaded.path) || loaded.path,
  });
  const { config } = after;
  const preflight = await gatePreflight(ctx, config, opts);
  const result = await applyInstallPlan(ctx, plan, {
    config,
    configPath: after.path,
    configSha256: after.sha256,
    outDir: opts.out,
    allowUndersized: opts.allowUndersized,
    reinit: opts.reinit,
    // The shipped example is never written back.
    configChange: usedExample ? undefined : edited?.change,
    historyExtra: preflight,
  }, { progress: phaseProgress, outputs });
  const cost = result.status === 'dry-run' ? await costOf(config) : undefined;
  report(ctx, plan, result, { usedExample, cost });
  return 0;
}

function report(ctx: Ctx, deployment: DeploymentPlan, r: DeployResult, meta: { usedExample: boolean; cost?: CostEstimate }): void {
  const plan = r.plan && {
    add: r.plan.add, change: r.plan.change, destroy: r.plan.destroy,
    replaced: r.plan.replaced, destroyed: r.plan.destroyed,
    changes: r.plan.changes.filter((c) => c.action !== 'noop' && c.action !== 'read').map((c) => ({ address: c.address, action: c.action })),
  };
  // With --json the plan value (schemaVersion, action, mode, config diff, env, findings, phases)
  // and the result; otherwise the summary, and after an apply the API URL and the DNS records
  // (AWS: certificate validation and endpoint; GCP and Azure: their dns_records).
  ctx.io.emit('install.result', {
    deployment,
    status: r.status,
    stackDir: r.stackDir,
    files: r.files,
    resources: r.resources,
    findings: r.findings,
    ...(plan ? { plan } : {}),
    ...(r.outputs ? { outputs: r.outputs } : {}),
    dnsRecords: r.outputs ? ingressDnsRecords(r.outputs) : [],
    dnsRecordLines: dnsRecordLines(r.outputs),
    usedExample: meta.usedExample,
    ...(meta.cost ? { cost: meta.cost } : {}),
    cwd: ctx.cwd,
  });
}
