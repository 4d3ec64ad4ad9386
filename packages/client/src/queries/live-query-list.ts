/**
 * The live query list behind `client.queries`: REST pages plus
 * `query:created`/`query:updated` pushes, kept to the filters it was loaded
 * with, and refreshed after every reconnect so what changed while away shows.
 */
import type { ListQueriesParams, Query } from '@parley/protocol';
import { WritableStore, type ReadableStore } from '../store.js';
import type { QueryPages } from './query-pages.js';
import { matchesFilter } from './query-filter.js';
import { emptyQueryList, mergeQueries, renormalizeQuery, replaceCovered, withItems, type QueryListState } from './query-list.js';

/** The list behind `client.queries`; the client routes pushes and reconnects to it. */
export class LiveQueryList {
  readonly #store = new WritableStore<QueryListState>(emptyQueryList);
  readonly #pages: QueryPages;
  readonly #userId: string;
  readonly #normalize: (query: Query) => Query;
  #params: ListQueriesParams | null = null;
  #loadStartedAt = -Infinity;
  /** Ids pushed by events while a refresh is in flight: newer than its page. */
  #touched: Set<string> | null = null;

  /** `normalize` re-applies local knowledge the server has not echoed yet (my own read cursor) to every incoming query. */
  constructor(pages: QueryPages, userId: string, normalize: (query: Query) => Query = (q) => q) {
    this.#pages = pages;
    this.#userId = userId;
    this.#normalize = normalize;
  }

  get store(): ReadableStore<QueryListState> {
    return this.#store;
  }

  /** Whether loadQueries() was ever called (only then is there a list to refresh). */
  get active(): boolean {
    return this.#params !== null;
  }

  /** When (`performance.now()`) its first page was last read from the start; -Infinity before the first. */
  get loadStartedAt(): number {
    return this.#loadStartedAt;
  }

  /** The first page (first call, or other filters) or the next one. */
  async load(params?: ListQueriesParams): Promise<void> {
    const fresh = this.#params === null || (params !== undefined && JSON.stringify(params) !== JSON.stringify(this.#params));
    if (fresh) {
      this.#params = params ?? {};
      this.#store.set({ ...emptyQueryList, loading: true });
    } else {
      if (this.#store.getSnapshot().nextCursor === null) return;
      this.#store.update((s) => ({ ...s, loading: true }));
    }
    const requested = this.#params!;
    if (fresh) this.#loadStartedAt = performance.now();
    const cursor = fresh ? undefined : (this.#store.getSnapshot().nextCursor ?? undefined);
    try {
      const page = await this.#pages.listQueries({ ...requested, cursor });
      if (requested !== this.#params) return;
      this.#store.update((s) => ({ items: mergeQueries(s.items, page.queries.map(this.#normalize)), loading: false, nextCursor: page.nextCursor }));
    } catch (error) {
      if (requested === this.#params) this.#store.update((s) => ({ ...s, loading: false }));
      throw error;
    }
  }

  /** After a reconnect: the first page again, replacing what it covers (stale entries leave). */
  async refresh(): Promise<void> {
    const requested = this.#params;
    if (requested === null) return;
    this.#loadStartedAt = performance.now();
    const touched = new Set<string>();
    this.#touched = touched;
    try {
      const page = await this.#pages.listQueries({ ...requested });
      if (requested !== this.#params) return;
      const complete = page.nextCursor === null;
      this.#store.update((s) => {
        const items = replaceCovered(s.items, page.queries.map(this.#normalize), complete, touched);
        // A list that fit on one page before and after stays "complete"; otherwise later pages are still ours.
        const nextCursor = complete && s.nextCursor === null ? null : (s.nextCursor ?? page.nextCursor);
        return items === s.items && nextCursor === s.nextCursor ? s : { ...s, items, nextCursor };
      });
    } finally {
      if (this.#touched === touched) this.#touched = null;
    }
  }

  /** A query from any source (push, REST, ack), kept or dropped by the list's filters. */
  merge(query: Query): void {
    this.#touched?.add(query.id);
    const params = this.#params ?? {};
    this.#store.update((s) => {
      if (matchesFilter(query, params, this.#userId)) {
        return withItems(s, mergeQueries(s.items, [this.#normalize(query)]));
      }
      const kept = s.items.filter((q) => q.id !== query.id);
      return kept.length === s.items.length ? s : { ...s, items: kept };
    });
  }

  /** Re-applies `normalize` to a listed query (after my own read cursor moved). */
  renormalize(id: string): void {
    this.#store.update((s) => withItems(s, renormalizeQuery(s.items, id, this.#normalize)));
  }

  /** A known query by id (to seed a conversation opened from the list). */
  find(id: string): Query | undefined {
    return this.#store.getSnapshot().items.find((q) => q.id === id);
  }
}
