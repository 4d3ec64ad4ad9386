/** The unread-replies query of both stores (its WHERE matches the partial index `queries_unread_replies`). */
import type { TranscriptDue, UnreadReplies } from '../email/notice-store.js';

export const unreadRepliesSelect = `SELECT q.id, q.subject, c.name AS customer_name, c.email AS customer_email, q.last_seq,
    q.customer_read_seq, q.email_notified_seq
  FROM queries q JOIN customers c ON c.id = q.customer_id
  WHERE q.email_notified_seq < q.last_seq AND q.customer_read_seq < q.last_seq AND c.email IS NOT NULL`;

export interface UnreadRepliesRow {
  id: string;
  subject: string;
  customer_name: string;
  customer_email: string;
  last_seq: number;
  customer_read_seq: number;
  email_notified_seq: number;
}

export function toUnreadReplies(row: UnreadRepliesRow): UnreadReplies {
  return {
    queryId: row.id,
    subject: row.subject,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    lastSeq: row.last_seq,
    customerReadSeq: row.customer_read_seq,
    notifiedSeq: row.email_notified_seq,
  };
}

/** Resolved queries with a transcript due (the WHERE of the partial index `queries_transcripts_due`, plus an address). */
export function transcriptsDueSelect(requested: string): string {
  return `SELECT q.id, q.subject, c.name AS customer_name, c.email AS customer_email, q.last_seq, q.transcript_sent_seq
  FROM queries q JOIN customers c ON c.id = q.customer_id
  WHERE ${requested} AND q.status = 'resolved' AND q.transcript_sent_seq < q.last_seq AND c.email IS NOT NULL
  ORDER BY q.updated_at`;
}

export interface TranscriptDueRow {
  id: string;
  subject: string;
  customer_name: string;
  customer_email: string;
  last_seq: number;
  transcript_sent_seq: number;
}

export function toTranscriptDue(row: TranscriptDueRow): TranscriptDue {
  return {
    queryId: row.id, subject: row.subject, customerName: row.customer_name, customerEmail: row.customer_email,
    lastSeq: row.last_seq, sentSeq: row.transcript_sent_seq,
  };
}
