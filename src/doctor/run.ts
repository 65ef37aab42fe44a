// runDoctor: options → selected checks → context → concurrent run → report. Shared by
// `braintrust doctor` and `braintrust support bundle` (which embeds the JSON report).
import type { Ctx } from '../context.js';
import type { ViaChoice } from '../access/tunnel.js';
import { usageError } from '../ui/errors.js';
import { selectChecks } from './checks/index.js';
import { loadDoctorContext } from './context.js';
import { DEFAULT_TIMEOUT_MS, runChecks } from './runner.js';
import type { CheckResult, CheckStatus, DoctorCheck, DoctorContext } from './types.js';

export interface DoctorOptions {
  only?: string;
  skip?: string;
  /** Seconds per check. */
  timeout?: string;
  via?: ViaChoice;
  postgresUrl?: string;
  redisUrl?: string;
  bucketEndpoint?: string;
  manifest?: string;
  offline?: boolean;
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

export interface DoctorRun {
  report: DoctorReport;
  context: DoctorContext;
  durationMs: number;
}

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0 || s > 3600) {
    throw usageError(`--timeout ${JSON.stringify(value)} is not a number of seconds`, 'Pass seconds per check, e.g. --timeout 10 (default) or --timeout 2.5.');
  }
  return Math.round(s * 1000);
}

export function countStatuses(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const n: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) n[c.status] += 1;
  return n;
}

/** The flags, checked (usage errors, exit 2) without running anything. */
export function validateDoctorOptions(opts: DoctorOptions): { checks: DoctorCheck[]; timeoutMs: number; via: ViaChoice } {
  const checks = selectChecks(opts.only, opts.skip);
  const timeoutMs = parseTimeout(opts.timeout);
  const via = opts.via ?? 'auto';
  if (via !== 'auto' && via !== 'direct') throw usageError(`--via ${JSON.stringify(via)} is not allowed`, 'Use --via auto (the cloud tunnel) or --via direct.');
  return { checks, timeoutMs, via };
}

export async function runDoctor(ctx: Ctx, opts: DoctorOptions, onResult?: (r: CheckResult) => void): Promise<DoctorRun> {
  const { checks, timeoutMs, via } = validateDoctorOptions(opts);
  // A password in a URL flag is visible in `ps`: refused (exit 2) before anything connects.
  const { refuseUrlPassword } = await import('../access/endpoints.js');
  refuseUrlPassword(opts.postgresUrl, '--postgres-url', 'BRAINTRUST_PG_PASSWORD');
  refuseUrlPassword(opts.redisUrl, '--redis-url', 'BRAINTRUST_REDIS_PASSWORD');
  const context = await loadDoctorContext(ctx, {
    via, postgresUrl: opts.postgresUrl, redisUrl: opts.redisUrl, bucketEndpoint: opts.bucketEndpoint, manifest: opts.manifest, offline: opts.offline,
  }, timeoutMs);
  const started = performance.now();
  const results = await runChecks(checks, context, { timeoutMs, signal: ctx.signal, onResult });
  if (ctx.signal.aborted) throw ctx.signal.reason;
  return {
    report: { ok: results.every((r) => r.status !== 'fail'), checks: results },
    context,
    durationMs: Math.round(performance.now() - started),
  };
}
