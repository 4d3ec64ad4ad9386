/**
 * The agents' working queue behind `client.queue`: EVERY unresolved query
 * (open and pending, each status paged in completely with status-filtered
 * requests) plus resolved queries, whose history can be long, paged on demand.
 * A single unfiltered list cannot do this: its first page is the newest N
 * queries of any status, so an older open query hides behind newer resolved ones.
 */
import { Limits, type ListQueriesParams, type Query } from '@parley/protocol';
import { WritableStore, type ReadableStore } from '../store.js';
import type { QueryPages } from './query-pages.js';
import { mergeQueries, renormalizeQuery, replaceCovered, withItems } from './query-list.js';

/** What `client.queue` holds. */
export interface QueueState {
  /** Unresolved queries (all of them once `unresolvedComplete`) and the resolved ones loaded so far; newest `updatedAt` first. */
  readonly items: readonly Query[];
  /** A (re)load of the unresolved pages is under way. */
  readonly loading: boolean;
  /** Every open and pending query is in `items` (counts per status are exact). */
  readonly unresolvedComplete: boolean;
  /** More resolved queries exist than are loaded: pass to nothing, call `loadMoreResolved()`. */
  readonly resolvedCursor: string | null;
  readonly loadingResolved: boolean;
}

export const emptyQueue: QueueState = Object.freeze({
  items: [],
  loading: false,
  unresolvedComplete: false,
  resolvedCursor: null,
  loadingResolved: false,
});

export interface QueuePageSizes {
  /** Unresolved pages are all fetched: as few requests as the server allows. */
  unresolved: number;
  /** Resolved pages come on demand, a screenful or two at a time. */
  resolved: number;
}

const DEFAULT_PAGE_SIZES: QueuePageSizes = { unresolved: Limits.QUERY_PAGE_MAX, resolved: 50 };

/** The queue; the client routes pushes, reads and reconnects to it. */
export class LiveQueue {
  readonly #store = new WritableStore<QueueState>(emptyQueue);
  readonly #pages: QueryPages;
  readonly #normalize: (query: Query) => Query;
  readonly #pageSize: QueuePageSizes;
  #started = false;
  /** Bumped by every (re)load, so a slower older load or resolved page never lands over a newer one. */
  #generation = 0;
  /** Ids pushed by events while a (re)load is in flight: newer than its pages. */
  #touched: Set<string> | null = null;
  #inFlight: Promise<void> | null = null;
  #loadStartedAt = -Infinity;

  constructor(pages: QueryPages, normalize: (query: Query) => Query = (q) => q, pageSize: Partial<QueuePageSizes> = {}) {
    this.#pages = pages;
    this.#normalize = normalize;
    this.#pageSize = { ...DEFAULT_PAGE_SIZES, ...pageSize };
  }

  get store(): ReadableStore<QueueState> {
    return this.#store;
  }

  /** Whether load() was ever called (only then does it follow pushes and reconnects). */
  get active(): boolean {
    return this.#started;
  }

  /** When (`performance.now()`) the latest load started reading; -Infinity before the first. */
  get loadStartedAt(): number {
    return this.#loadStartedAt;
  }

  /**
   * Loads (or, after a reconnect, reloads) every open and pending query and the
   * first page of resolved ones. Queries that were unresolved here but are no
   * longer in the server's unresolved set changed while we were away and leave,
   * unless a live event brought them in the meantime.
   */
  load(): Promise<void> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #load(): Promise<void> {
    this.#started = true;
    this.#loadStartedAt = performance.now();
    const generation = ++this.#generation;
    const touched = new Set<string>();
    this.#touched = touched;
    this.#store.update((s) => ({ ...s, loading: true }));
    try {
      const [open, pending, resolved] = await Promise.all([
        this.#all({ status: 'open' }),
        this.#all({ status: 'pending' }),
        this.#pages.listQueries({ status: 'resolved', limit: this.#pageSize.resolved }),
      ]);
      if (generation !== this.#generation) return;
      const unresolved = [...open, ...pending].map(this.#normalize);
      const resolvedPage = resolved.queries.map(this.#normalize);
      const inUnresolved = new Set(unresolved.map((q) => q.id));
      this.#store.update((s) => {
        // Unresolved pages are complete: a local unresolved copy missing from them is stale.
        const kept = s.items.filter((q) => q.status === 'resolved' || inUnresolved.has(q.id) || touched.has(q.id));
        const withResolved = replaceCovered(kept, resolvedPage, resolved.nextCursor === null, new Set([...touched, ...inUnresolved]));
        const items = mergeQueries(withResolved, unresolved);
        // Resolved pages already loaded beyond the first stay ours; keep paging from where we were.
        const firstLoad = !s.unresolvedComplete;
        const resolvedCursor = firstLoad ? resolved.nextCursor : resolved.nextCursor === null && s.resolvedCursor === null ? null : (s.resolvedCursor ?? resolved.nextCursor);
        return { ...s, items, loading: false, unresolvedComplete: true, resolvedCursor };
      });
    } catch (error) {
      if (generation === this.#generation) this.#store.update((s) => ({ ...s, loading: false }));
      throw error;
    } finally {
      if (this.#touched === touched) this.#touched = null;
    }
  }

  /** One more page of resolved queries (nothing when all are loaded or the queue was never loaded). */
  async loadMoreResolved(): Promise<void> {
    const state = this.#store.getSnapshot();
    if (!this.#started || state.resolvedCursor === null || state.loadingResolved) return;
    const generation = this.#generation;
    this.#store.update((s) => ({ ...s, loadingResolved: true }));
    try {
      const page = await this.#pages.listQueries({ status: 'resolved', limit: this.#pageSize.resolved, cursor: state.resolvedCursor });
      this.#store.update((s) => ({
        ...s,
        items: mergeQueries(s.items, page.queries.map(this.#normalize)),
        loadingResolved: false,
        // A reload in between restarted the resolved pages: its cursor wins.
        resolvedCursor: generation === this.#generation ? page.nextCursor : s.resolvedCursor,
      }));
    } catch (error) {
      this.#store.update((s) => ({ ...s, loadingResolved: false }));
      throw error;
    }
  }

  /** A query from any source (push, REST, ack): agents see every query, so it always belongs. */
  merge(query: Query): void {
    if (!this.#started) return;
    this.#touched?.add(query.id);
    const normalized = this.#normalize(query);
    this.#store.update((s) => withItems(s, mergeQueries(s.items, [normalized])));
  }

  /** Re-applies local knowledge (e.g. my own read cursor) to a query already listed. */
  renormalize(id: string): void {
    this.#store.update((s) => withItems(s, renormalizeQuery(s.items, id, this.#normalize)));
  }

  find(id: string): Query | undefined {
    return this.#store.getSnapshot().items.find((q) => q.id === id);
  }

  /** Every page of one filter, in order. */
  async #all(params: ListQueriesParams): Promise<Query[]> {
    const all: Query[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#pages.listQueries({ ...params, limit: this.#pageSize.unresolved, cursor });
      all.push(...page.queries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }
}
