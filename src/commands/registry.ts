// Commands as data: `defineCommand({name, description, args, options, load})` in
// src/commands/<name>.spec.ts, beside the handler in <name>.ts. cli.ts alone turns the list
// into commander commands and import()s a handler only when its command runs, so --help loads
// nothing heavy: this file and the spec files import types only.
//
// The handler's options type is inferred from the option builders (`OptionsOf<typeof spec>`):
// a default given here is the handler's value, so handlers never repeat it.
import type { Handler } from '../context.js';

/** One option: commander flags, help text, and (as a phantom) the value type the handler sees. */
export interface OptionDef<T = unknown> {
  readonly flags: string;
  readonly description: string;
  readonly default?: string | boolean;
  readonly choices?: readonly string[];
  /** A second flag setting the same value to false (`--tls` / `--no-tls`). */
  readonly negation?: { readonly flags: string; readonly description: string };
  /** Never set: carries the value type for inference. */
  readonly __value?: T;
}

export type OptionDefs = Readonly<Record<string, OptionDef>>;

type ValueOf<D> = D extends OptionDef<infer T> ? T : never;
type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * The options object a handler receives, from the definitions (keys are commander's camelCase
 * names): an option with a default (or a --no- flag) is always there; the others may be absent.
 */
export type OptionValues<O extends OptionDefs> = Flatten<
  { -readonly [K in keyof O as undefined extends ValueOf<O[K]> ? never : K]: ValueOf<O[K]> } &
  { -readonly [K in keyof O as undefined extends ValueOf<O[K]> ? K : never]?: ValueOf<O[K]> }
>;

/** `--dry-run`: true when given, else undefined. */
export function flag(flags: string, description: string): OptionDef<boolean | undefined> {
  return { flags, description };
}

/** `--no-apply`: the value (`apply`) is true unless the flag is given. */
export function negatable(flags: `--no-${string}`, description: string): OptionDef<boolean> {
  return { flags, description };
}

/** `--tls` and `--no-tls`: true, false, or undefined when neither is given. */
export function toggle(flags: string, description: string, negation: { flags: `--no-${string}`; description: string }): OptionDef<boolean | undefined> {
  return { flags, description, negation };
}

/** `--out <dir>`: the text given, else the default (or undefined without one). */
export function text(flags: string, description: string): OptionDef<string | undefined>;
export function text(flags: string, description: string, defaultValue: string): OptionDef<string>;
export function text(flags: string, description: string, defaultValue?: string): OptionDef<string | undefined> {
  return defaultValue === undefined ? { flags, description } : { flags, description, default: defaultValue };
}

/** `--tier <tier>` limited to `choices` (commander rejects anything else with exit 2). */
export function choice<const C extends readonly string[]>(flags: string, description: string, choices: C): OptionDef<C[number] | undefined>;
export function choice<const C extends readonly string[]>(flags: string, description: string, choices: C, defaultValue: C[number]): OptionDef<C[number]>;
export function choice(flags: string, description: string, choices: readonly string[], defaultValue?: string): OptionDef<string | undefined> {
  return defaultValue === undefined ? { flags, description, choices } : { flags, description, choices, default: defaultValue };
}

export interface ArgSpec {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

export interface CommandInput<O extends OptionDefs> {
  /** Space-separated path: 'sizing check' is `braintrust sizing check`. */
  name: string;
  description: string;
  args?: ArgSpec[];
  options?: O;
  /** import() of the handler module, run only when the command runs. */
  load: () => Promise<{ run: Handler<OptionValues<NoInfer<O>>> }>;
}

const DEFINED = Symbol('braintrust.command');

/** What cli.ts needs: metadata, and a loader whose handler takes the parsed options. */
export interface CommandSpec {
  readonly [DEFINED]: true;
  readonly name: string;
  readonly description: string;
  readonly args: readonly ArgSpec[];
  readonly options: OptionDefs;
  readonly load: () => Promise<{ run: Handler<Record<string, unknown>> }>;
}

/** A command definition, typed by its options (see OptionsOf). */
export interface CommandDefinition<O extends OptionDefs> extends CommandSpec {
  readonly options: O;
}

export type OptionsOf<D> = D extends CommandDefinition<infer O> ? OptionValues<O> : never;

export function defineCommand<const O extends OptionDefs = Record<never, OptionDef>>(input: CommandInput<O>): CommandDefinition<O> {
  const options = (input.options ?? {}) as O;
  return Object.freeze({
    [DEFINED]: true as const,
    name: input.name,
    description: input.description,
    args: input.args ?? [],
    options,
    // commander parsed the options from exactly these definitions: the one place the parsed
    // record becomes the handler's typed options.
    load: async () => {
      const mod = await input.load();
      const run: Handler<Record<string, unknown>> = (ctx, opts, args) => mod.run(ctx, opts as OptionValues<NoInfer<O>>, args);
      return { run };
    },
  });
}

/** The values commander gives options nobody passed: defaults, and true for a lone --no- flag. */
export function optionDefaults(options: OptionDefs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(options)) {
    if (o.default !== undefined) out[key] = o.default;
    else if (o.flags.startsWith('--no-')) out[key] = true;
  }
  return out;
}

/** True for specs made by defineCommand (the command-list test checks every entry). */
export function isDefinedCommand(spec: unknown): spec is CommandSpec {
  return typeof spec === 'object' && spec !== null && (spec as Record<symbol, unknown>)[DEFINED] === true;
}

export interface GroupSpec {
  name: string;
  description: string;
}
