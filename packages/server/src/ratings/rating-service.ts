/**
 * Ratings: the customer who asked rates the help once the query is resolved
 * (1–5 and an optional comment); agents hear it as a `query:updated`.
 */
import type { Query, RateQueryRequest, UserRef } from '@parley/protocol';
import type { DomainEvents } from '../domain/domain-events.js';
import { AppError } from '../errors/app-error.js';
import type { QueryService } from '../queries/query-service.js';
import { viewQuery } from '../queries/query-view.js';
import type { RatingStore } from './rating-store.js';

export class RatingService {
  constructor(
    private readonly store: RatingStore,
    private readonly queries: QueryService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Checks the caller may rate this query at all: its own customer only.
   * @throws AppError forbidden | not_found
   */
  async authorize(user: UserRef, queryId: string): Promise<Query> {
    if (user.role !== 'customer') throw new AppError('forbidden', 'only the customer who asked rates a query');
    return this.queries.access(user, queryId);
  }

  /**
   * Stores the rating (a later one replaces it) and tells everyone concerned.
   * @throws AppError forbidden | not_found | conflict (the query is not resolved)
   */
  async rate(user: UserRef, queryId: string, input: RateQueryRequest): Promise<Query> {
    const query = await this.authorize(user, queryId);
    if (query.status !== 'resolved') {
      throw new AppError('conflict', 'only a resolved query can be rated; it is still being worked on');
    }
    const comment = input.comment?.trim() || null;
    const rated = await this.store.rate(queryId, {
      score: input.score as 1 | 2 | 3 | 4 | 5,
      comment,
      createdAt: new Date().toISOString(),
    });
    // Reopened (or gone) since the check above: the store only rates a resolved query.
    if (!rated) throw new AppError('conflict', 'only a resolved query can be rated; it was reopened');
    this.events.emit('query:changed', { query: rated });
    return viewQuery(rated, user);
  }
}
