/** Reply-email bookkeeping in the PostgreSQL store (migration 4; email/notice-store.ts). */
import type { NoticeStore, TranscriptDue, UnreadReplies } from '../../email/notice-store.js';
import { toTranscriptDue, transcriptsDueSelect, type TranscriptDueRow, unreadRepliesSelect, type UnreadRepliesRow, toUnreadReplies } from '../notice-rows.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresNotices implements NoticeStore {
  constructor(private readonly database: PostgresDatabase) {}

  async listUnreadReplies(quietSince: string, limit: number): Promise<UnreadReplies[]> {
    const rows = await this.database.query<UnreadRepliesRow>(
      `${unreadRepliesSelect} AND q.updated_at <= $1 ORDER BY q.updated_at LIMIT $2`,
      [quietSince, limit],
    );
    return rows.map(toUnreadReplies);
  }

  async setEmailNotifiedSeq(queryId: string, expected: number, next: number): Promise<boolean> {
    // The compare-and-set is one statement: two nodes racing, one row changes.
    const rows = await this.database.query(
      'UPDATE queries SET email_notified_seq = $1 WHERE id = $2 AND email_notified_seq = $3 RETURNING id',
      [next, queryId, expected],
    );
    return rows.length > 0;
  }

  async listTranscriptsDue(limit: number): Promise<TranscriptDue[]> {
    const rows = await this.database.query<TranscriptDueRow>(`${transcriptsDueSelect('q.transcript_requested')} LIMIT $1`, [limit]);
    return rows.map(toTranscriptDue);
  }

  async setTranscriptSentSeq(queryId: string, expected: number, next: number): Promise<boolean> {
    const rows = await this.database.query(
      'UPDATE queries SET transcript_sent_seq = $1 WHERE id = $2 AND transcript_sent_seq = $3 RETURNING id',
      [next, queryId, expected],
    );
    return rows.length > 0;
  }
}
