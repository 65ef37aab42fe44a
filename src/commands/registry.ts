// Commands as data: metadata + a lazy handler. cli.ts alone turns this list into commander
// commands, and import()s a handler only when its command runs, so --help loads nothing heavy.
import type { Handler } from '../context.js';

export interface OptionSpec {
  flags: string;
  description: string;
  default?: string | boolean | string[];
  choices?: string[];
}

export interface ArgSpec {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

export interface CommandSpec {
  /** Space-separated path: 'sizing check' is `braintrust sizing check`. */
  name: string;
  description: string;
  args?: ArgSpec[];
  options?: OptionSpec[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<{ run: Handler<any> }>;
}

export interface GroupSpec {
  name: string;
  description: string;
}
