// Effects come in through a context: messages, prompts, clock, cwd and environment.
// Command handlers take a Ctx; tests build one over temp dirs and fake clocks.
import type { Io } from './ui/io.js';
import type { Prompter } from './ui/prompts.js';

export interface GlobalOptions {
  config: string;
  json: boolean;
  yes: boolean;
  nonInteractive: boolean;
  color: boolean;
  verbose: boolean;
}

export interface Ctx {
  /** Everything the user is told goes through here as a message (src/ui/messages/). */
  io: Io;
  prompt: Prompter;
  globals: GlobalOptions;
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  /** Aborted on SIGINT/SIGTERM: long operations forward it to child processes. */
  signal: AbortSignal;
  /**
   * Run an interactive child (psql, redis-cli) that owns the terminal's Ctrl-C: while it runs,
   * SIGINT is the child's (cancel a query) and neither aborts `signal` nor forces an exit.
   */
  handOverSigint?: <R>(run: () => Promise<R>) => Promise<R>;
}

/** A handler returns its exit code (0 when omitted) or throws a BraintrustError. */
export type Handler<O = Record<string, unknown>> = (ctx: Ctx, opts: O, args: string[]) => Promise<number | void>;
