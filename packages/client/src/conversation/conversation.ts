/**
 * One open query: its two message streams kept gapless, the outbox entries
 * shown at the end, typing, read cursors; re-joined (with afterSeq) on every
 * (re)connect by the client.
 */
import {
  Limits,
  type ErrorBody,
  type Message,
  type MessageReadEvent,
  type Query,
  type QueryJoinPayload,
  type TimelineEvent,
  type TypingEvent,
  type UserRef,
} from '@parley/protocol';
import { backoffCeiling, backoffDelay } from '../connection/backoff.js';
import type { OutboxEntry } from '../outbox/outbox-state.js';
import { addMessages, anchorStream, emptyStream, lastContiguousSeq, type MessageStream } from '../messages/message-stream.js';
import { WritableStore, type ReadableStore } from '../store.js';
import { ChatMessageCache, streamView, type ChatMessage } from './chat-message.js';
import { draftEntry } from './outbox-draft.js';
import { ReadReceipts } from './read-receipts.js';
import { StreamCatchUp, type StreamKind } from './stream-catch-up.js';
import type { Conversation, ConversationHost, ConversationState } from './conversation-api.js';
import { TypingSender, TypingTracker } from './typing.js';

export type { Conversation, ConversationHost, ConversationState } from './conversation-api.js';

/** Re-join schedule after a lost ack or a transient refusal on a live socket: 1–2 s, 2–4 s… up to 15–30 s. */
const JOIN_RETRY = { baseMs: 2_000, capMs: 30_000 };

/**
 * Where the conversation stands with its room, each state carrying only its own fields. `failures` counts
 * transient join failures in a row (the retry backoff); `error` is the last refusal, shown until a join succeeds.
 */
type JoinState =
  /** Not in the room: before the first join, or offline (every reconnect joins again). */
  | { kind: 'out'; failures: number; error?: ErrorBody }
  /** A `query:join` is in flight; an answer is applied only while this very state object is current. */
  | { kind: 'joining'; failures: number; error?: ErrorBody }
  /** Waiting to join again after a lost ack or a transient refusal on a live socket. */
  | { kind: 'retrying'; failures: number; error?: ErrorBody; timer: ReturnType<typeof setTimeout> }
  /** In the room: live events arrive. */
  | { kind: 'joined' }
  /** Refused for good (forbidden, not_found…) until the next reconnect. */
  | { kind: 'refused'; error: ErrorBody }
  /** Left or disposed: nothing happens any more. */
  | { kind: 'left' };

/** The SDK side of a {@link Conversation}: the client drives it with socket events and (re)joins. */
export class ConversationImpl implements Conversation {
  readonly queryId: string;
  readonly #host: ConversationHost;
  readonly #state: WritableStore<ConversationState>;
  readonly #cache = new ChatMessageCache();
  readonly #typingIn: TypingTracker;
  readonly #typingOut: TypingSender;
  readonly #unsubscribeOutbox: () => void;
  readonly #catchUp: StreamCatchUp;
  readonly #receipts: ReadReceipts;
  #streams: Record<StreamKind, MessageStream> = { messages: emptyStream, notes: emptyStream };
  /** This query's outbox entries as last rendered: other queries' changes do not re-render. */
  #outboxEntries: readonly OutboxEntry[] = [];
  #query: Query | null = null;
  #join: JoinState = { kind: 'out', failures: 0 };
  #loadingOlder = false;
  #typing: readonly UserRef[] = [];
  #customerReadSeq = 0;
  #agentReadSeq = 0;
  #timeline: readonly TimelineEvent[] = [];

  constructor(queryId: string, host: ConversationHost) {
    this.queryId = queryId;
    this.#host = host;
    this.#state = new WritableStore(this.#build());
    this.#typingIn = new TypingTracker((users) => {
      this.#typing = users;
      this.#render();
    });
    this.#typingOut = new TypingSender((typing) => this.#host.link.notify('typing', { queryId, typing }));
    this.#catchUp = new StreamCatchUp({
      stream: (kind) => this.#streams[kind],
      apply: (kind, page) => {
        this.#streams[kind] = addMessages(this.#streams[kind], page);
        this.#render();
      },
      fetch: (kind, after, limit) => this.#host.history.listMessages(this.queryId, { after, limit, ...(kind === 'notes' ? { internal: true } : {}) }),
      canFetch: () => this.#join.kind !== 'left' && this.#join.kind !== 'joining' && this.#host.link.online,
    });
    this.#receipts = new ReadReceipts(
      async (seq) => (await this.#host.link.request('message:read', { queryId: this.queryId, seq }))?.ok === true,
      () => this.#host.link.online,
    );
    this.#outboxEntries = this.#ownEntries();
    this.#unsubscribeOutbox = host.outbox.entries.subscribe(() => {
      const entries = this.#ownEntries();
      if (sameEntries(entries, this.#outboxEntries)) return;
      this.#outboxEntries = entries;
      this.#render();
    });
    this.#render();
  }

  get state(): ReadableStore<ConversationState> {
    return this.#state;
  }

  send(body: string, options: { internal?: boolean; attachmentIds?: string[] } = {}): { message: ChatMessage; done: Promise<Message> } {
    const entry = draftEntry({
      queryId: this.queryId,
      body,
      internal: this.#host.kind === 'agent' && options.internal === true,
      attachmentIds: options.attachmentIds ?? [],
      author: this.#host.user,
    });
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
    if (!this.#receipts.want(target)) {
      // Nothing newer to mark, but the last receipt may have been lost (timed out, refused): send it again.
      this.#receipts.flush();
      return;
    }
    if (this.#host.kind === 'customer') this.#customerReadSeq = Math.max(this.#customerReadSeq, target);
    else this.#agentReadSeq = Math.max(this.#agentReadSeq, target);
    this.#host.reads?.ownReadMoved(this.queryId, target);
    this.#receipts.flush();
    this.#render();
  }

  async loadOlder(): Promise<void> {
    const kinds = this.#kinds().filter((kind) => hasOlder(this.#streams[kind]));
    if (kinds.length === 0 || this.#loadingOlder) return;
    this.#loadingOlder = true;
    this.#render();
    try {
      // Each stream pages on its own: notes may reach further back than messages, or the reverse.
      for (const kind of kinds) {
        const floor = this.#streams[kind].floor!;
        const page = await this.#host.history.listMessages(this.queryId, {
          before: floor,
          limit: Limits.HISTORY_PAGE_DEFAULT,
          ...(kind === 'notes' ? { internal: true } : {}),
        });
        this.#addOlder(kind, page, floor);
      }
    } finally {
      this.#loadingOlder = false;
      this.#render();
    }
  }

  leave(): void {
    if (this.#join.kind === 'left') return;
    this.#dispose();
    if (this.#host.link.online) void this.#host.link.request('query:leave', { queryId: this.queryId });
    this.#host.onLeave(this);
  }

  // ------------------------------------------------------------ driven by the client

  /** (Re)joins the room, resuming each stream after the last seq it holds. */
  async join(): Promise<void> {
    if (this.#join.kind === 'left' || !this.#host.link.online) return;
    this.#clearJoinRetry();
    const before = this.#join;
    const carried = 'failures' in before ? { failures: before.failures, ...(before.error ? { error: before.error } : {}) } : { failures: 0 };
    const joining: JoinState = { kind: 'joining', ...carried };
    this.#join = joining;
    const afterSeq = lastContiguousSeq(this.#streams.messages);
    const afterNoteSeq = lastContiguousSeq(this.#streams.notes);
    const payload: QueryJoinPayload = { queryId: this.queryId };
    if (afterSeq !== null) payload.afterSeq = afterSeq;
    if (this.#host.kind === 'agent' && afterNoteSeq !== null) payload.afterNoteSeq = afterNoteSeq;
    const ack = await this.#host.link.request('query:join', payload);
    // A newer join, a disconnect (which re-joins on reconnect) or leave() took over.
    if (this.#join !== joining) return;
    if (ack && !ack.ok && this.#historyWasReset(ack.error, { messages: afterSeq, notes: afterNoteSeq })) {
      // Join again without the streams the server no longer has (each reset drops one: at most two more joins).
      this.#join = { kind: 'out', failures: joining.failures };
      this.#render();
      return this.join();
    }
    if (!ack || !ack.ok) {
      const error = ack?.error ?? joining.error;
      // A lost ack on a live socket (timeout) or a transient refusal: without a join the list is
      // never anchored, so try again, backing off. Anything else is final until the next reconnect.
      if (!ack || ack.error.code === 'unavailable' || ack.error.code === 'internal' || ack.error.code === 'rate_limited') {
        const ceiling = backoffCeiling(joining.failures, JOIN_RETRY);
        const delay = Math.max(ack?.error.retryAfterMs ?? 0, ceiling / 2 + backoffDelay(joining.failures, JOIN_RETRY) / 2);
        const timer = setTimeout(() => void this.join(), delay);
        this.#join = { kind: 'retrying', failures: joining.failures + 1, timer, ...(error ? { error } : {}) };
      } else {
        this.#join = { kind: 'refused', error: ack.error };
      }
      if (ack) this.#render();
      return;
    }
    this.#join = { kind: 'joined' };
    this.#applyQuery(ack.query);
    if (ack.timeline) this.#addTimeline(ack.timeline);
    this.#applyJoin('messages', afterSeq, ack.messages, ack.query.lastSeq);
    // Only an agent's join answers with notes (the /admin namespace's result).
    if ('notes' in ack) this.#applyJoin('notes', afterNoteSeq, ack.notes, ack.query.lastNoteSeq);
    // The server's cursor for my side: a receipt lost on the way (or never acked) is sent again.
    this.#receipts.serverHas(this.#host.kind === 'customer' ? ack.query.customerReadSeq : ack.query.agentReadSeq);
    this.#render();
    this.#receipts.flush();
    this.#catchUp.request('messages', ack.query.lastSeq);
    if (this.#host.kind === 'agent') this.#catchUp.request('notes', ack.query.lastNoteSeq);
    this.#catchUp.resume(this.#kinds());
  }

  /**
   * The server refused a resume point past its last seq (`invalid_payload` on `afterSeq`/`afterNoteSeq`): it lost
   * history the client saw (restored from an older backup, a failover that lost commits) and will number new
   * messages from there again. What this client holds of that stream is dropped, so the next join anchors on the
   * server's history and its new messages are not taken for duplicates of the old seqs. True when one was dropped.
   */
  #historyWasReset(error: ErrorBody, sent: Record<StreamKind, number | null>): boolean {
    if (error.code !== 'invalid_payload') return false;
    const paths: Record<string, StreamKind> = { afterSeq: 'messages', afterNoteSeq: 'notes' };
    let dropped = false;
    for (const issue of error.issues ?? []) {
      const kind = paths[issue.path];
      if (kind === undefined || sent[kind] === null) continue;
      this.#streams[kind] = emptyStream;
      this.#catchUp.forget(kind);
      // Read up to a seq the server will hand out again: it would refuse that receipt, and mean other messages.
      // Both sides' read cursors too: the next join's query sets them as the server has them now.
      if (kind === 'messages') {
        this.#receipts.forget();
        this.#customerReadSeq = 0;
        this.#agentReadSeq = 0;
      }
      dropped = true;
    }
    return dropped;
  }

  handleOffline(): void {
    if (this.#join.kind === 'left') return;
    this.#clearJoinRetry();
    const error = 'error' in this.#join ? this.#join.error : undefined;
    this.#join = { kind: 'out', failures: 'failures' in this.#join ? this.#join.failures : 0, ...(error ? { error } : {}) };
    this.#typingIn.clear();
    this.#render();
  }

  /** A stored message from any source: broadcast, ack, REST. */
  handleMessage(message: Message): void {
    const kind: StreamKind = message.internal ? 'notes' : 'messages';
    this.#streams[kind] = addMessages(this.#streams[kind], [message]);
    this.#typingIn.update(message.author, false);
    this.#render();
    this.#catchUp.request(kind, message.seq);
  }

  /** A newer copy of the query (push, REST, ack). Its lastSeq also reveals a lost last message. */
  handleQuery(query: Query): void {
    this.#applyQuery(query);
    this.#render();
    if (this.#join.kind !== 'joined') return;
    this.#catchUp.request('messages', query.lastSeq);
    if (this.#host.kind === 'agent') this.#catchUp.request('notes', query.lastNoteSeq);
  }

  /** A live `query:timeline` event of this query. */
  handleTimeline(event: TimelineEvent): void {
    if (this.#addTimeline([event])) this.#render();
  }

  /** Stops every timer (the client is closing); unlike leave(), tells the server nothing. */
  dispose(): void {
    if (this.#join.kind === 'left') return;
    this.#dispose();
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

  /** Adds the events not held yet (by id), keeping the order by time; true when something was added. */
  #addTimeline(events: readonly TimelineEvent[]): boolean {
    const known = new Set(this.#timeline.map((e) => e.id));
    const fresh = events.filter((e) => !known.has(e.id));
    if (fresh.length === 0) return false;
    // Stable: events of one moment keep the order the server gave them.
    this.#timeline = [...this.#timeline, ...fresh].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    return true;
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

  #kinds(): StreamKind[] {
    return this.#host.kind === 'agent' ? ['messages', 'notes'] : ['messages'];
  }

  #ownEntries(): readonly OutboxEntry[] {
    return this.#host.outbox.entries.getSnapshot().filter((e) => e.queryId === this.queryId);
  }

  #clearJoinRetry(): void {
    if (this.#join.kind === 'retrying') clearTimeout(this.#join.timer);
  }

  /** Ends every activity; the state becomes `left` (a pending join's answer is then ignored). */
  #dispose(): void {
    this.#clearJoinRetry();
    this.#join = { kind: 'left' };
    this.#catchUp.dispose();
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
    const outbox = this.#outboxEntries;
    const isAgent = this.#host.kind === 'agent';
    const userId = this.#host.user.id;
    // My messages are 'read' once the other side's cursor passes them.
    const otherReadSeq = isAgent ? this.#customerReadSeq : this.#agentReadSeq;
    return {
      query: this.#query,
      messages: streamView(this.#streams.messages, outbox, { internal: false, userId, otherReadSeq, cache: this.#cache }),
      // Notes have no reader on the other side: never 'read'.
      notes: isAgent ? streamView(this.#streams.notes, outbox, { internal: true, userId, otherReadSeq: 0, cache: this.#cache }) : [],
      joined: this.#join.kind === 'joined',
      hasOlder: hasOlder(this.#streams.messages),
      hasOlderNotes: isAgent && hasOlder(this.#streams.notes),
      loadingOlder: this.#loadingOlder,
      typing: this.#typing,
      timeline: this.#timeline,
      customerReadSeq: this.#customerReadSeq,
      agentReadSeq: this.#agentReadSeq,
      ...('error' in this.#join && this.#join.error ? { error: this.#join.error } : {}),
    };
  }
}

function hasOlder(stream: MessageStream): boolean {
  return stream.floor !== null && stream.floor > 1;
}

function sameEntries(a: readonly OutboxEntry[], b: readonly OutboxEntry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}
