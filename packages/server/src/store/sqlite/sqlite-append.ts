/**
 * The message append pipeline of the embedded store: what one group commit
 * runs for its batch. Each item is planned (checks, no writes), then inserted
 * with its effects on the query, and the returned message and query view are
 * built from what was read and written rather than read back.
 */
import { Limits, type Message, type Query } from '@parley/protocol';
import type { AttachmentRef } from '../../attachments/attachment-store.js';
import { decodeAttachments, encodeAttachments, linkAttachments, pickAttachments } from '../../attachments/message-attachments.js';
import { AppError } from '../../errors/app-error.js';
import { messageEffects } from '../../messages/message-effects.js';
import type { ItemOutcome } from '../group-commit.js';
import type { AppendResult, NewMessage } from '../store.js';
import { toMessage } from './rows.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteMessages } from './sqlite-messages.js';
import type { SqliteQueries } from './sqlite-queries.js';

/** What an append knows once it is checked: either the stored twin of a retry, or what to write. */
type AppendPlan = { duplicate: AppendResult } | WritePlan;

interface WritePlan {
  /** The query before this message. */
  before: Query;
  seq: number;
  attachments: AttachmentRef[];
}

export class SqliteAppendPipeline {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly queries: SqliteQueries,
    private readonly messages: SqliteMessages,
  ) {}

  /**
   * One transaction for a whole batch. Each item is checked first, without writing: a refusal (unknown query,
   * clientId conflict, bad attachments) fails that item alone and leaves nothing behind, and a retry is answered
   * from what is stored. Then the item is written. No statement of the write phase is expected to fail; one that
   * does (I/O, disk full) throws out of the transaction, which rolls the whole batch back and fails every item
   * of it, so a half-written message can never commit. That is why no per-item savepoint is needed.
   */
  commit(items: NewMessage[]): ItemOutcome<AppendResult>[] {
    if (this.database.closed) return items.map(() => ({ ok: false, error: new AppError('unavailable', 'the store is closed') }));
    const outcomes: ItemOutcome<AppendResult>[] = [];
    this.database.transaction(() => {
      for (const item of items) {
        let plan: AppendPlan;
        try {
          plan = this.#plan(item);
        } catch (error) {
          outcomes.push({ ok: false, error });
          continue;
        }
        outcomes.push({ ok: true, value: 'duplicate' in plan ? plan.duplicate : this.#write(item, plan) });
      }
    });
    return outcomes;
  }

  /** Everything an append must check or know before it writes; throws the item's refusal. */
  #plan(m: NewMessage): AppendPlan {
    // A retry racing inside the same batch finds the row its twin inserted a moment ago.
    const existing = this.messages.findByClientId(m.queryId, m.clientId);
    if (existing) {
      if (existing.author_id !== m.author.id || (existing.internal === 1) !== m.internal) {
        throw new AppError('conflict', 'this clientId is already used by another message in this query');
      }
      return { duplicate: { message: toMessage(existing), duplicate: true, query: this.queries.get(m.queryId)!, statusChanged: false } };
    }
    // The query as it stands, with the names its view needs: the message and query returned are built from
    // this row and what the append writes, inside the same transaction, instead of being read back.
    const before = this.queries.get(m.queryId);
    if (!before) throw new AppError('not_found', 'query not found');
    const attachments = m.attachmentIds?.length ? pickAttachments(this.database.db, m.attachmentIds, m.queryId, m.author.id) : [];
    return { before, seq: (m.internal ? before.lastNoteSeq : before.lastSeq) + 1, attachments };
  }

  #write(m: NewMessage, { before, seq, attachments }: WritePlan): AppendResult {
    const attachmentsColumn = encodeAttachments(attachments);
    this.messages.insert(m, seq, attachmentsColumn);
    if (attachments.length > 0) linkAttachments(this.database.db, attachments, m.id);
    const author = { id: m.author.id, role: m.author.role, name: m.author.name };
    const message: Message = {
      id: m.id, queryId: m.queryId, seq, clientId: m.clientId, author, body: m.body, internal: m.internal,
      attachments: decodeAttachments(attachmentsColumn), createdAt: m.createdAt,
    };
    if (m.internal) {
      // updated_at is not moved: customers see it, and must not learn when agents wrote notes.
      this.database.sql('UPDATE queries SET last_note_seq = ? WHERE id = ?').run(seq, m.queryId);
      return { message, duplicate: false, query: { ...before, lastNoteSeq: seq }, statusChanged: false };
    }
    const next = messageEffects(
      { status: before.status, waitingSince: before.waitingSince },
      { internal: false, authorRole: m.author.role, createdAt: m.createdAt },
    );
    // One UPDATE for the query's activity and the sender's side of its read cursors (sending a message means
    // having read everything up to it).
    const readColumn = m.author.role === 'customer' ? 'customer_read_seq' : 'agent_read_seq';
    this.database
      .sql(
        `UPDATE queries SET last_seq = ?, last_message_id = ?, status = ?, waiting_since = ?, updated_at = ?,
           ${readColumn} = MAX(${readColumn}, ?) WHERE id = ?`,
      )
      .run(seq, m.id, next.status, next.waitingSince, m.createdAt, seq, m.queryId);
    const reopened = before.status === 'resolved' && next.status !== 'resolved';
    if (reopened) this.queries.clearRating(m.queryId);
    this.database
      .sql(
        `INSERT INTO read_cursors (query_id, user_id, seq) VALUES (?, ?, ?)
         ON CONFLICT (query_id, user_id) DO UPDATE SET seq = MAX(read_cursors.seq, excluded.seq)`,
      )
      .run(m.queryId, m.author.id, seq);
    const query: Query = {
      ...before,
      status: next.status,
      lastSeq: seq,
      lastMessage: { seq, body: m.body.slice(0, Limits.PREVIEW_MAX), author, createdAt: m.createdAt },
      waitingSince: next.waitingSince,
      updatedAt: m.createdAt,
      rating: reopened ? null : before.rating,
      ...(m.author.role === 'customer'
        ? { customerReadSeq: Math.max(before.customerReadSeq, seq) }
        : { agentReadSeq: Math.max(before.agentReadSeq, seq) }),
    };
    return { message, duplicate: false, query, statusChanged: next.status !== before.status };
  }
}
