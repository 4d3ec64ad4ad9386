/** Reply-email bookkeeping in the embedded store (migration 8; email/notice-store.ts). */
import type { NoticeStore, TranscriptDue, UnreadReplies } from '../../email/notice-store.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { toTranscriptDue, transcriptsDueSelect, type TranscriptDueRow, unreadRepliesSelect, type UnreadRepliesRow, toUnreadReplies } from '../notice-rows.js';

export class SqliteNotices implements NoticeStore {
  constructor(private readonly database: SqliteDatabase) {}

  async listUnreadReplies(quietSince: string, limit: number): Promise<UnreadReplies[]> {
    this.database.assertOpen();
    const rows = this.database
      .sql(`${unreadRepliesSelect} AND q.updated_at <= ? ORDER BY q.updated_at LIMIT ?`)
      .all(quietSince, limit) as unknown as UnreadRepliesRow[];
    return rows.map(toUnreadReplies);
  }

  async setEmailNotifiedSeq(queryId: string, expected: number, next: number): Promise<boolean> {
    this.database.assertOpen();
    const result = this.database
      .sql('UPDATE queries SET email_notified_seq = ? WHERE id = ? AND email_notified_seq = ?')
      .run(next, queryId, expected);
    return Number(result.changes) > 0;
  }

  async listTranscriptsDue(limit: number): Promise<TranscriptDue[]> {
    this.database.assertOpen();
    const rows = this.database.sql(`${transcriptsDueSelect('q.transcript_requested = 1')} LIMIT ?`).all(limit) as unknown as TranscriptDueRow[];
    return rows.map(toTranscriptDue);
  }

  async setTranscriptSentSeq(queryId: string, expected: number, next: number): Promise<boolean> {
    this.database.assertOpen();
    const result = this.database
      .sql('UPDATE queries SET transcript_sent_seq = ? WHERE id = ? AND transcript_sent_seq = ?')
      .run(next, queryId, expected);
    return Number(result.changes) > 0;
  }
}
