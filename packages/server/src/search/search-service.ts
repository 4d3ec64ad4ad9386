/**
 * Search for the REST route: agents find any query (by subject, customer name or email, id) and any message
 * (internal notes included); customers only their own queries' public messages. Each message hit comes with
 * its query and a snippet with the matches marked.
 */
import { SEARCH_LIMITS, type SearchParams, type SearchResponse, type UserRef } from '@parley/protocol';
import { viewQuery } from '../queries/query-view.js';
import { isStaff } from '../auth/roles.js';
import type { Store } from '../store/store.js';
import { parseSearch } from './search-terms.js';
import { snippetOf } from './snippet.js';

export class SearchService {
  constructor(private readonly store: Pick<Store, 'searchMessages' | 'searchQueries'>) {}

  /** @throws AppError invalid_payload (a bad cursor) */
  async search(user: UserRef, params: SearchParams): Promise<SearchResponse> {
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
