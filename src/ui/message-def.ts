// What a message is: a level, a stable code and its data. How it reads to a person (and what
// its JSON value is) is declared once, beside the code, in src/ui/messages/: commands and the
// layers below them only emit `io.emit(code, data)`, never format, colour or branch on --json.
import type { Status } from './output.js';

/**
 * - `result`: what the command produced (stdout: the JSON document with --json, else the human text)
 * - `progress`: one step of a long operation (stdout: one JSON line with --json, else a line on stderr)
 * - `info`, `success`, `warn`, `debug`: logs for people, always on stderr (debug only with --verbose)
 */
export type Level = 'result' | 'progress' | 'info' | 'success' | 'warn' | 'debug';

export type Paint = (s: string) => string;
export interface Palette {
  red: Paint; green: Paint; yellow: Paint; dim: Paint; bold: Paint; cyan: Paint;
}

/** What a human renderer writes with: lines and tables on the message's stream. */
export interface HumanWriter {
  readonly c: Palette;
  /** Spinners and live progress are shown (TTY, not CI, not --json). */
  readonly interactive: boolean;
  readonly verbose: boolean;
  line(text?: string): void;
  table(headers: string[], rows: string[][]): void;
  status(s: Status): string;
}

export interface MessageDef<D> {
  level: Level;
  /** The human text: return one line, or write lines and tables (nothing when omitted). */
  human?: (data: D, w: HumanWriter) => string | void;
  /**
   * The JSON value of a `result` or `progress` message (default: the data itself). `false`: the
   * message has no JSON form and is not shown with --json at all (a result whose document comes
   * from another message; a log line that only restates what the JSON document says).
   */
  json?: ((data: D) => unknown) | false;
  /** `progress` only: its human line goes to stdout (a followed log line is output, not a log). */
  stream?: 'stdout';
}

/** Declare a message; the data type is the renderer's parameter type. */
export function message<D = void>(def: MessageDef<D>): MessageDef<D> {
  return def;
}
