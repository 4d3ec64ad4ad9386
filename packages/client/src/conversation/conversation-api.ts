/** The public face of one open query, and what it needs from the client that owns it. */
import type { ErrorBody, Message, Query, TimelineEvent, UserRef } from '@parley/protocol';
import type { ConversationEvents, LiveLink } from '../connection/live-link.js';
import type { Outbox } from '../outbox/outbox.js';
import type { MessageHistory } from '../rest/parley-rest.js';
import type { ReadableStore } from '../store.js';
import type { ChatMessage } from './chat-message.js';

export interface ConversationState {
  query: Query | null;
  /** Public stream, sorted by seq, no gap, no duplicate; then my own not-yet-stored (pending/failed) messages in send order. */
  messages: readonly ChatMessage[];
  /** Agents only: internal notes stream, same rules. Customers: always []. */
  notes: readonly ChatMessage[];
  /** True while the socket is in the query's room. */
  joined: boolean;
  /** True while older public history exists that is not loaded (scroll-back). */
  hasOlder: boolean;
  /**
   * Agents: true while older internal notes exist that are not loaded (loadOlder() pages both
   * streams). Customers: false. Always set by the SDK; optional only so hand-built fixtures
   * written before it existed stay valid.
   */
  hasOlderNotes?: boolean;
  loadingOlder: boolean;
  /** Others currently typing (expire by themselves after a few seconds). */
  typing: readonly UserRef[];
  /**
   * What happened to the query — assignments, transfers, resolutions, reopenings — oldest first, to show among
   * the messages by `createdAt` (customers get their view: who joined, resolved, reopened). From every join,
   * then live. Always set by the SDK; optional only so hand-built fixtures stay valid.
   */
  timeline?: readonly TimelineEvent[];
  /** Read cursors: the customer's and the agents'. */
  customerReadSeq: number;
  agentReadSeq: number;
  /** Why the last join was refused (forbidden, not_found), if it was. */
  error?: ErrorBody;
}

export interface Conversation {
  readonly queryId: string;
  readonly state: ReadableStore<ConversationState>;
  /**
   * Returns at once: the pending message is already in state.messages. `done` settles when acked
   * (resolves with the stored message) or fails for good (rejects with a ParleyError).
   */
  send(body: string, options?: { internal?: boolean; attachmentIds?: string[] }): { message: ChatMessage; done: Promise<Message> };
  /** A failed message back to pending. */
  retry(clientId: string): void;
  /** Drops a failed/pending message from the outbox. */
  discard(clientId: string): void;
  /** Throttled; sends typing:false after idle. */
  setTyping(typing: boolean): void;
  /** Default: the latest seq shown. */
  markRead(seq?: number): void;
  /** One more page of history before the first loaded seq, for each stream that has older (messages, agents' notes). */
  loadOlder(): Promise<void>;
  leave(): void;
}

/** Who hears that my own read cursor moved (the live query lists clear unread badges at once). */
export interface OwnReadListener {
  ownReadMoved(queryId: string, seq: number): void;
}

/** What a conversation uses of the client that owns it: named parts, no callbacks to rebuild. */
export interface ConversationHost {
  readonly user: UserRef;
  readonly kind: 'customer' | 'agent';
  /** Where `send()` puts messages (the outbox sends them over `link`). */
  readonly outbox: Outbox;
  /** The live socket: join, leave, read receipts, typing. */
  readonly link: LiveLink<ConversationEvents>;
  /** REST history, for gaps and scroll-back. */
  readonly history: MessageHistory;
  readonly reads?: OwnReadListener;
  onLeave(conversation: Conversation): void;
}
