/** How stored messages and outbox entries become the one {@link ChatMessage} shape a UI renders. */
import type { ErrorBody, Message, UserRef } from '@parley/protocol';
import type { MessageStream } from '../messages/message-stream.js';
import { lastContiguousSeq } from '../messages/message-stream.js';
import type { OutboxEntry } from '../outbox/outbox-state.js';

export type DeliveryState = 'pending' | 'sent' | 'read' | 'failed';

/** A message as a UI shows it: a stored Message, or an outbox entry not yet acked. */
export interface ChatMessage {
  /** Stable key for rendering across pending → sent: the clientId. */
  key: string;
  clientId: string;
  queryId: string;
  /** null while pending/failed. */
  seq: number | null;
  author: UserRef;
  body: string;
  internal: boolean;
  attachments: Message['attachments'];
  /** Server time once stored; local time while pending. */
  createdAt: string;
  /** When the author wrote it, if more than a minute before it was stored (written offline). */
  writtenAt?: string;
  /** Only meaningful for my own messages; others' messages are 'sent'. */
  delivery: DeliveryState;
  /** Why it failed (failed), or why it is waiting (pending after rate_limited). */
  error?: ErrorBody;
  mine: boolean;
}

/**
 * Keeps one ChatMessage object per (message, delivery) so unchanged rows keep
 * their identity across snapshots: UIs that compare by reference re-render
 * only what changed.
 */
export class ChatMessageCache {
  #stored = new WeakMap<Message, ChatMessage>();
  #pending = new WeakMap<OutboxEntry, ChatMessage>();

  fromMessage(message: Message, delivery: DeliveryState, mine: boolean): ChatMessage {
    const cached = this.#stored.get(message);
    if (cached && cached.delivery === delivery) return cached;
    const view: ChatMessage = Object.freeze({
      key: message.clientId,
      clientId: message.clientId,
      queryId: message.queryId,
      seq: message.seq,
      author: message.author,
      body: message.body,
      internal: message.internal,
      attachments: message.attachments,
      createdAt: message.createdAt,
      ...(message.writtenAt ? { writtenAt: message.writtenAt } : {}),
      delivery,
      mine,
    });
    this.#stored.set(message, view);
    return view;
  }

  fromEntry(entry: OutboxEntry): ChatMessage {
    const cached = this.#pending.get(entry);
    if (cached) return cached;
    const view: ChatMessage = Object.freeze({
      key: entry.clientId,
      clientId: entry.clientId,
      queryId: entry.queryId,
      seq: null,
      author: entry.author,
      body: entry.body,
      internal: entry.internal,
      attachments: [],
      createdAt: entry.createdAt,
      delivery: entry.state === 'failed' ? 'failed' : 'pending',
      ...(entry.error ? { error: entry.error } : {}),
      mine: true,
    });
    this.#pending.set(entry, view);
    return view;
  }
}

/**
 * One stream as a UI shows it: the gapless stored list, then my own stored
 * messages still waiting above a gap (shown as sent until the gap is filled),
 * then my outbox entries (pending/failed) in send order.
 */
export function streamView(
  stream: MessageStream,
  outbox: readonly OutboxEntry[],
  options: { internal: boolean; userId: string; otherReadSeq: number; cache: ChatMessageCache },
): ChatMessage[] {
  const { internal, userId, otherReadSeq, cache } = options;
  const out: ChatMessage[] = [];
  const shown = new Set<string>();
  for (const message of stream.visible) {
    const mine = message.author.id === userId;
    out.push(cache.fromMessage(message, mine && otherReadSeq >= message.seq ? 'read' : 'sent', mine));
    shown.add(message.clientId);
  }
  const last = lastContiguousSeq(stream) ?? 0;
  for (const message of stream.known) {
    if (message.seq > last && message.author.id === userId && !shown.has(message.clientId)) {
      out.push(cache.fromMessage(message, 'sent', true));
      shown.add(message.clientId);
    }
  }
  for (const entry of outbox) {
    if (entry.internal === internal && !entry.discarded && !shown.has(entry.clientId)) out.push(cache.fromEntry(entry));
  }
  return out;
}
