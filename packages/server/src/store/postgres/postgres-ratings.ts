/** Ratings in the PostgreSQL store: the `rating_*` columns of `queries`. */
import type { Query, Rating } from '@parley/protocol';
import type { RatingStore } from '../../ratings/rating-store.js';
import type { PostgresSupportQueries } from './postgres-support-queries.js';
import type { PostgresDatabase } from './postgres-database.js';
import type { PostgresWebhooks } from './postgres-webhooks.js';
import { ratingEvents } from '../../webhooks/webhook-events.js';

export class PostgresRatings implements RatingStore {
  constructor(
    private readonly database: PostgresDatabase,
    private readonly queries: PostgresSupportQueries,
    private readonly webhooks: PostgresWebhooks,
  ) {}

  /** Only a resolved query takes a rating: checked in the same statement, so a reopen in between wins. */
  async rate(queryId: string, rating: Rating): Promise<Query | null> {
    return this.database.transaction(async (client) => {
      const { rowCount } = await client.query(
        "UPDATE queries SET rating_score = $1, rating_comment = $2, rated_at = $3, updated_at = $3 WHERE id = $4 AND status = 'resolved'",
        [rating.score, rating.comment, rating.createdAt, queryId],
      );
      if (!rowCount) return null;
      const query = await this.queries.get(queryId, client);
      if (query) await this.webhooks.record(client, ratingEvents(query));
      return query;
    });
  }
}
