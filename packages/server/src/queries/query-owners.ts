/**
 * queryId → customerId, remembered. A query's customer is fixed when it is
 * opened and never changes (no route moves or deletes a query), so a cached
 * owner can never be stale: the authorization decision on every
 * `message:send` becomes a map lookup instead of a read of the whole query
 * with its joins (docs/performance.md, "Where Parley's CPU goes").
 * Bounded (least recently used entries go first), so memory does not grow
 * with the number of queries ever opened; a miss reads the store again.
 */
import { LRUCache } from 'lru-cache';
import type { Query } from '@parley/protocol';
import type { Store } from '../store/store.js';

/** Enough for every conversation active at once on one node at the sizes we benchmark (500–5,000). */
export const QUERY_OWNERS_MAX = 5000;

export class QueryOwners {
  readonly #owners: LRUCache<string, string>;

  constructor(
    private readonly store: Pick<Store, 'getQuery'>,
    max: number = QUERY_OWNERS_MAX,
  ) {
    this.#owners = new LRUCache({ max });
  }

  /** The customer id of the query, or null when no such query exists (an unknown id is not remembered). */
  async ownerOf(queryId: string): Promise<string | null> {
    const cached = this.#owners.get(queryId);
    if (cached !== undefined) return cached;
    const query = await this.store.getQuery(queryId);
    if (!query) return null;
    this.remember(query);
    return query.customer.id;
  }

  /** Records the owner of a query read or created elsewhere, sparing the next check its read. */
  remember(query: Pick<Query, 'id' | 'customer'>): void {
    this.#owners.set(query.id, query.customer.id);
  }

  /** Entries held now (at most the bound given). */
  get size(): number {
    return this.#owners.size;
  }
}
