// Read a recorded message stream (runHandler / runOps `messages`) by code, with typed data.
import type { IoMessage, MessageCode, MessageData } from '../../src/ui/io.js';

/** The data of every message with this code, in order. */
export function dataOf<C extends MessageCode>(r: { messages: IoMessage[] }, code: C): MessageData<C>[] {
  return r.messages.filter((m) => m.code === code).map((m) => m.data as MessageData<C>);
}

/** The codes of the run's messages, in order (consecutive repeats kept). */
export function codesOf(r: { messages: IoMessage[] }, prefix = ''): string[] {
  return r.messages.map((m) => m.code).filter((c) => c.startsWith(prefix));
}
