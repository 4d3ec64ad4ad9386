/**
 * The client's two live lists of queries — `queries` (filtered pages) and the
 * agents' `queue` — fed from one source, with my own read cursor laid over
 * every copy: the server echoes a read receipt to the room only, so without it
 * a list would show a query I just read as unread until its next update.
 */
import type { ListQueriesParams, Query } from '@parley/protocol';
import type { OwnReadListener } from '../conversation/conversation-api.js';
import type { ReadableStore } from '../store.js';
import { LiveQueryList } from './live-query-list.js';
import { LiveQueue, type QueueState } from './live-queue.js';
import type { QueryListState } from './query-list.js';
import type { QueryPages } from './query-pages.js';

export class LiveLists implements OwnReadListener {
  readonly #queries: LiveQueryList;
  readonly #queue: LiveQueue;
  /** My own read cursor per query, as marked here. */
  readonly #ownReads = new Map<string, number>();
  readonly #readField: 'agentReadSeq' | 'customerReadSeq';

  /** `pages` reads pages of queries (the client's REST calls). */
  constructor(pages: QueryPages, user: { id: string }, kind: 'customer' | 'agent') {
    this.#readField = kind === 'agent' ? 'agentReadSeq' : 'customerReadSeq';
    const normalize = (query: Query) => this.#withOwnRead(query);
    this.#queries = new LiveQueryList(pages, user.id, normalize);
    this.#queue = new LiveQueue(pages, normalize);
  }

  get queries(): ReadableStore<QueryListState> {
    return this.#queries.store;
  }

  get queue(): ReadableStore<QueueState> {
    return this.#queue.store;
  }

  loadQueries(params?: ListQueriesParams): Promise<void> {
    return this.#queries.load(params);
  }

  /** The first page again, or the first load when nothing was loaded yet. */
  refreshQueries(): Promise<void> {
    return this.#queries.active ? this.#queries.refresh() : this.#queries.load();
  }

  loadQueue(): Promise<void> {
    return this.#queue.load();
  }

  loadMoreResolved(): Promise<void> {
    return this.#queue.loadMoreResolved();
  }

  /**
   * After a reconnect: whatever changed while away comes back, for the lists in use only. With `since` (when the
   * socket came online, `performance.now()`), a list read from the start after that moment is left alone: the socket
   * already delivered everything after its read (the console loads its queue as it connects: one read, not two).
   */
  reloadActive(since?: number): void {
    const stale = (list: { active: boolean; loadStartedAt: number }) => list.active && !(since !== undefined && list.loadStartedAt >= since);
    if (stale(this.#queries)) void this.#queries.refresh().catch(() => undefined);
    if (stale(this.#queue)) void this.#queue.load().catch(() => undefined);
  }

  /** A query from any source, into both lists (each keeps to its own filters). */
  merge(query: Query): void {
    this.#queries.merge(query);
    this.#queue.merge(query);
  }

  /** Every listed query of this customer (either list), once each. */
  ofCustomer(customerId: string): Query[] {
    const found = new Map<string, Query>();
    for (const q of [...this.#queries.store.getSnapshot().items, ...this.#queue.store.getSnapshot().items]) {
      if (q.customer.id === customerId && !found.has(q.id)) found.set(q.id, q);
    }
    return [...found.values()];
  }

  /** A listed query by id, to seed a conversation opened from a list. */
  find(id: string): Query | undefined {
    return this.#queries.find(id) ?? this.#queue.find(id);
  }

  /** My own read cursor moved (only ever forward). */
  ownReadMoved(queryId: string, seq: number): void {
    if ((this.#ownReads.get(queryId) ?? 0) >= seq) return;
    this.#ownReads.set(queryId, seq);
    this.#queries.renormalize(queryId);
    this.#queue.renormalize(queryId);
  }

  /**
   * A query with my own read cursor as I marked it, never behind it (a page or push may predate my read). An
   * agent's read also bounds the agents' unread count: none are left after `lastSeq`, at most the messages after it
   * otherwise (the server's count, which skips automatic replies, follows with its next update).
   */
  #withOwnRead(query: Query): Query {
    const mine = this.#ownReads.get(query.id);
    const field = this.#readField;
    if (mine === undefined || query[field] >= mine) return query;
    const read = { ...query, [field]: mine };
    if (field === 'agentReadSeq' && query.agentUnread !== undefined) read.agentUnread = Math.min(query.agentUnread, Math.max(0, query.lastSeq - mine));
    return read;
  }
}
