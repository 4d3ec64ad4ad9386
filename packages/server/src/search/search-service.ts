/**
 * Search for the REST route: agents find any query (by subject, customer name or email, id) and any message
 * (internal notes included); customers only their own queries' public messages. Each message hit comes with
 * its query and a snippet with the matches marked.
 */
import { SEARCH_LIMITS, type SearchParams, type SearchResponse, type UserRef } from '@parley/protocol';
import { viewQuery } from '../queries/query-view.js';
import { isStaff } from '../auth/roles.js';
import { type LimiterBackend, memoryBackend, type RateLimiter, windowLimiter } from '../rate-limits/rate-limiter.js';
import type { Store } from '../store/store.js';
import { parseSearch } from './search-terms.js';
import { snippetOf } from './snippet.js';

/** Searches one user may run per minute, across every node: the console searches on submit, not per keystroke. */
export const SEARCHES_PER_MINUTE = 60;
/** Searches the customers of one client address may run per minute, together (visitors are free to create). */
export const CUSTOMER_SEARCHES_PER_MINUTE_PER_ADDRESS = 300;

export class SearchService {
  /** A search is the costliest read a user can ask for, and runs in the store's one thread on SQLite. */
  readonly #perUser: RateLimiter;
  readonly #customersPerAddress: RateLimiter;

  constructor(
    private readonly store: Pick<Store, 'searchMessages' | 'searchQueries'>,
    limits: LimiterBackend = memoryBackend,
  ) {
    this.#perUser = windowLimiter(SEARCHES_PER_MINUTE, 60, 'searches', `too many searches: at most ${SEARCHES_PER_MINUTE} per minute`, limits);
    this.#customersPerAddress = windowLimiter(
      CUSTOMER_SEARCHES_PER_MINUTE_PER_ADDRESS,
      60,
      'customer-searches-per-ip',
      `too many searches from this address: at most ${CUSTOMER_SEARCHES_PER_MINUTE_PER_ADDRESS} per minute`,
      limits,
    );
  }

  /** @throws AppError invalid_payload (a bad cursor) | rate_limited */
  async search(user: UserRef, params: SearchParams, address: string): Promise<SearchResponse> {
    await this.#perUser.consume(user.id);
    if (user.role === 'customer') await this.#customersPerAddress.consume(address);
    const terms = parseSearch(params.q);
    const staff = isStaff(user);
    const scope = staff ? {} : { customerId: user.id };
    const limit = Number(params.limit ?? SEARCH_LIMITS.PAGE_DEFAULT);
    const [page, queries] = await Promise.all([
      terms.words.length === 0
        ? { hits: [], nextCursor: null }
        : this.store.searchMessages({ words: terms.words, includeNotes: staff, limit, ...scope, ...(params.cursor ? { cursor: params.cursor } : {}) }),
      // The queries found by name come with the first page only.
      params.cursor ? [] : this.store.searchQueries({ words: terms.words, idPrefix: terms.idPrefix, limit: SEARCH_LIMITS.QUERIES_MAX, ...scope }),
    ]);
    return {
      queries: queries.map((q) => viewQuery(q, user)),
      messages: page.hits.map(({ message, query }) => ({ query: viewQuery(query, user), message, snippet: snippetOf(message.body, terms.words) })),
      nextCursor: page.nextCursor,
    };
  }
}
