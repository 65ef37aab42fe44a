// Read a recorded message stream (runHandler / runOps `messages`) by code, with typed data.
import type { IoMessage, MessageCode, MessageData } from '../../src/ui/io.js';

/** The data of every message with this code, in order. */
export function dataOf<C extends MessageCode>(r: { messages: IoMessage[] }, code: C): MessageData<C>[] {
  return r.messages.filter((m) => m.code === code).map((m) => m.data as MessageData<C>);
}
