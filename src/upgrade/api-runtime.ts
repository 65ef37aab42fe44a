// `braintrust upgrade --api-runtime ecs|lambda`: moving the AWS API between Lambda and ECS
// Fargate the way the official module's MIGRATION_V6.md does, through the one deploy pipeline
// (each phase shows its plan and asks, or stops without --yes when non-interactive; history
// records each phase).
//
// To ECS:
//   phase 1  api.runtime: lambda, api.standbyRuntime: ecs   both runtimes, traffic on Lambda
//   check    ecs describe-services + elbv2 describe-target-health until ready (--health-timeout)
//   phase 2  api.runtime: ecs, api.standbyRuntime: lambda   CloudFront to the ECS ALB
// Back to Lambda (rollback): api.runtime: lambda, api.standbyRuntime: ecs, one apply (only the
// distribution changes while the Lambda standby is deployed).
// Retiring the standby is a one-field edit: remove api.standbyRuntime and run install.
import type { Ctx } from '../context.js';
import type { HistoryAction, HistoryExtra } from '../state/history.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { ConfigInput } from '../config/schema.js';
import { API_RUNTIMES, apiRuntime, awsApiRuntimeDefaults, type ApiRuntime } from '../config/api-runtime.js';
import { readOutputs } from '../terraform/deployment-state.js';
import { applyChange, changeJson, prepareChange, showChange, type ChangeFlags, type ChangeStatus, type PreparedChange } from '../deploy/settings-change.js';
import type { DeploymentPlan } from '../deploy/plan.js';
import { operationFailed, usageError } from '../ui/errors.js';
import { ecsTargets, probeEcsHealth, type HealthReport } from './api-runtime-health.js';

export interface ApiRuntimeOptions extends ChangeFlags {
  apiRuntime: string;
  /** Seconds to wait for the ECS services to become healthy between the phases (default 900). */
  healthTimeout?: string;
}

const ACTION = 'api-runtime' satisfies HistoryAction;
export const DEFAULT_HEALTH_TIMEOUT_SECONDS = 900;

type Phase = 'phase-1' | 'phase-2' | 'rollback';
interface PhaseResult { phase: Phase; status: ChangeStatus; change: DeploymentPlan }

function parseTimeout(v: string | undefined): number {
  if (v === undefined) return DEFAULT_HEALTH_TIMEOUT_SECONDS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw usageError(`--health-timeout: ${JSON.stringify(v)} is not a whole number of seconds`, 'Pass e.g. --health-timeout 900 (0 checks once).');
  return n;
}

/** The edit of one phase, as a function of the raw config. */
function setRuntimes(runtime: ApiRuntime, standby: ApiRuntime, tier: 'testing' | 'production') {
  return (raw: ConfigInput) => {
    raw.api.runtime = runtime;
    raw.api.standbyRuntime = standby;
    // ECS sized for the tier (the official 1 vCPU fails the production seed rows) unless set.
    raw.api.ecs ??= awsApiRuntimeDefaults(tier).ecs;
  };
}

export async function runApiRuntime(ctx: Ctx, opts: ApiRuntimeOptions): Promise<number> {
  const target = opts.apiRuntime as ApiRuntime;
  if (!API_RUNTIMES.includes(target)) {
    throw usageError(`--api-runtime: ${JSON.stringify(opts.apiRuntime)} is not a runtime`, `Pass --api-runtime ${API_RUNTIMES.join(' or --api-runtime ')}.`);
  }
  const timeout = parseTimeout(opts.healthTimeout);
  const loaded = await loadConfig(ctx.globals.config);
  const { config } = loaded;
  if (config.cloud !== 'aws') {
    throw usageError(`--api-runtime applies to AWS deployments only (this one is ${config.cloud})`, 'On GCP, Azure and docker the API runs as containers already.');
  }
  const current = apiRuntime(config);
  const standby = config.api.standbyRuntime;
  const results: PhaseResult[] = [];
  const outputs = (await readOutputs(loaded.path)) ?? {};

  const phase = async (from: LoadedConfig, p: Phase, runtime: ApiRuntime, standbyRuntime: ApiRuntime, extra: HistoryExtra<'api-runtime'> = {}) => {
    const prepared = await prepareChange(from, setRuntimes(runtime, standbyRuntime, config.tier), { outputs, cwd: ctx.cwd, action: ACTION, flags: opts });
    ctx.io.emit('upgrade.api-runtime.phase', { phase: p });
    showChange(ctx, prepared);
    const r = await applyChange(ctx, prepared, opts, { action: ACTION, historyExtra: { phase: p, apiRuntime: { from: current, to: target }, ...extra } });
    results.push({ phase: p, status: r.status, change: changeJson(prepared) });
    return { prepared, status: r.status };
  };
  const done = (status: string, health?: HealthReport) => {
    ctx.io.emit('upgrade.api-runtime.result', { from: current, to: target, status, phases: results, ...(health ? { health } : {}) });
    return 0;
  };

  if (target === 'lambda') {
    if (current === 'lambda') {
      ctx.io.emit('upgrade.api-runtime.already-lambda', { ecsStandby: standby === 'ecs' });
      return done('unchanged');
    }
    if (standby !== 'lambda') ctx.io.emit('upgrade.api-runtime.no-lambda-standby');
    const { status } = await phase(loaded, 'rollback', 'lambda', 'ecs');
    if (status === 'applied') ctx.io.emit('upgrade.api-runtime.on-lambda');
    return done(status);
  }

  if (current === 'ecs') {
    ctx.io.emit('upgrade.api-runtime.already-ecs', { lambdaStandby: standby === 'lambda' });
    return done('unchanged');
  }

  // Phase 1 (skipped when a previous run applied it and stopped before phase 2).
  let base = loaded;
  if (standby !== 'ecs') {
    const r = await phase(loaded, 'phase-1', 'lambda', 'ecs');
    if (r.status === 'dry-run') {
      // Phase 2 as a plan too, on top of phase 1 (nothing applied).
      await phase(r.prepared.after, 'phase-2', 'ecs', 'lambda');
      ctx.io.emit('upgrade.api-runtime.dry-run-done');
      return done('dry-run');
    }
    if (r.status !== 'applied') {
      ctx.io.emit('upgrade.api-runtime.phase-1-stopped', { status: r.status });
      return done(r.status);
    }
    base = r.prepared.after;
  } else {
    ctx.io.emit('upgrade.api-runtime.phase-1-found');
    if (opts.dryRun) {
      await phase(loaded, 'phase-2', 'ecs', 'lambda');
      return done('dry-run');
    }
  }

  const afterPhase1 = (await readOutputs(loaded.path)) ?? outputs;
  ctx.io.emit('upgrade.api-runtime.health-check');
  const health: HealthReport = await probeEcsHealth(ctx, base.config, ecsTargets(base.config, afterPhase1), { timeoutSeconds: timeout });
  ctx.io.emit('upgrade.api-runtime.health', health);
  if (!health.healthy) {
    throw operationFailed('The ECS API services are not healthy: traffic stays on Lambda', 'Look at the services in the ECS console or their log groups (/braintrust/<name>/braintrust-api*), fix the cause, and re-run `braintrust upgrade --api-runtime ecs` (phase 1 stays applied; the check and phase 2 run again). `--health-timeout` waits longer.',
      health.lines, 'ECS_UNHEALTHY');
  }
  const fresh = await loadConfig(loaded.path);
  const r2 = await phase(fresh, 'phase-2', 'ecs', 'lambda', { health: health.lines });
  if (r2.status === 'applied') ctx.io.emit('upgrade.api-runtime.on-ecs');
  return done(r2.status, health);
}

export type { PreparedChange };
