import type { Query, Rating } from '@parley/protocol';

/** Ratings live on the query (its `rating` field), in the same database. */
export interface RatingStore {
  /** Sets (or replaces) the query's rating; null when the query does not exist. */
  rate(queryId: string, rating: Rating): Promise<Query | null>;
}
