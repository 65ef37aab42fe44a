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

export function createPrompter(enabled: boolean): Prompter {
  return {
    enabled,
    async select(q) {
      if (!enabled) headless(q.flag, q.message);
      const { select } = await import('@inquirer/prompts');
      try {
        return (await select({ message: q.message, choices: q.choices, default: q.default })) as typeof q.choices[number]['value'];
      } catch (e) {
        if (isExitPrompt(e)) throw cancelled();
        throw e;
      }
    },
    async input(q) {
      if (!enabled) headless(q.flag, q.message);
      const { input } = await import('@inquirer/prompts');
      try {
        return await input({ message: q.message, default: q.default, validate: q.validate });
      } catch (e) {
        if (isExitPrompt(e)) throw cancelled();
        throw e;
      }
    },
    async confirm(q) {
      if (!enabled) headless(q.flag, q.message);
      const { confirm } = await import('@inquirer/prompts');
      try {
        return await confirm({ message: q.message, default: q.default });
      } catch (e) {
        if (isExitPrompt(e)) throw cancelled();
        throw e;
      }
    },
  };
}
