// The interactive read-only Redis prompt. redis-cli cannot refuse write commands, so a
// read-only interactive session runs this small prompt instead: every line goes through the
// same allow-list as --command. (--write sessions use redis-cli itself.)
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { assertRedisCommandAllowed, sendRedisCommand } from './redis.js';
import { formatRedisReply } from './display.js';
import { parseRedisCommandLine } from './redis-commands.js';
import { BraintrustError } from '../ui/errors.js';

export interface ReplOptions {
  client: Redis;
  input: Readable;
  output: Writable;
  prompt: string;
  signal: AbortSignal;
}

/** Resolves with the number of commands run when input ends, `quit` is typed or the signal aborts. */
export async function runReadOnlyRedisRepl(o: ReplOptions): Promise<number> {
  const rl = createInterface({ input: o.input, output: o.output, prompt: o.prompt, terminal: (o.input as { isTTY?: boolean }).isTTY === true });
  let count = 0;
  // In a terminal readline takes Ctrl-C as a key: leave the prompt (the session then closes).
  rl.on('SIGINT', () => rl.close());
  const onAbort = () => rl.close();
  o.signal.addEventListener('abort', onAbort, { once: true });
  try {
    rl.prompt();
    for await (const line of rl) {
      try {
        const argv = parseRedisCommandLine(line);
        if (argv.length === 0) { rl.prompt(); continue; }
        const cmd = argv[0].toLowerCase();
        if (cmd === 'quit' || cmd === 'exit') break;
        assertRedisCommandAllowed(argv, false);
        count++;
        o.output.write(formatRedisReply(await sendRedisCommand(o.client, argv, o.signal)) + '\n');
      } catch (e) {
        if (o.signal.aborted) break;
        const msg = e instanceof BraintrustError && e.hint ? `${e.message}\n${e.hint}` : (e as Error).message;
        o.output.write(`(error) ${msg}\n`);
      }
      rl.prompt();
    }
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    rl.close();
  }
  if (o.signal.aborted) throw o.signal.reason;
  return count;
}
