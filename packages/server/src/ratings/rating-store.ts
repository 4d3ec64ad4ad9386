import type { Query, Rating } from '@parley/protocol';

/** Ratings live on the query (its `rating` field), in the same database. */
export interface RatingStore {
  /** Sets (or replaces) the query's rating if it is resolved; null when there is no resolved query with this id. */
  rate(queryId: string, rating: Rating): Promise<Query | null>;
}
