// Typed errors: every user-facing failure carries a code, an exit code and a fix.
// The process exits in one place (cli.ts) from these.

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  prerequisite: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** Stable machine-readable code, e.g. CONFIG_INVALID. */
  code: string;
  exitCode: ExitCodeValue;
  /** How to fix it. */
  hint?: string;
  /** Extra lines shown under the message (e.g. one per invalid field). */
  details?: string[];
  cause?: unknown;
}

/**
 * Marks every BraintrustError, whichever copy of this module made it: the per-cloud stack
 * bundles (scripts/bundle-stacks.mjs) carry their own copy, and a config error thrown inside a
 * stack must still be a user error (exit 2), not "a bug in braintrust".
 */
const BRAND = Symbol.for('braintrust-self-host/BraintrustError');

export class BraintrustError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses (CloudCliError …) keep the ordinary prototype check.
    if (this !== BraintrustError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly details: string[];

  constructor(message: string, opts: ErrorDetails) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BraintrustError';
    this.code = opts.code;
    this.exitCode = opts.exitCode;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  toJSON(): { code: string; message: string; hint?: string; details?: string[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details.length ? { details: this.details } : {}),
    };
  }
}

export function usageError(message: string, hint?: string, details?: string[]): BraintrustError {
  return new BraintrustError(message, { code: 'USAGE', exitCode: ExitCode.usage, hint, details });
}

export function configError(message: string, hint?: string, details?: string[]): BraintrustError {
  return new BraintrustError(message, { code: 'CONFIG_INVALID', exitCode: ExitCode.usage, hint, details });
}

export function prerequisiteError(message: string, hint: string, code = 'PREREQUISITE_MISSING'): BraintrustError {
  return new BraintrustError(message, { code, exitCode: ExitCode.prerequisite, hint });
}

export function operationFailed(message: string, hint?: string, details?: string[], code = 'OPERATION_FAILED'): BraintrustError {
  return new BraintrustError(message, { code, exitCode: ExitCode.failed, hint, details });
}

/** Thrown when the user pressed Ctrl-C or answered "no" to a destructive prompt. */
export function interrupted(message = 'Interrupted'): BraintrustError {
  return new BraintrustError(message, { code: 'INTERRUPTED', exitCode: ExitCode.interrupted });
}

export function isBraintrustError(e: unknown): e is BraintrustError {
  return e instanceof BraintrustError;
}
