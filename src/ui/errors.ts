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

/**
 * Who has to act: `user` (a flag, the config, a confirmation, Ctrl-C), `external` (something
 * outside the CLI: a missing tool or credentials, the cloud, terraform, a service), `internal`
 * (a bug in braintrust).
 */
export type ErrorKind = 'user' | 'external' | 'internal';

/**
 * Every error code the CLI emits, with its exit code and kind: the one place an exit code is
 * decided. A code's meaning is stable (scripts match on it in --json output).
 */
export const ERROR_CODES = {
  // user: the command line or the config (exit 2)
  USAGE: { exit: ExitCode.usage, kind: 'user' },
  CONFIG_INVALID: { exit: ExitCode.usage, kind: 'user' },
  CONFIG_NOT_FOUND: { exit: ExitCode.usage, kind: 'user' },
  CONFIG_EXISTS: { exit: ExitCode.usage, kind: 'user' },
  DEST_EXISTS: { exit: ExitCode.usage, kind: 'user' },
  BAD_OBJECT_KEY: { exit: ExitCode.usage, kind: 'user' },
  UNKNOWN_RELEASE: { exit: ExitCode.usage, kind: 'user' },
  DOWNGRADE_REFUSED: { exit: ExitCode.usage, kind: 'user' },
  SECRET_STORE_UNSUPPORTED: { exit: ExitCode.usage, kind: 'user' },
  MANIFEST_INVALID: { exit: ExitCode.usage, kind: 'user' },
  MANIFEST_NOT_FOUND: { exit: ExitCode.usage, kind: 'user' },
  STATEMENT_REFUSED: { exit: ExitCode.usage, kind: 'user' },
  OUTPUTS_CORRUPT: { exit: ExitCode.usage, kind: 'user' },
  // user: Ctrl-C, SIGTERM, or "no" at a confirmation (exit 130)
  INTERRUPTED: { exit: ExitCode.interrupted, kind: 'user' },
  // external: a prerequisite is missing (exit 3)
  PREREQUISITE_MISSING: { exit: ExitCode.prerequisite, kind: 'external' },
  TOOL_MISSING: { exit: ExitCode.prerequisite, kind: 'external' },
  CREDENTIALS_MISSING: { exit: ExitCode.prerequisite, kind: 'external' },
  TERRAFORM_TOO_OLD: { exit: ExitCode.prerequisite, kind: 'external' },
  OUTPUTS_NOT_FOUND: { exit: ExitCode.prerequisite, kind: 'external' },
  OUTPUTS_MISSING: { exit: ExitCode.prerequisite, kind: 'external' },
  TERRAFORM_NOT_FOUND: { exit: ExitCode.prerequisite, kind: 'external' },
  LICENSE_KEY_MISSING: { exit: ExitCode.prerequisite, kind: 'external' },
  SECRET_UNAVAILABLE: { exit: ExitCode.prerequisite, kind: 'external' },
  // external: a check or an operation failed (exit 1)
  OPERATION_FAILED: { exit: ExitCode.failed, kind: 'external' },
  LOCKED: { exit: ExitCode.failed, kind: 'external' },
  NO_PREVIOUS_VERSION: { exit: ExitCode.failed, kind: 'user' },
  CLOUD_LOGIN: { exit: ExitCode.failed, kind: 'external' },
  CLOUD_CLI_FAILED: { exit: ExitCode.failed, kind: 'external' },
  TUNNEL_PORT_NOT_OURS: { exit: ExitCode.failed, kind: 'external' },
  SIZING_FAILED: { exit: ExitCode.failed, kind: 'external' },
  PREFLIGHT_FAILED: { exit: ExitCode.failed, kind: 'external' },
  TERRAFORM_FAILED: { exit: ExitCode.failed, kind: 'external' },
  AWS_CLI_FAILED: { exit: ExitCode.failed, kind: 'external' },
  OPS_TOOL_FAILED: { exit: ExitCode.failed, kind: 'external' },
  ECS_UNHEALTHY: { exit: ExitCode.failed, kind: 'external' },
  BACKUP_FAILED: { exit: ExitCode.failed, kind: 'external' },
  DATA_PROTECTED: { exit: ExitCode.failed, kind: 'external' },
  MANIFEST_UNREACHABLE: { exit: ExitCode.failed, kind: 'external' },
  OBJECT_NOT_FOUND: { exit: ExitCode.failed, kind: 'external' },
  WRITE_REFUSED: { exit: ExitCode.failed, kind: 'external' },
  CLEARTEXT_REFUSED: { exit: ExitCode.failed, kind: 'external' },
  TUNNEL_NOT_READY: { exit: ExitCode.failed, kind: 'external' },
  TUNNEL_FAILED: { exit: ExitCode.failed, kind: 'external' },
  SESSION_TIME_LIMIT: { exit: ExitCode.failed, kind: 'external' },
  AUDIT_UNAVAILABLE: { exit: ExitCode.failed, kind: 'external' },
  // internal: a bug in braintrust (exit 1)
  INTERNAL: { exit: ExitCode.failed, kind: 'internal' },
} as const satisfies Record<string, { exit: ExitCodeValue; kind: ErrorKind }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function exitCodeOf(code: ErrorCode): ExitCodeValue {
  return ERROR_CODES[code].exit;
}

export function kindOf(code: ErrorCode): ErrorKind {
  return ERROR_CODES[code].kind;
}

export interface ErrorDetails {
  /** Stable machine-readable code from ERROR_CODES; it decides the exit code. */
  code: ErrorCode;
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

  readonly code: ErrorCode;
  readonly exitCode: ExitCodeValue;
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly details: string[];

  constructor(message: string, opts: ErrorDetails) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BraintrustError';
    this.code = opts.code;
    this.exitCode = exitCodeOf(opts.code);
    this.kind = kindOf(opts.code);
    this.hint = opts.hint;
    this.details = opts.details ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; details?: string[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details.length ? { details: this.details } : {}),
    };
  }
}

export function usageError(message: string, hint?: string, details?: string[]): BraintrustError {
  return new BraintrustError(message, { code: 'USAGE', hint, details });
}

export function configError(message: string, hint?: string, details?: string[]): BraintrustError {
  return new BraintrustError(message, { code: 'CONFIG_INVALID', hint, details });
}

export function prerequisiteError(message: string, hint: string, code: ErrorCode = 'PREREQUISITE_MISSING'): BraintrustError {
  return new BraintrustError(message, { code, hint });
}

export function operationFailed(message: string, hint?: string, details?: string[], code: ErrorCode = 'OPERATION_FAILED'): BraintrustError {
  return new BraintrustError(message, { code, hint, details });
}

/** Thrown when the user answered "no" to a destructive prompt, or a prompt was cancelled. */
export function interrupted(message = 'Interrupted'): BraintrustError {
  return new BraintrustError(message, { code: 'INTERRUPTED' });
}

/**
 * The abort reason cli.ts gives its AbortSignal on SIGINT/SIGTERM. Code that must tell Ctrl-C
 * from other aborts (a time limit, SIGTERM) reads `signal`, never the message.
 */
export class InterruptedError extends BraintrustError {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`Interrupted by ${signal}`, { code: 'INTERRUPTED' });
    this.signal = signal;
  }
}

/** True when `reason` (an AbortSignal's reason, a caught error) is the user's Ctrl-C. */
export function isSigintReason(reason: unknown): boolean {
  return reason instanceof InterruptedError && reason.signal === 'SIGINT';
}

export function isBraintrustError(e: unknown): e is BraintrustError {
  return e instanceof BraintrustError;
}
