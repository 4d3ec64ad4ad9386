/** Ratings in the embedded SQLite database: the `rating_*` columns of `queries` (migration 1). */
import type { Query, Rating } from '@parley/protocol';
import type { RatingStore } from '../../ratings/rating-store.js';
import { querySelect, type QueryRow, toQuery } from '../rows.js';
import { ratingEvents } from '../../webhooks/webhook-events.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteWebhooks } from './sqlite-webhooks.js';

export class SqliteRatings implements RatingStore {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly webhooks: SqliteWebhooks,
  ) {}

  /** Only a resolved query takes a rating: checked in the same statement, so a reopen in between wins. */
  async rate(queryId: string, rating: Rating): Promise<Query | null> {
    this.database.assertOpen();
    let query: Query | null = null;
    this.database.transaction(() => {
      const result = this.database
        .sql("UPDATE queries SET rating_score = ?, rating_comment = ?, rated_at = ?, updated_at = ? WHERE id = ? AND status = 'resolved'")
        .run(rating.score, rating.comment, rating.createdAt, rating.createdAt, queryId);
      if (Number(result.changes) === 0) return;
      const row = this.database.sql(`${querySelect} WHERE q.id = ?`).get(queryId) as QueryRow | undefined;
      query = row ? toQuery(row) : null;
      if (query) this.webhooks.record(ratingEvents(query));
    });
    return query;
  }
}
