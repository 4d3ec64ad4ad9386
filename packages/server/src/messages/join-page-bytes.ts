/** How much of a page of messages one `query:join` answer carries (Limits.JOIN_PAGE_BYTES). */
import type { Message } from '@parley/protocol';

/**
 * The first messages whose JSON fits in `budget` bytes (at least one). A join's answer is one frame, written
 * whole before anything after it on that socket: a page of long bodies would hold the connection (and the
 * server's memory) for megabytes, and repeated joins would make that a cheap way to load the server.
 */
export function withinBytes(messages: Message[], budget: number): Message[] {
  let used = 0;
  for (let i = 0; i < messages.length; i++) {
    // Bytes as sent (UTF-8): a page of CJK text is three times its length in characters.
    used += Buffer.byteLength(JSON.stringify(messages[i]));
    if (used > budget && i > 0) return messages.slice(0, i);
  }
  return messages;
}
