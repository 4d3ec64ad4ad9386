/**
 * The message append pipeline of the embedded store: what one group commit
 * runs for its batch. The batch is planned by the shared planner
 * (store/append-plan.ts) from rows read inside the transaction, then written
 * statement by statement: one INSERT per message, one UPDATE per query the
 * batch touched, one upsert per read cursor it raised, and the webhook outbox
 * rows of the batch's events when an endpoint wants them.
 */
import { AppError } from '../../errors/app-error.js';
import { planAppends, type AppendPlan, type ClaimableAttachment } from '../append-plan.js';
import type { ItemOutcome } from '../group-commit.js';
import { encodeAttachments } from '../message-attachments-column.js';
import { type AttachmentRow, type QueryRow, attachmentClaimSelect, toClaimable, toMessage, toQuery } from '../rows.js';
import type { AppendResult, NewMessage } from '../store.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteMessages } from './sqlite-messages.js';
import type { SqliteSupportQueries } from './sqlite-support-queries.js';
import type { SqliteWebhooks } from './sqlite-webhooks.js';
import type { SqliteTimeline } from './sqlite-timeline.js';
import type { RowAfterAppend, SqliteQueryRows } from './sqlite-query-rows.js';


export class SqliteAppendPipeline {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly queries: SqliteSupportQueries,
    private readonly messages: SqliteMessages,
    private readonly webhooks: SqliteWebhooks,
    private readonly timeline: SqliteTimeline,
    private readonly rows: SqliteQueryRows,
  ) {}

  /**
   * One transaction for a whole batch. A refusal (unknown query, clientId conflict, bad attachments) fails
   * that item alone and writes nothing for it. No statement of the write phase is expected to fail; one that
   * does (I/O, disk full) throws out of the transaction, which rolls the whole batch back and fails every
   * item of it, so a half-written message can never commit.
   */
  commit(items: NewMessage[]): ItemOutcome<AppendResult>[] {
    if (this.database.closed) return items.map(() => ({ ok: false, error: new AppError('unavailable', 'the store is closed') }));
    let plan: AppendPlan | undefined;
    let written: RowAfterAppend[] = [];
    /** The rows the batch was planned from, by query id. */
    const read = new Map<string, QueryRow>();
    try {
      this.database.transaction(() => {
        this.rows.begin();
        plan = planAppends(items, {
          query: (id) => {
            const row = this.rows.read(id, (key) => this.queries.row(key));
            if (!row) return undefined;
            read.set(id, row);
            return toQuery(row);
          },
          twin: (queryId, clientId) => {
            const row = this.messages.findByClientId(queryId, clientId);
            return row ? { message: toMessage(row) } : undefined;
          },
          attachment: (id) => this.#attachment(id),
        });
        this.#write(plan, read);
        written = rowsAfter(plan, read);
      });
    } catch (error) {
      this.rows.forget();
      throw error;
    }
    this.rows.committed(written);
    return plan!.outcomes;
  }

  #attachment(id: string): ClaimableAttachment | undefined {
    const row = this.database.sql(`${attachmentClaimSelect} WHERE id = ?`).get(id) as AttachmentRow | undefined;
    return row ? toClaimable(row) : undefined;
  }

  #write(plan: AppendPlan, read: ReadonlyMap<string, QueryRow>): void {
    for (const { message, attachments } of plan.messages) this.messages.insert(message, encodeAttachments(attachments));
    const link = this.database.sql('UPDATE attachments SET message_id = ? WHERE id = ? AND message_id IS NULL');
    for (const { attachmentId, messageId } of plan.attachmentLinks) link.run(messageId, attachmentId);
    for (const { query: q, lastMessageId, clearRating } of plan.queries) {
      const clear = clearRating ? 1 : 0;
      const before = read.get(q.id);
      const assigneeId = q.assignee?.id ?? null;
      // Status and assignee only when they change: SQLite rewrites the entry of every index on a column the
      // UPDATE sets (queries_by_assignee, queries_waiting_by_team), a page each into the WAL on every message.
      const setStatus = !before || before.status !== q.status;
      const setAssignee = !before || before.assignee_id !== assigneeId;
      this.database.sql(queryUpdate(setStatus, setAssignee)).run(
        q.lastSeq, q.lastNoteSeq, lastMessageId, q.waitingSince, q.updatedAt, q.customerReadSeq, q.agentReadSeq, q.agentUnread ?? 0,
        clear, clear, clear, ...(setStatus ? [q.status] : []), ...(setAssignee ? [assigneeId] : []), q.id,
      );
    }
    const cursor = this.database.sql(
      `INSERT INTO read_cursors (query_id, user_id, seq) VALUES (?, ?, ?)
       ON CONFLICT (query_id, user_id) DO UPDATE SET seq = MAX(read_cursors.seq, excluded.seq)`,
    );
    for (const c of plan.readCursors) cursor.run(c.queryId, c.userId, c.seq);
    this.webhooks.record(plan.events);
    this.timeline.record(plan.timeline);
  }
}

/** The UPDATE of a query's row after an append, setting `status` and `assignee_id` only when asked to. */
function queryUpdate(setStatus: boolean, setAssignee: boolean): string {
  return QUERY_UPDATES[(setStatus ? 2 : 0) + (setAssignee ? 1 : 0)]!;
}

/** Its four variants, made once (it runs for every query of every append). */
const QUERY_UPDATES = [false, true].flatMap((status) =>
  [false, true].map(
    (assignee) => `UPDATE queries SET last_seq = ?, last_note_seq = ?, last_message_id = COALESCE(?, last_message_id),
     waiting_since = ?, updated_at = ?, customer_read_seq = ?, agent_read_seq = ?, agent_unread = ?,
     rating_score = CASE WHEN ? THEN NULL ELSE rating_score END,
     rating_comment = CASE WHEN ? THEN NULL ELSE rating_comment END,
     rated_at = CASE WHEN ? THEN NULL ELSE rated_at END${status ? ', status = ?' : ''}${assignee ? ', assignee_id = ?' : ''}
   WHERE id = ?`,
  ),
);

/**
 * What the pipeline's UPDATE changed in each written query's row, as a patch to the row the batch was planned
 * from. A patch, not a whole new row: the kept row is written over in place (sqlite-query-rows.ts), so a full copy
 * per append (about 40 columns) was only garbage for the store thread's young generation.
 */
function rowsAfter(plan: AppendPlan, read: ReadonlyMap<string, QueryRow>): RowAfterAppend[] {
  const inserted = new Map(plan.messages.map(({ message }) => [message.id, message]));
  return plan.queries.map(({ query: q, lastMessageId, clearRating }) => {
    const before = read.get(q.id);
    const assigneeId = q.assignee?.id ?? null;
    // A new assignee's name is the agents table's, not the sender's token's: read it again next time.
    if (!before || assigneeId !== before.assignee_id) return { id: q.id, patch: null };
    const last = lastMessageId === null ? undefined : inserted.get(lastMessageId);
    if (lastMessageId !== null && !last) return { id: q.id, patch: null };
    const patch: Partial<QueryRow> = {
      last_seq: q.lastSeq,
      last_note_seq: q.lastNoteSeq,
      status: q.status,
      waiting_since: q.waitingSince,
      updated_at: q.updatedAt,
      customer_read_seq: q.customerReadSeq,
      agent_read_seq: q.agentReadSeq,
      agent_unread: q.agentUnread ?? 0,
    };
    if (clearRating) {
      patch.rating_score = null;
      patch.rating_comment = null;
      patch.rated_at = null;
    }
    if (last) {
      patch.last_message_id = last.id;
      patch.lm_seq = last.seq;
      patch.lm_body = last.body;
      patch.lm_author_id = last.author.id;
      patch.lm_author_role = last.author.role;
      patch.lm_author_name = last.author.name;
      patch.lm_created_at = last.createdAt;
    }
    return { id: q.id, patch };
  });
}
