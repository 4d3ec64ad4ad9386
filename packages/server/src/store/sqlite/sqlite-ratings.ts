/** Ratings in the embedded SQLite database: the `rating_*` columns of `queries` (migration 1). */
import type { Query, Rating } from '@parley/protocol';
import type { RatingStore } from '../../ratings/rating-store.js';
import { querySelect, type QueryRow, toQuery } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteRatings implements RatingStore {
  constructor(private readonly database: SqliteDatabase) {}

  /** Only a resolved query takes a rating: checked in the same statement, so a reopen in between wins. */
  async rate(queryId: string, rating: Rating): Promise<Query | null> {
    this.database.assertOpen();
    const result = this.database
      .sql("UPDATE queries SET rating_score = ?, rating_comment = ?, rated_at = ?, updated_at = ? WHERE id = ? AND status = 'resolved'")
      .run(rating.score, rating.comment, rating.createdAt, rating.createdAt, queryId);
    if (Number(result.changes) === 0) return null;
    const row = this.database.sql(`${querySelect} WHERE q.id = ?`).get(queryId) as QueryRow | undefined;
    return row ? toQuery(row) : null;
  }
}
