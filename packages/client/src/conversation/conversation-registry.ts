/**
 * The client's open conversations, one per query id: opened on demand, routed
 * to by query id, re-joined and taken offline together with the link.
 */
import type { Message, MessageReadEvent, Query, TypingEvent, TimelineEvent } from '@parley/protocol';
import { ConversationImpl, type ConversationHost } from './conversation.js';

/** What every conversation shares; `onLeave` is the registry's own. */
export type SharedConversationHost = Omit<ConversationHost, 'onLeave'>;

export class ConversationRegistry {
  readonly #open = new Map<string, ConversationImpl>();
  readonly #host: SharedConversationHost;

  constructor(host: SharedConversationHost) {
    this.#host = host;
  }

  /**
   * The open conversation of `queryId`, or a new one that joins at once; `known`
   * (from a live list) seeds a new one so it shows the query before the join answers.
   */
  open(queryId: string, known: () => Query | undefined): ConversationImpl {
    let conversation = this.#open.get(queryId);
    if (!conversation) {
      conversation = new ConversationImpl(queryId, {
        ...this.#host,
        onLeave: (left) => {
          if (this.#open.get(left.queryId) === left) this.#open.delete(left.queryId);
        },
      });
      this.#open.set(queryId, conversation);
      const query = known();
      if (query) conversation.handleQuery(query);
      void conversation.join();
    }
    return conversation;
  }

  /** A stored message from any source (broadcast, send ack), to its conversation if open. */
  handleMessage(message: Message): void {
    this.#open.get(message.queryId)?.handleMessage(message);
  }

  handleTyping(event: TypingEvent): void {
    this.#open.get(event.queryId)?.handleTyping(event);
  }

  handleRead(event: MessageReadEvent): void {
    this.#open.get(event.queryId)?.handleRead(event);
  }

  handleTimeline(event: TimelineEvent): void {
    this.#open.get(event.queryId)?.handleTimeline(event);
  }

  handleQuery(query: Query): void {
    this.#open.get(query.id)?.handleQuery(query);
  }

  /** After a (re)connect: every open conversation joins again, resuming after what it holds. */
  joinAll(): void {
    for (const conversation of this.#open.values()) void conversation.join();
  }

  handleOffline(): void {
    for (const conversation of this.#open.values()) conversation.handleOffline();
  }

  /** Stops every conversation's timers (the client is closing); `open()` starts fresh ones. */
  disposeAll(): void {
    for (const conversation of [...this.#open.values()]) conversation.dispose();
    this.#open.clear();
  }
}
