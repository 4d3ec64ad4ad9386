/**
 * What the reply emails need from the store (both implementations, under the
 * store contract suite). A query's `email_notified_seq` is the highest public
 * seq the customer was emailed about; the notifier moves it with a
 * compare-and-set before sending, so two nodes never email the same replies.
 */

/** A query whose customer has an email address and agents' replies they have neither read nor been emailed about. */
export interface UnreadReplies {
  queryId: string;
  subject: string;
  customerName: string;
  customerEmail: string;
  /** The query's latest public seq (the last reply). */
  lastSeq: number;
  customerReadSeq: number;
  notifiedSeq: number;
}

/** A resolved query whose customer asked for a transcript and has an email address, not yet sent up to its last seq. */
export interface TranscriptDue {
  queryId: string;
  subject: string;
  customerName: string;
  customerEmail: string;
  lastSeq: number;
  sentSeq: number;
}

export interface NoticeStore {
  /** Resolved queries whose transcript is due (asked for, not sent since the last message), oldest change first. */
  listTranscriptsDue(limit: number): Promise<TranscriptDue[]>;
  /** Compare-and-set of the seq a transcript was last sent up to. */
  setTranscriptSentSeq(queryId: string, expected: number, next: number): Promise<boolean>;
  /**
   * Queries with replies the customer has not read and was not emailed about, whose last change is at or before
   * `quietSince` (so a burst of replies becomes one email), oldest first.
   */
  listUnreadReplies(quietSince: string, limit: number): Promise<UnreadReplies[]>;
  /** Sets the query's emailed-up-to seq to `next` if it still is `expected`; false when someone else moved it. */
  setEmailNotifiedSeq(queryId: string, expected: number, next: number): Promise<boolean>;
}
