/**
 * The message append pipeline of the PostgreSQL store: what one group commit
 * runs for its batch, in one transaction of a fixed handful of statements
 * whatever the batch size:
 * 1. lock the batch's queries, in id order (every node locks in the same
 *    order, so two nodes' batches queue up instead of deadlocking), and read them;
 * 2. read the stored twins of the batch's clientIds, and the files it names;
 * 3. plan the batch in memory (store/append-plan.ts, shared with SQLite);
 * 4. write it: the messages, the queries' new state (their seq counters
 *    among it), the read cursors and the claimed files, each in one statement,
 *    and the webhook outbox rows of the batch's events (one small read of the
 *    active endpoints, and two inserts only when one of them wants an event).
 *
 * Holding each query's row lock from the read of its counter to the commit is
 * what keeps seq gap-free and unique across nodes; reading the twins after
 * taking it is what makes two nodes racing on one clientId store it once (the
 * second waits for the first's commit, then finds its row).
 */
import { planAppends, type AppendPlan, type ClaimableAttachment, type StoredTwin } from '../append-plan.js';
import type { ItemOutcome } from '../group-commit.js';
import { encodeAttachments } from '../message-attachments-column.js';
import { type AttachmentRow, attachmentClaimSelect, type MessageRow, type QueryRow, querySelect, toClaimable, toMessage, toQuery } from '../rows.js';
import type { AppendResult, NewMessage } from '../store.js';
import type { PostgresDatabase, Queryable } from './postgres-database.js';
import type { PostgresWebhooks } from './postgres-webhooks.js';
import type { PostgresTimeline } from './postgres-timeline.js';


export class PostgresAppendPipeline {
  constructor(
    private readonly database: PostgresDatabase,
    private readonly webhooks: PostgresWebhooks,
    private readonly timeline: PostgresTimeline,
  ) {}

  /**
   * One transaction for a whole batch. A refusal fails its item alone; a failure of the transaction itself
   * (the database unreachable, the connection lost before COMMIT was acknowledged) fails every item with
   * `unavailable` — never an ok for a commit nobody saw succeed.
   */
  commit(items: NewMessage[]): Promise<ItemOutcome<AppendResult>[]> {
    return this.database.transaction(async (client) => {
      const plan = planAppends(items, await this.#read(client, items));
      await this.#write(client, plan);
      return plan.outcomes;
    });
  }

  async #read(client: Queryable, items: readonly NewMessage[]) {
    const queryIds = [...new Set(items.map((m) => m.queryId))].sort();
    const { rows: queryRows } = await client.query<QueryRow>(
      `${querySelect} WHERE q.id = ANY($1::text[]) ORDER BY q.id FOR UPDATE OF q`,
      [queryIds],
    );
    const queries = new Map(queryRows.map((row) => [row.id, toQuery(row)]));
    const { rows: twinRows } = await client.query<MessageRow>(
      'SELECT m.* FROM messages m JOIN unnest($1::text[], $2::text[]) AS k (query_id, client_id) USING (query_id, client_id)',
      [items.map((m) => m.queryId), items.map((m) => m.clientId)],
    );
    const twins = new Map<string, StoredTwin>(twinRows.map((row) => [`${row.query_id}\u0000${row.client_id}`, { message: toMessage(row) }]));
    const attachmentIds = [...new Set(items.flatMap((m) => m.attachmentIds ?? []))].sort();
    const attachments = new Map<string, ClaimableAttachment>();
    if (attachmentIds.length > 0) {
      // Locked, so the sweeper deleting an old unsent upload and a message claiming it cannot both succeed.
      const { rows } = await client.query<AttachmentRow>(`${attachmentClaimSelect} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [
        attachmentIds,
      ]);
      for (const row of rows) attachments.set(row.id, toClaimable(row));
    }
    return {
      query: (id: string) => queries.get(id),
      twin: (queryId: string, clientId: string) => twins.get(`${queryId}\u0000${clientId}`),
      attachment: (id: string) => attachments.get(id),
    };
  }

  async #write(client: Queryable, plan: AppendPlan): Promise<void> {
    if (plan.messages.length > 0) {
      const m = plan.messages.map((p) => p.message);
      await client.query(
        `INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, attachments, created_at,
           written_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::jsonb[], $11::timestamptz[], $12::timestamptz[])`,
        [
          m.map((x) => x.id), m.map((x) => x.queryId), m.map((x) => x.internal), m.map((x) => x.seq), m.map((x) => x.clientId),
          m.map((x) => x.author.id), m.map((x) => x.author.role), m.map((x) => x.author.name), m.map((x) => x.body),
          plan.messages.map((p) => encodeAttachments(p.attachments)), m.map((x) => x.createdAt), m.map((x) => x.writtenAt ?? null),
        ],
      );
    }
    if (plan.attachmentLinks.length > 0) {
      await client.query(
        `UPDATE attachments a SET message_id = v.message_id
         FROM unnest($1::text[], $2::text[]) AS v (id, message_id) WHERE a.id = v.id AND a.message_id IS NULL`,
        [plan.attachmentLinks.map((l) => l.attachmentId), plan.attachmentLinks.map((l) => l.messageId)],
      );
    }
    if (plan.queries.length > 0) {
      const q = plan.queries;
      await client.query(
        `UPDATE queries q SET last_seq = v.last_seq, last_note_seq = v.last_note_seq,
           last_message_id = COALESCE(v.last_message_id, q.last_message_id), status = v.status,
           waiting_since = v.waiting_since, updated_at = v.updated_at,
           customer_read_seq = v.customer_read_seq, agent_read_seq = v.agent_read_seq, agent_unread = v.agent_unread,
           assignee_id = v.assignee_id,
           rating_score = CASE WHEN v.clear_rating THEN NULL ELSE q.rating_score END,
           rating_comment = CASE WHEN v.clear_rating THEN NULL ELSE q.rating_comment END,
           rated_at = CASE WHEN v.clear_rating THEN NULL ELSE q.rated_at END
         FROM unnest($1::text[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
           $8::integer[], $9::integer[], $10::boolean[], $11::text[], $12::integer[])
           AS v (id, last_seq, last_note_seq, last_message_id, status, waiting_since, updated_at, customer_read_seq, agent_read_seq, clear_rating,
             assignee_id, agent_unread)
         WHERE q.id = v.id`,
        [
          q.map((w) => w.query.id), q.map((w) => w.query.lastSeq), q.map((w) => w.query.lastNoteSeq), q.map((w) => w.lastMessageId),
          q.map((w) => w.query.status), q.map((w) => w.query.waitingSince), q.map((w) => w.query.updatedAt),
          q.map((w) => w.query.customerReadSeq), q.map((w) => w.query.agentReadSeq), q.map((w) => w.clearRating),
          q.map((w) => w.query.assignee?.id ?? null), q.map((w) => w.query.agentUnread ?? 0),
        ],
      );
    }
    if (plan.readCursors.length > 0) {
      const c = plan.readCursors;
      await client.query(
        `INSERT INTO read_cursors (query_id, user_id, seq) SELECT * FROM unnest($1::text[], $2::text[], $3::integer[])
         ON CONFLICT (query_id, user_id) DO UPDATE SET seq = GREATEST(read_cursors.seq, excluded.seq)`,
        [c.map((x) => x.queryId), c.map((x) => x.userId), c.map((x) => x.seq)],
      );
    }
    await this.webhooks.record(client, plan.events);
    await this.timeline.record(client, plan.timeline);
  }
}
