// Runs doctor checks concurrently (up to `concurrency` at once), each with its own timeout. A
// check that overruns is reported as failed, and its AbortSignal fires so it closes its
// sockets and tunnels; the others carry on. The whole run takes about as long as the slowest
// check. Every detail and hint is passed through redactForSupport before it is returned.
import { BraintrustError } from '../ui/errors.js';
import { describeError, formatSeconds } from './units.js';
import { redactForSupport } from '../access/redact.js';
import { CheckSkipped, fail, skip, type CheckOutcome, type CheckResult, type DoctorCheck, type DoctorContext } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 16;
/** After a timeout, how long a check may take to close what it opened before we move on. */
const CLEANUP_GRACE_MS = 1000;

export interface RunChecksOptions {
  timeoutMs: number;
  concurrency?: number;
  /** Ctrl-C: aborts every running check. */
  signal?: AbortSignal;
  /** Called as each check finishes (progress). */
  onResult?: (r: CheckResult) => void;
}

/** Results in the order of `checks`, whatever order they finish in. */
export async function runChecks(checks: readonly DoctorCheck[], dc: DoctorContext, opts: RunChecksOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < checks.length) {
      const i = next++;
      results[i] = await runCheck(checks[i], dc, opts);
      opts.onResult?.(results[i]);
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, checks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

const TIMED_OUT = Symbol('timed out');

export async function runCheck(check: DoctorCheck, dc: DoctorContext, opts: RunChecksOptions): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  // any(): follows Ctrl-C without adding a listener per check to the shared signal.
  const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), opts.timeoutMs); });
  // then(): a check that throws synchronously is reported like one that rejects.
  const work = Promise.resolve().then(() => check.run(dc, signal));
  let outcome: CheckOutcome;
  try {
    const first = await Promise.race([work, deadline]);
    if (first === TIMED_OUT) {
      controller.abort(new Error(`${check.id} timed out`));
      outcome = fail(`timed out after ${formatSeconds(opts.timeoutMs)}`,
        `No answer within ${formatSeconds(opts.timeoutMs)}: check the network path (VPN, tunnel, firewall or security group), or allow more time with --timeout SECONDS.`);
      await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, CLEANUP_GRACE_MS).unref())]);
    } else {
      outcome = first;
    }
  } catch (e) {
    outcome = outcomeOfError(e, check);
  } finally {
    clearTimeout(timer);
  }
  const status = outcome.status;
  const hint = status === 'warn' || status === 'fail' ? outcome.hint || check.fix : outcome.hint ?? '';
  return {
    id: check.id,
    group: check.group,
    title: check.title,
    status,
    detail: redactForSupport(outcome.detail, dc.secrets),
    hint: redactForSupport(hint, dc.secrets),
    durationMs: Math.round(performance.now() - started),
  };
}

function outcomeOfError(e: unknown, check: DoctorCheck): CheckOutcome {
  if (e instanceof CheckSkipped) return skip(e.detail, e.hint);
  if (e instanceof BraintrustError) {
    const detail = [e.message, ...e.details.slice(0, 3)].join('; ');
    return fail(detail, e.hint ?? check.fix);
  }
  return fail(describeError(e), check.fix);
}
