// The CLI itself: what it says on Ctrl-C / SIGTERM.
import { message } from '../message-def.js';

export const cliMessages = {
  /** The first SIGINT/SIGTERM: the run's signal is aborted and running work winds down. */
  'cli.interrupted': message<{ signal: string }>({
    level: 'info',
    human: ({ signal }) => `\nReceived ${signal}: stopping cleanly and waiting for running work to exit (press Ctrl-C again to force)...`,
  }),
  /** A second signal: the process exits at once (exit 130). */
  'cli.forced-exit': message<{ signal: string }>({
    level: 'info',
    human: ({ signal }) => `\nForced exit on a second ${signal}: anything still running (terraform, a tunnel) may be left to finish on its own.`,
  }),
};
