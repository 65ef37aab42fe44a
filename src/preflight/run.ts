// runPreflight: config -> inventory -> the cloud's checks -> doctor's concurrent runner (per-check
// timeouts) -> {ok, checks, suggestedZones}. A missing cloud CLI is exit 3 before any check runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { inventoryOf } from '../cost/inventory.js';
import { parseTimeout } from '../doctor/run.js';
import { runChecks } from '../doctor/runner.js';
import type { CheckResult, DoctorContext } from '../doctor/types.js';
import { CloudCli, type CloudTool } from './cloud-cli.js';
import type { Preflight } from './types.js';

export const PREFLIGHT_TIMEOUT_S = '60';

export interface PreflightOptions {
  /** Seconds per check. */
  timeout?: string;
}

export interface PreflightReport {
  ok: boolean;
  checks: CheckResult[];
  /** Zones where every instance type is offered (put them in `zones:`). */
  suggestedZones?: string[];
}

const TOOLS: Record<string, CloudTool> = { aws: 'aws', gcp: 'gcloud', azure: 'az' };

/** Resource types of the synthesized stack, synthesized into a temporary directory. */
async function synthResourceTypes(config: Config): Promise<string[]> {
  const { synthDeployment } = await import('../../stacks/synth.js');
  const dir = await mkdtemp(join(tmpdir(), 'braintrust-preflight-'));
  try {
    const synth = await synthDeployment(config, dir);
    return Object.keys(synth.json.resource ?? {}).sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runPreflight(ctx: Ctx, opts: PreflightOptions, config?: Config): Promise<{ report: PreflightReport; durationMs: number }> {
  const timeoutMs = parseTimeout(opts.timeout ?? PREFLIGHT_TIMEOUT_S);
  const cfg = config ?? (await loadConfig(resolve(ctx.cwd, ctx.globals.config))).config;
  const started = performance.now();
  const tool = TOOLS[cfg.cloud];
  if (!tool) {
    const skipped: CheckResult = { id: 'cloud', group: 'cloud', title: 'Cloud account', status: 'skip', detail: 'docker deployments have no cloud account to check', hint: '', durationMs: 0 };
    return { report: { ok: true, checks: [skipped] }, durationMs: 0 };
  }
  const { requireTool, runTool } = await import('../access/tools.js');
  const file = await requireTool(tool, ctx.env, `preflight asks ${tool} about the account`);
  const cli = new CloudCli(tool, (args) => runTool(file, args, { env: ctx.env, timeoutMs, signal: ctx.signal }));
  let types: Promise<string[]> | undefined;
  const pf: Preflight = {
    config: cfg,
    inventory: inventoryOf(cfg),
    cli,
    resourceTypes: () => (types ??= synthResourceTypes(cfg)),
  };
  void pf.resourceTypes().catch(() => undefined); // synthesize while the other checks ask the cloud
  const factory = cfg.cloud === 'aws' ? (await import('./aws.js')).awsChecks
    : cfg.cloud === 'gcp' ? (await import('./gcp.js')).gcpChecks
      : (await import('./azure.js')).azureChecks;
  // The runner reads only `secrets` from the doctor context; preflight checks close over `pf`.
  const dc = { secrets: [] } as unknown as DoctorContext;
  const checks = await runChecks(factory(pf), dc, { timeoutMs, signal: ctx.signal });
  if (ctx.signal.aborted) throw ctx.signal.reason;
  return {
    report: { ok: checks.every((c) => c.status !== 'fail'), checks, ...(pf.suggestedZones?.length ? { suggestedZones: pf.suggestedZones } : {}) },
    durationMs: Math.round(performance.now() - started),
  };
}
