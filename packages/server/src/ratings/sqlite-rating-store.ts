/** Ratings in the embedded SQLite database: the `rating_*` columns of `queries` (migration 1). */
import type { DatabaseSync } from 'node:sqlite';
import type { Query, Rating } from '@parley/protocol';
import { querySelect, type QueryRow, toQuery } from '../store/sqlite/rows.js';
import type { RatingStore } from './rating-store.js';

export class SqliteRatingStore implements RatingStore {
  /** `assertOpen` throws `unavailable` once the owning store is closed. */
  constructor(
    private readonly db: DatabaseSync,
    private readonly assertOpen: () => void,
  ) {}

  /** Only a resolved query takes a rating: checked in the same statement, so a reopen in between wins. */
  async rate(queryId: string, rating: Rating): Promise<Query | null> {
    this.assertOpen();
    const result = this.db
      .prepare("UPDATE queries SET rating_score = ?, rating_comment = ?, rated_at = ?, updated_at = ? WHERE id = ? AND status = 'resolved'")
      .run(rating.score, rating.comment, rating.createdAt, rating.createdAt, queryId);
    if (Number(result.changes) === 0) return null;
    const row = this.db.prepare(`${querySelect} WHERE q.id = ?`).get(queryId) as QueryRow | undefined;
    return row ? toQuery(row) : null;
  }
}
