// The message stream in tests: an Io over captured streams (render catalog messages the way a
// command run does, human or --json, and read stdout and stderr), and typed reads of a recorded
// stream (runHandler / runOps `messages`).
import { PassThrough } from 'node:stream';
import { Output, type OutputOptions } from '../../src/ui/output.js';
import { Io, type IoMessage, type MessageCode, type MessageData } from '../../src/ui/io.js';

export interface CapturedIo {
  io: Io;
  out(): string;
  err(): string;
  /** Every message emitted so far, in order. */
  messages: IoMessage[];
}

export function captureIo(opts: Partial<OutputOptions> = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const messages: IoMessage[] = [];
  const o = new Output({ json: false, color: false, interactive: false, verbose: false, stdout, stderr, ...opts });
  return { io: new Io(o, [(m) => messages.push(m)]), out: () => out, err: () => err, messages };
}

export interface Rendered {
  stdout: string;
  stderr: string;
  messages: IoMessage[];
}

/** Emit messages (in order) through a fresh Io and return what was printed. */
export function renderMessages(opts: Partial<OutputOptions>, emit: (io: Io) => void): Rendered {
  const c = captureIo(opts);
  emit(c.io);
  return { stdout: c.out(), stderr: c.err(), messages: c.messages };
}

export function renderMessage<C extends MessageCode>(code: C, data: MessageData<C>, opts: Partial<OutputOptions> = {}): Rendered {
  return renderMessages(opts, (io) => (io.emit as (c: C, d: MessageData<C>) => void)(code, data));
}

/** The data of every recorded message with this code, in order. */
export function dataOf<C extends MessageCode>(r: { messages: IoMessage[] }, code: C): MessageData<C>[] {
  return r.messages.filter((m) => m.code === code).map((m) => m.data as MessageData<C>);
}
