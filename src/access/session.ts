// A remote-access session: a time limit (--max-duration), Ctrl-C, write confirmation and one
// audit line whatever the outcome. Commands put their tunnel and client inside runSession.
import type { Ctx } from '../context.js';
import type { Deployment } from './installed-deployment.js';
import { appendAudit, cloudIdentity, localUser, type AuditEntry } from './audit.js';
import { redactText } from './redact.js';
import { randomBytes } from 'node:crypto';
import { BraintrustError, ExitCode, interrupted, isSigintReason, operationFailed, usageError } from '../ui/errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** '1h', '30m', '90s', '1h30m', '500ms', or bare seconds. */
export function parseDuration(text: string, flag = '--max-duration'): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length && parts.map((p) => p[0]).join('') === t) {
    const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
    if (ms > 0) return ms;
  }
  throw usageError(`${flag} ${JSON.stringify(text)} is not a duration`, `Use a duration like 30m, 1h or 90s, e.g. ${flag} 1h.`);
}

export function timeLimitError(limit: string): BraintrustError {
  return operationFailed(`Session closed: it reached the time limit (--max-duration ${limit})`,
    'Start a new session, or pass a longer --max-duration.', undefined, 'SESSION_TIME_LIMIT');
}

/** --write needs a yes: --yes, or an interactive confirmation. */
export async function confirmWrite(ctx: Ctx, what: string): Promise<void> {
  if (ctx.globals.yes) return;
  const ok = await ctx.prompt.confirm({ message: `Open a WRITE session to ${what}? Changes apply to the live deployment.`, default: false, flag: '--yes' });
  if (!ok) throw interrupted('Write session not confirmed: nothing was changed');
}

export interface SessionRecord {
  target: string;
  via: string;
  access: AuditEntry['access'];
  session: AuditEntry['session'];
  statement?: string;
  /** The ephemeral login role of an interactive read-only postgres session (see AuditEntry.role). */
  role?: string;
  /** Values to scrub from any error message before it is logged. */
  secrets: (string | undefined)[];
}

export interface SessionOptions {
  deployment: Deployment;
  maxDuration: string;
  record: SessionRecord;
}

export interface SessionControl {
  /** Aborts on the time limit and on Ctrl-C/SIGTERM; everything in the session honours it. */
  signal: AbortSignal;
  /**
   * Run an interactive client (psql, redis-cli). While it runs, Ctrl-C belongs to it (it
   * cancels a query there; the terminal sends SIGINT to it too), so the session is not ended.
   */
  handOverSigint<R>(run: () => Promise<R>): Promise<R>;
}

/** Run fn inside a session: time limit, Ctrl-C, and one audit line whatever the outcome. */
export async function runSession<T>(ctx: Ctx, opts: SessionOptions, fn: (signal: AbortSignal, control: SessionControl) => Promise<T>): Promise<T> {
  const limitMs = parseDuration(opts.maxDuration);
  const startedAt = ctx.clock();
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeLimitError(opts.maxDuration)), limitMs);
  let childOwnsSigint = false;
  const onAbort = () => {
    const reason = ctx.signal.reason;
    if (childOwnsSigint && isSigintReason(reason)) return;
    controller.abort(reason ?? interrupted());
  };
  const control: SessionControl = {
    signal: controller.signal,
    async handOverSigint(run) {
      childOwnsSigint = true;
      try {
        return await (ctx.handOverSigint ? ctx.handOverSigint(run) : run());
      } finally {
        childOwnsSigint = false;
      }
    },
  };
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort);
  const cloud = opts.deployment.cloud;
  const r = opts.record;
  let outcome: AuditEntry['outcome'] = 'ok';
  let error: string | undefined;
  let started_: AuditEntry | undefined;
  try {
    // The start record goes to disk before anything connects, so a session killed outright
    // (kill -9, a lost machine) still leaves a trace; --write fails closed without one.
    const identity = r.via === 'direct' ? localUser() : await raceAbort(cloudIdentity(cloud, ctx.env), controller.signal);
    const head: AuditEntry = {
      event: 'start',
      id: randomBytes(8).toString('hex'),
      time: startedAt.toISOString(),
      identity,
      localUser: localUser(),
      deployment: opts.deployment.config?.name,
      cloud,
      target: r.target,
      via: r.via,
      access: r.access,
      session: r.session,
      ...(r.statement !== undefined ? { statement: r.statement } : {}),
      ...(r.role !== undefined ? { role: r.role } : {}),
    };
    try {
      await appendAudit(opts.deployment.stateDir, head);
      started_ = head;
    } catch (e) {
      if (r.access === 'write') {
        throw operationFailed(`Refused: the audit log cannot be written (${(e as Error).message}), and a write session must be audited`,
          'Make .braintrust/audit.jsonl beside the config writable (or free disk space), then retry.', undefined, 'AUDIT_UNAVAILABLE');
      }
      ctx.io.emit('connect.audit-unwritable', { error: (e as Error).message });
    }
    return await fn(controller.signal, control);
  } catch (e) {
    // Once the session is aborted, whatever failed inside failed because of it: report why.
    const err = controller.signal.aborted ? controller.signal.reason : e;
    const code = err instanceof BraintrustError ? err.code : undefined;
    outcome = code === 'SESSION_TIME_LIMIT' ? 'time-limit'
      : err instanceof BraintrustError && err.exitCode === ExitCode.interrupted ? 'interrupted'
      : code === 'WRITE_REFUSED' ? 'refused' : 'error';
    const auditText = (err as { auditText?: unknown } | undefined)?.auditText;
    error = typeof auditText === 'string' ? auditText : redactText(err instanceof Error ? err.message : String(err), opts.record.secrets);
    throw err;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    if (started_) {
      await appendAudit(opts.deployment.stateDir, {
        ...started_,
        // The command may have learned more once connected (the instance a shell reached).
        target: r.target,
        via: r.via,
        ...(r.statement !== undefined ? { statement: r.statement } : {}),
        ...(started_.role !== undefined ? { role: r.role ?? null } : {}),
        event: 'end',
        time: new Date(startedAt.getTime() + (Date.now() - started)).toISOString(),
        durationMs: Date.now() - started,
        outcome,
        ...(error ? { error } : {}),
      }).catch((e: Error) => ctx.io.emit('connect.audit-unwritable', { error: e.message }));
    }
  }
}

/**
 * What the audit log records for an error instead of its message: server errors echo the
 * statement or its arguments ("invalid input syntax ...: \"<literal>\"", "unknown command
 * 'X', with args beginning with: ..."), so those errors carry their code only.
 */
export function withAuditText<E extends Error>(e: E, text: string): E {
  Object.defineProperty(e, 'auditText', { value: text, enumerable: false });
  return e;
}

/** Resolve when p does, reject as soon as the signal aborts (with its reason). */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
