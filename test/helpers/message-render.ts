// Render one message through a real Io over in-memory streams, as the CLI would in human mode or
// with --json: what lands on stdout and stderr, and the recorded message.
import { PassThrough } from 'node:stream';
import { Output } from '../../src/ui/output.js';
import { Io, type IoMessage, type MessageCode, type MessageData } from '../../src/ui/io.js';

export interface Rendered {
  stdout: string;
  stderr: string;
  messages: IoMessage[];
}

export interface RenderOptions {
  json?: boolean;
  verbose?: boolean;
  /** A TTY with a live spinner (never with --json). */
  interactive?: boolean;
}

/** An Io over captured streams; `text()` returns what was written so far. */
export function captureIo(opts: RenderOptions = {}): { io: Io; text(): Rendered } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const messages: IoMessage[] = [];
  const output = new Output({ json: Boolean(opts.json), color: false, interactive: Boolean(opts.interactive), verbose: Boolean(opts.verbose), stdout, stderr });
  const io = new Io(output, [(m) => messages.push(m)]);
  return { io, text: () => ({ stdout: out, stderr: err, messages }) };
}

/** Emit one message (or several in order) and return what was printed. */
export function renderMessages(opts: RenderOptions, emit: (io: Io) => void): Rendered {
  const c = captureIo(opts);
  emit(c.io);
  return c.text();
}

export function renderMessage<C extends MessageCode>(code: C, data: MessageData<C>, opts: RenderOptions = {}): Rendered {
  return renderMessages(opts, (io) => (io.emit as (c: C, d: MessageData<C>) => void)(code, data));
}
