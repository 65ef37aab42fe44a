// An Io over captured streams, to render catalog messages the way a command run does
// (human or --json) and read what reached stdout and stderr.
import { PassThrough } from 'node:stream';
import { Output, type OutputOptions } from '../../src/ui/output.js';
import { Io, type IoMessage } from '../../src/ui/io.js';

export function captureIo(opts: Partial<OutputOptions> = {}): { io: Io; out(): string; err(): string; messages: IoMessage[] } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const messages: IoMessage[] = [];
  const o = new Output({ json: false, color: false, interactive: false, verbose: false, stdout, stderr, ...opts });
  return { io: new Io(o, [(m) => messages.push(m)]), out: () => out, err: () => err, messages };
}
