// The message host (after aws-cdk's IoHost): every command and every layer below it tells the
// user things by emitting `{level, code, data}`; this is the one place that decides how a message
// reads (the human renderer declared with its code) or what JSON it becomes, and on which stream.
// Tests attach a listener and assert on codes and data instead of scraping text.
import { renderTable as renderTableText, type Output, type Spinner } from './output.js';
import type { HumanWriter, Level, MessageDef } from './message-def.js';
import { messages, type MessageCode, type MessageData } from './messages/index.js';

export type { MessageCode, MessageData } from './messages/index.js';

/** One emitted message; narrowing on `code` gives its data type. */
export type IoMessage = { [C in MessageCode]: { level: Level; code: C; data: MessageData<C> } }[MessageCode];

export type IoListener = (m: IoMessage) => void;

/** `emit(code)` for a message without data, `emit(code, data)` otherwise. */
type DataArgs<C extends MessageCode> = [MessageData<C>] extends [void] ? [] : [data: MessageData<C>];

export class Io {
  private readonly listeners: IoListener[];

  constructor(private readonly out: Output, listeners: IoListener[] = []) {
    this.listeners = [...listeners];
  }

  /** Spinners and live progress are shown (a TTY, not CI, not --json). */
  get interactive(): boolean {
    return this.out.interactive;
  }

  /** Record every message from now on (tests, the audit of a run). */
  listen(l: IoListener): void {
    this.listeners.push(l);
  }

  emit<C extends MessageCode>(code: C, ...args: DataArgs<C>): void {
    const def = messages[code] as unknown as MessageDef<MessageData<C>>;
    const data = args[0] as MessageData<C>;
    const msg = { level: def.level, code, data } as IoMessage;
    for (const l of this.listeners) l(msg);
    render(this.out, def, data);
  }

  spinner(text: string): Promise<Spinner> {
    return this.out.spinner(text);
  }
}

function render<D>(out: Output, def: MessageDef<D>, data: D): void {
  const { level } = def;
  if (out.json && def.json === false) return;
  if (out.json && (level === 'result' || level === 'progress')) {
    const value = def.json ? def.json(data) : data;
    if (level === 'result') out.result(value);
    else out.event(value);
    return;
  }
  if (!def.human) return;
  if (level === 'debug' && !out.verbose) return;
  const w = writer(out, level === 'progress' && def.stream === 'stdout' ? 'result' : level);
  const line = def.human(data, w);
  if (typeof line === 'string') w.line(line);
}

/** The writer a renderer of `level` gets: lines and tables on that level's stream. */
function writer(out: Output, level: Level): HumanWriter {
  const c = out.c;
  const line = (text = ''): void => {
    switch (level) {
      case 'result': out.print(text); return;
      case 'warn': out.warn(text); return;
      case 'success': out.success(text); return;
      case 'debug': out.debug(text); return;
      case 'info': case 'progress': out.info(text); return;
    }
  };
  return {
    c,
    interactive: out.interactive,
    verbose: out.verbose,
    line,
    table: (headers, rows) => {
      if (level === 'result') out.table(headers, rows);
      else out.info(renderTableText(headers, rows));
    },
    status: (s) => out.status(s),
  };
}
