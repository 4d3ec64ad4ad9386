import type { ChatMessage } from '@parley/client';

/**
 * One timeline out of the public stream and the internal-notes stream. Each stream arrives
 * sorted by its own seq; stored items of both are merged by creation time (ties keep the
 * public message first), and items still in the outbox (no seq yet) follow in send order —
 * they have not been committed, so they are the newest by definition.
 */
export function mergeTimeline(messages: readonly ChatMessage[], notes: readonly ChatMessage[]): ChatMessage[] {
  const stored = (list: readonly ChatMessage[]) => list.filter((m) => m.seq !== null);
  const publicStored = stored(messages);
  const notesStored = stored(notes);
  const merged: ChatMessage[] = [];
  let i = 0;
  let j = 0;
  while (i < publicStored.length || j < notesStored.length) {
    const a = publicStored[i];
    const b = notesStored[j];
    if (a && (!b || Date.parse(a.createdAt) <= Date.parse(b.createdAt))) {
      merged.push(a);
      i++;
    } else if (b) {
      merged.push(b);
      j++;
    }
  }
  const outbox = [...messages, ...notes]
    .filter((m) => m.seq === null)
    .sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt));
  return [...merged, ...outbox];
}
