/**
 * Where a conversation's timeline events go among its messages, for a UI that shows them as lines between
 * the bubbles: each event before the first message not older than it, the rest after the last. Messages still
 * in the outbox (no seq) are newer than anything stored, so every event goes before them.
 */
import type { TimelineEvent } from '@parley/protocol';

export interface PlacedTimeline {
  /** By message key: the events to show just before that message, oldest first. */
  before: Map<string, TimelineEvent[]>;
  /** The events after the last message. */
  trailing: TimelineEvent[];
}

/**
 * `floor`: the creation time of the first message shown while older history is not loaded; events older than
 * it are left out until it is (they would otherwise sit above messages that happened after them).
 */
export function placeTimeline(
  messages: readonly { key: string; createdAt: string; seq: number | null }[],
  events: readonly TimelineEvent[],
  floor?: string,
): PlacedTimeline {
  const shown = floor === undefined ? events : events.filter((e) => Date.parse(e.createdAt) >= Date.parse(floor));
  const before = new Map<string, TimelineEvent[]>();
  let next = 0;
  for (const message of messages) {
    const at = Date.parse(message.createdAt);
    const here: TimelineEvent[] = [];
    while (next < shown.length && (message.seq === null || Date.parse(shown[next]!.createdAt) <= at)) here.push(shown[next++]!);
    if (here.length > 0) before.set(message.key, here);
  }
  return { before, trailing: shown.slice(next) };
}
