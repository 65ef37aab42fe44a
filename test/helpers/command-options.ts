// Tests that call a handler in-process pass only the options they care about; the rest get the
// values commander would give them, from the command's definition (never copied into the test).
import type { Handler } from '../../src/context.js';
import { optionDefaults, type CommandDefinition, type OptionDefs, type OptionValues } from '../../src/commands/registry.js';

export function withDefaults<O extends OptionDefs>(def: CommandDefinition<O>, run: Handler<OptionValues<O>>): Handler<Partial<Record<keyof O, unknown>>> {
  return (ctx, opts, args) => run(ctx, { ...optionDefaults(def.options), ...opts } as OptionValues<O>, args);
}
