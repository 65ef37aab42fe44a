// The one file that imports @inquirer/prompts. Every question has a flag twin; without a TTY a
// question is an error naming that flag, never a hang.
import { usageError, interrupted } from './errors.js';

export interface Choice<T extends string> {
  value: T;
  name?: string;
  description?: string;
}

export interface Prompter {
  readonly enabled: boolean;
  select<T extends string>(q: { message: string; choices: Choice<T>[]; default?: T; flag: string }): Promise<T>;
  input(q: { message: string; default?: string; flag: string; validate?: (v: string) => true | string }): Promise<string>;
  confirm(q: { message: string; default?: boolean; flag: string }): Promise<boolean>;
}

function headless(flag: string, message: string): never {
  throw usageError(
    `Cannot ask "${message}" without an interactive terminal`,
    `Pass ${flag} (runs in CI or with --non-interactive never prompt).`,
  );
}

// Every prompt comes before the change it asks about, so a Ctrl-C here has changed nothing.
const cancelled = () => interrupted('Cancelled (Ctrl-C at a prompt): nothing was changed.');

function isExitPrompt(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}

type Inquirer = typeof import('@inquirer/prompts');

/** One question: refused headless (naming its flag), Ctrl-C turned into a clean cancel. */
async function ask<T>(enabled: boolean, q: { flag: string; message: string }, run: (p: Inquirer) => Promise<T>): Promise<T> {
  if (!enabled) headless(q.flag, q.message);
  const prompts = await import('@inquirer/prompts');
  try {
    return await run(prompts);
  } catch (e) {
    if (isExitPrompt(e)) throw cancelled();
    throw e;
  }
}

/** The terminal the questions use: the process's own unless given (tests pass streams). */
export interface PromptIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export function createPrompter(enabled: boolean, io?: PromptIo): Prompter {
  return {
    enabled,
    select: (q) => ask(enabled, q, (p) => p.select({ message: q.message, choices: q.choices, default: q.default }, io)),
    input: (q) => ask(enabled, q, (p) => p.input({ message: q.message, default: q.default, validate: q.validate }, io)),
    confirm: (q) => ask(enabled, q, (p) => p.confirm({ message: q.message, default: q.default }, io)),
  };
}
