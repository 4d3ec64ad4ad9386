/**
 * One open query: its two message streams kept gapless, the outbox entries
 * shown at the end, typing, read cursors; re-joined (with afterSeq) on every
 * (re)connect by the client.
 */
import {
  Limits,
  type Ack,
  type AdminQueryJoinResult,
  type ErrorBody,
  type Message,
  type MessageReadEvent,
  type Query,
  type QueryJoinPayload,
  type TypingEvent,
  type UserRef,
} from '@parley/protocol';
import { ParleyError } from '../errors.js';
import type { Outbox } from '../outbox/outbox.js';
import type { OutboxEntry } from '../outbox/outbox-state.js';
import {
  addMessages,
  anchorStream,
  emptyStream,
  lastContiguousSeq,
  newestKnownSeq,
  type MessageStream,
} from '../messages/message-stream.js';
import { WritableStore, type ReadableStore } from '../store.js';
import { ChatMessageCache, streamView, type ChatMessage } from './chat-message.js';
import { newClientId } from './client-id.js';
import { TypingSender, TypingTracker } from './typing.js';

export interface ConversationState {
  query: Query | null;
  /** Public stream, sorted by seq, no gap, no duplicate; then my own not-yet-stored (pending/failed) messages in send order. */
  messages: readonly ChatMessage[];
  /** Agents only: internal notes stream, same rules. Customers: always []. */
  notes: readonly ChatMessage[];
  /** True while the socket is in the query's room. */
  joined: boolean;
  /** True while older history exists that is not loaded (scroll-back). */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Others currently typing (expire by themselves after a few seconds). */
  typing: readonly UserRef[];
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
  /** One more page of history before the first loaded seq. */
  loadOlder(): Promise<void>;
  leave(): void;
}

/** What a conversation needs from the client that owns it. */
export interface ConversationHost {
  readonly user: UserRef;
  readonly kind: 'customer' | 'agent';
  readonly outbox: Outbox;
  /** Emits with an ack; null when offline, disconnected before the ack, or timed out. */
  emitWithAck<T extends object>(event: string, payload: object): Promise<Ack<T> | null>;
  /** Emits without ack when online; dropped otherwise. */
  emitVolatile(event: string, payload: object): void;
  listMessages(queryId: string, params: { after?: number; before?: number; limit?: number; internal?: boolean }): Promise<Message[]>;
  isOnline(): boolean;
  onLeave(conversation: ConversationImpl): void;
}

type StreamKind = 'messages' | 'notes';

/** How long to wait before re-joining after the server said `unavailable`. */
const JOIN_RETRY_MS = 2_000;
/** How long to wait before fetching a missing range again after REST failed. */
const CATCH_UP_RETRY_MS = 1_000;

export class ConversationImpl implements Conversation {
  readonly queryId: string;
  readonly #host: ConversationHost;
  readonly #state: WritableStore<ConversationState>;
  readonly #cache = new ChatMessageCache();
  readonly #typingIn: TypingTracker;
  readonly #typingOut: TypingSender;
  readonly #unsubscribeOutbox: () => void;
  #streams: Record<StreamKind, MessageStream> = { messages: emptyStream, notes: emptyStream };
  #catchingUp: Record<StreamKind, boolean> = { messages: false, notes: false };
  /** Highest seq each stream is known to reach (from join acks and live messages). */
  #targets: Record<StreamKind, number> = { messages: 0, notes: 0 };
  #query: Query | null = null;
  #joined = false;
  #joinEpoch = 0;
  #joinRetry: ReturnType<typeof setTimeout> | null = null;
  #catchUpRetry: ReturnType<typeof setTimeout> | null = null;
  #error: ErrorBody | undefined;
  #loadingOlder = false;
  #typing: readonly UserRef[] = [];
  #customerReadSeq = 0;
  #agentReadSeq = 0;
  #readWanted = 0;
  #readSent = 0;
  #left = false;

  constructor(queryId: string, host: ConversationHost) {
    this.queryId = queryId;
    this.#host = host;
    this.#state = new WritableStore(this.#build());
    this.#typingIn = new TypingTracker((users) => {
      this.#typing = users;
      this.#render();
    });
    this.#typingOut = new TypingSender((typing) => this.#host.emitVolatile('typing', { queryId, typing }));
    this.#unsubscribeOutbox = host.outbox.entries.subscribe(() => this.#render());
    this.#render();
  }

  get state(): ReadableStore<ConversationState> {
    return this.#state;
  }

  send(body: string, options: { internal?: boolean; attachmentIds?: string[] } = {}): { message: ChatMessage; done: Promise<Message> } {
    const internal = this.#host.kind === 'agent' && options.internal === true;
    const invalid = validateBody(body);
    const entry: OutboxEntry = {
      clientId: newClientId(),
      queryId: this.queryId,
      body,
      internal,
      attachmentIds: options.attachmentIds ?? [],
      author: this.#host.user,
      createdAt: new Date().toISOString(),
      // A body the server would refuse fails at once instead of waiting for a connection.
      state: invalid ? 'failed' : 'pending',
      ...(invalid ? { error: invalid } : {}),
      notBefore: 0,
      attempts: 0,
    };
    this.#typingOut.set(false);
    const done = this.#host.outbox.add(entry);
    return { message: this.#cache.fromEntry(entry), done };
  }

  retry(clientId: string): void {
    this.#host.outbox.retry(clientId);
  }

  discard(clientId: string): void {
    this.#host.outbox.discard(clientId);
  }

  setTyping(typing: boolean): void {
    this.#typingOut.set(typing);
  }

  markRead(seq?: number): void {
    const target = seq ?? lastContiguousSeq(this.#streams.messages) ?? 0;
    if (target <= this.#readWanted) return;
    this.#readWanted = target;
    if (this.#host.kind === 'customer') this.#customerReadSeq = Math.max(this.#customerReadSeq, target);
    else this.#agentReadSeq = Math.max(this.#agentReadSeq, target);
    this.#flushRead();
    this.#render();
  }

  async loadOlder(): Promise<void> {
    const floor = this.#streams.messages.floor;
    if (floor === null || floor <= 1 || this.#loadingOlder) return;
    this.#loadingOlder = true;
    this.#render();
    try {
      const page = await this.#host.listMessages(this.queryId, { before: floor, limit: Limits.HISTORY_PAGE_DEFAULT });
      this.#addOlder('messages', page, floor);
      if (this.#host.kind === 'agent') {
        const notesFloor = this.#streams.notes.floor;
        if (notesFloor !== null && notesFloor > 1) {
          const notes = await this.#host.listMessages(this.queryId, { before: notesFloor, limit: Limits.HISTORY_PAGE_DEFAULT, internal: true });
          this.#addOlder('notes', notes, notesFloor);
        }
      }
    } finally {
      this.#loadingOlder = false;
      this.#render();
    }
  }

  leave(): void {
    if (this.#left) return;
    this.#left = true;
    this.#dispose();
    if (this.#host.isOnline()) void this.#host.emitWithAck('query:leave', { queryId: this.queryId });
    this.#host.onLeave(this);
  }

  // ------------------------------------------------------------ driven by the client

  /** (Re)joins the room, resuming each stream after the last seq it holds. */
  async join(): Promise<void> {
    if (this.#left || !this.#host.isOnline()) return;
    if (this.#joinRetry) clearTimeout(this.#joinRetry);
    this.#joinRetry = null;
    const epoch = ++this.#joinEpoch;
    const afterSeq = lastContiguousSeq(this.#streams.messages);
    const afterNoteSeq = lastContiguousSeq(this.#streams.notes);
    const payload: QueryJoinPayload = { queryId: this.queryId };
    if (afterSeq !== null) payload.afterSeq = afterSeq;
    if (this.#host.kind === 'agent' && afterNoteSeq !== null) payload.afterNoteSeq = afterNoteSeq;
    const ack = await this.#host.emitWithAck<AdminQueryJoinResult>('query:join', payload);
    if (epoch !== this.#joinEpoch || this.#left || !ack) return;
    if (!ack.ok) {
      this.#error = ack.error;
      this.#render();
      if (ack.error.code === 'unavailable' || ack.error.code === 'internal' || ack.error.code === 'rate_limited') {
        this.#joinRetry = setTimeout(() => void this.join(), ack.error.retryAfterMs ?? JOIN_RETRY_MS);
      }
      return;
    }
    this.#error = undefined;
    this.#joined = true;
    this.#applyQuery(ack.query);
    this.#applyJoin('messages', afterSeq, ack.messages, ack.query.lastSeq);
    if (this.#host.kind === 'agent') this.#applyJoin('notes', afterNoteSeq, ack.notes ?? [], ack.query.lastNoteSeq);
    this.#render();
    this.#flushRead();
    void this.#catchUp('messages', ack.query.lastSeq);
    if (this.#host.kind === 'agent') void this.#catchUp('notes', ack.query.lastNoteSeq);
  }

  handleOffline(): void {
    this.#joinEpoch++;
    this.#joined = false;
    this.#typingIn.clear();
    this.#render();
  }

  /** A stored message from any source: broadcast, ack, REST. */
  handleMessage(message: Message): void {
    const kind: StreamKind = message.internal ? 'notes' : 'messages';
    this.#streams[kind] = addMessages(this.#streams[kind], [message]);
    this.#typingIn.update(message.author, false);
    this.#render();
    void this.#catchUp(kind, message.seq);
  }

  handleQuery(query: Query): void {
    this.#applyQuery(query);
    this.#render();
  }

  handleTyping(event: TypingEvent): void {
    if (event.user.id === this.#host.user.id) return;
    this.#typingIn.update(event.user, event.typing);
  }

  handleRead(event: MessageReadEvent): void {
    if (event.user.role === 'customer') this.#customerReadSeq = Math.max(this.#customerReadSeq, event.seq);
    else this.#agentReadSeq = Math.max(this.#agentReadSeq, event.seq);
    this.#render();
  }

  // ------------------------------------------------------------------ internals

  #applyQuery(query: Query): void {
    if (this.#query && Date.parse(query.updatedAt) < Date.parse(this.#query.updatedAt)) return;
    this.#query = query;
    this.#customerReadSeq = Math.max(this.#customerReadSeq, query.customerReadSeq);
    this.#agentReadSeq = Math.max(this.#agentReadSeq, query.agentReadSeq);
  }

  #applyJoin(kind: StreamKind, afterSeq: number | null, messages: readonly Message[], lastSeq: number): void {
    let stream = this.#streams[kind];
    // A first join (no afterSeq) returns the latest page: the list starts at its first message.
    if (afterSeq === null) stream = anchorStream(stream, messages[0]?.seq ?? lastSeq + 1);
    this.#streams[kind] = addMessages(stream, messages);
  }

  #addOlder(kind: StreamKind, page: readonly Message[], floor: number): void {
    // Only a page that reaches down from floor-1 keeps the list gapless; anything else is ignored.
    const sorted = [...page].sort((a, b) => a.seq - b.seq);
    if (sorted.length === 0 || sorted.at(-1)!.seq !== floor - 1) return;
    const first = sorted[0]!.seq;
    if (sorted.some((m, i) => m.seq !== first + i)) return;
    this.#streams[kind] = anchorStream(addMessages(this.#streams[kind], sorted), first);
  }

  /**
   * Fetches over REST whatever lies between the contiguous list and `target`
   * (or the newest message that arrived above a gap). One loop per stream at a time.
   */
  async #catchUp(kind: StreamKind, target: number): Promise<void> {
    this.#targets[kind] = Math.max(this.#targets[kind], target);
    if (this.#catchingUp[kind]) return;
    this.#catchingUp[kind] = true;
    try {
      for (;;) {
        if (this.#left) return;
        const stream = this.#streams[kind];
        const last = lastContiguousSeq(stream);
        const goal = Math.max(this.#targets[kind], newestKnownSeq(stream));
        if (last === null || last >= goal) return;
        const page = await this.#host.listMessages(this.queryId, {
          after: last,
          limit: Limits.HISTORY_PAGE_MAX,
          ...(kind === 'notes' ? { internal: true } : {}),
        });
        this.#streams[kind] = addMessages(this.#streams[kind], page);
        this.#render();
        if (page.length === 0) return;
      }
    } catch (error) {
      // Server busy or unreachable: try again shortly while online (a reconnect re-joins anyway).
      const retryAfterMs = error instanceof ParleyError ? error.body.retryAfterMs : undefined;
      this.#catchUpRetry ??= setTimeout(() => {
        this.#catchUpRetry = null;
        if (!this.#host.isOnline()) return;
        void this.#catchUp('messages', 0);
        if (this.#host.kind === 'agent') void this.#catchUp('notes', 0);
      }, retryAfterMs ?? CATCH_UP_RETRY_MS);
    } finally {
      this.#catchingUp[kind] = false;
    }
  }

  #flushRead(): void {
    if (this.#readWanted <= this.#readSent || !this.#host.isOnline()) return;
    this.#readSent = this.#readWanted;
    this.#host.emitVolatile('message:read', { queryId: this.queryId, seq: this.#readWanted });
  }

  #dispose(): void {
    this.#joinEpoch++;
    if (this.#joinRetry) clearTimeout(this.#joinRetry);
    if (this.#catchUpRetry) clearTimeout(this.#catchUpRetry);
    this.#typingIn.clear();
    this.#typingOut.dispose();
    this.#unsubscribeOutbox();
  }

  #render(): void {
    // The constructor renders before every field exists.
    if (!this.#state) return;
    this.#state.set(this.#build());
  }

  #build(): ConversationState {
    const outbox = this.#host.outbox.entries.getSnapshot().filter((e) => e.queryId === this.queryId);
    const isAgent = this.#host.kind === 'agent';
    const userId = this.#host.user.id;
    // My messages are 'read' once the other side's cursor passes them.
    const otherReadSeq = isAgent ? this.#customerReadSeq : this.#agentReadSeq;
    const floor = this.#streams.messages.floor;
    return {
      query: this.#query,
      messages: streamView(this.#streams.messages, outbox, { internal: false, userId, otherReadSeq, cache: this.#cache }),
      // Notes have no reader on the other side: never 'read'.
      notes: isAgent ? streamView(this.#streams.notes, outbox, { internal: true, userId, otherReadSeq: 0, cache: this.#cache }) : [],
      joined: this.#joined,
      hasOlder: floor !== null && floor > 1,
      loadingOlder: this.#loadingOlder,
      typing: this.#typing,
      customerReadSeq: this.#customerReadSeq,
      agentReadSeq: this.#agentReadSeq,
      ...(this.#error ? { error: this.#error } : {}),
    };
  }
}

function validateBody(body: string): ErrorBody | null {
  const length = body.trim().length;
  if (length === 0) return { code: 'invalid_payload', message: 'the message is empty' };
  if (length > Limits.MESSAGE_BODY_MAX) {
    return { code: 'invalid_payload', message: `the message is longer than ${Limits.MESSAGE_BODY_MAX} characters` };
  }
  return null;
}
