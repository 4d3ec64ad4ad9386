/**
 * What one group commit of message appends does, decided in memory and shared
 * by both stores: each store reads what the batch needs (the queries, the
 * stored twins of retried clientIds, the attachments named), hands it to
 * {@link planAppends}, then writes the plan it gets back in the same
 * transaction — SQLite statement by statement, PostgreSQL in a few set-based
 * statements for the whole batch. The rules (seq numbering, idempotency,
 * attachment claims, the effects of a message on its query) therefore exist
 * once, and the Message and Query each caller gets back are built from what
 * the transaction knows instead of being read back.
 *
 * Items are planned in call order: within a batch, seq follows the order of
 * the items, and an item sees the effects of the ones before it (a retry
 * racing its twin in the same batch is answered as a duplicate; a file claimed
 * by an earlier item cannot be claimed again).
 */
import { Limits, type Message, type Query, type TimelineEvent } from '@parley/protocol';
import { timelineEvents } from '../timeline/timeline-events.js';
import type { AttachmentRef } from '../attachments/attachment-store.js';
import { AppError } from '../errors/app-error.js';
import { messageEffects } from '../messages/message-effects.js';
import type { ItemOutcome } from './group-commit.js';
import { decodeAttachments } from './message-attachments-column.js';
import type { AppendResult, NewMessage } from './store.js';
import { type EventDraft, messageEvents } from '../webhooks/webhook-events.js';

/** A stored message found by its (queryId, clientId), with what the idempotency check compares. */
export interface StoredTwin {
  message: Message;
}

/** An uploaded file as the claim check needs it. */
export interface ClaimableAttachment extends AttachmentRef {
  queryId: string;
  uploaderId: string;
  /** The message already carrying it, or null while unsent. */
  messageId: string | null;
}

/** What the store read for the batch, under the batch's transaction (and, in PostgreSQL, its row locks). */
export interface AppendReads {
  /** The query as committed before this batch, with the names its view needs; undefined when unknown. */
  query(queryId: string): Query | undefined;
  /** The committed message with this idempotency key, if any. */
  twin(queryId: string, clientId: string): StoredTwin | undefined;
  /** The uploaded file with this id, if any. */
  attachment(id: string): ClaimableAttachment | undefined;
}

/** The final state of one query the batch changed: every mutable column of its row. */
export interface QueryWrite {
  query: Query;
  /** Id of the last public message (the row's `last_message_id`), null while it has none. */
  lastMessageId: string | null;
  /** A reopening message dropped the rating (ratings are per resolution). */
  clearRating: boolean;
}

export interface AppendPlan {
  outcomes: ItemOutcome<AppendResult>[];
  /** Messages to insert, in seq order per stream. */
  messages: Array<{ message: Message; attachments: AttachmentRef[] }>;
  /** One entry per query touched, with its state after the whole batch. */
  queries: QueryWrite[];
  /**
   * Staff read cursors to raise (never lower): one per (query, agent), at the highest seq of the batch. The
   * customer's cursor is the query's own `customerReadSeq` (one customer per query), raised in `queries`.
   */
  readCursors: Array<{ queryId: string; userId: string; seq: number }>;
  /** Files claimed by the new messages. */
  attachmentLinks: Array<{ attachmentId: string; messageId: string }>;
  /** Webhook events of the new messages, for the outbox (webhooks/webhook-events.ts), in seq order. */
  events: EventDraft[];
  /** Timeline events of the batch (a message reopening a resolved query), in call order. */
  timeline: TimelineEvent[];
}

/**
 * Plans a batch of appends against what the store read. Refusals (unknown query, a clientId reused by
 * another author or stream, a file that is not the author's unsent upload to this query) fail their item
 * alone and leave nothing in the plan.
 */
export function planAppends(items: readonly NewMessage[], reads: AppendReads): AppendPlan {
  const plan: AppendPlan = { outcomes: [], messages: [], queries: [], readCursors: [], attachmentLinks: [], events: [], timeline: [] };
  const queries = new Map<string, QueryWrite>();
  const twins = new Map<string, StoredTwin>();
  const claimed = new Set<string>();
  const cursors = new Map<string, { queryId: string; userId: string; seq: number }>();

  const current = (queryId: string): QueryWrite | undefined => {
    let write = queries.get(queryId);
    if (!write) {
      const query = reads.query(queryId);
      if (!query) return undefined;
      write = { query, lastMessageId: null, clearRating: false };
      // Not yet a write: registered in plan.queries only once a message changes it.
    }
    return write;
  };

  for (const m of items) {
    try {
      const key = `${m.queryId}\u0000${m.clientId}`;
      const twin = twins.get(key) ?? reads.twin(m.queryId, m.clientId);
      if (twin) {
        if (twin.message.author.id !== m.author.id || twin.message.internal !== m.internal) {
          throw new AppError('conflict', 'this clientId is already used by another message in this query');
        }
        const query = current(m.queryId)?.query;
        if (!query) throw new AppError('not_found', 'query not found');
        plan.outcomes.push({ ok: true, value: { message: twin.message, duplicate: true, query, statusChanged: false } });
        continue;
      }
      const write = current(m.queryId);
      if (!write) throw new AppError('not_found', 'query not found');
      const attachments = claim(m, reads, claimed);
      const before = write.query;
      const seq = (m.internal ? before.lastNoteSeq : before.lastSeq) + 1;
      const author = { id: m.author.id, role: m.author.role, name: m.author.name };
      const message: Message = {
        id: m.id, queryId: m.queryId, seq, clientId: m.clientId, author, body: m.body, internal: m.internal,
        attachments: decodeAttachments(attachments), createdAt: m.createdAt, ...(m.writtenAt ? { writtenAt: m.writtenAt } : {}),
      };
      let next: QueryWrite;
      let statusChanged = false;
      if (m.internal) {
        // updated_at is not moved: customers see it, and must not learn when agents wrote notes.
        next = { ...write, query: { ...before, lastNoteSeq: seq } };
      } else {
        const effects = messageEffects(
          { status: before.status, waitingSince: before.waitingSince },
          { internal: false, authorRole: m.author.role, createdAt: m.createdAt },
        );
        const reopened = before.status === 'resolved' && effects.status !== 'resolved';
        // A reply takes an unassigned query (replyAssigns): nobody else answers the customer unaware of it.
        const takes = m.assignIfUnassigned === true && (m.author.role === 'agent' || m.author.role === 'admin') && before.assignee === null;
        statusChanged = effects.status !== before.status || takes;
        next = {
          lastMessageId: m.id,
          clearRating: write.clearRating || reopened,
          query: {
            ...before,
            status: effects.status,
            lastSeq: seq,
            lastMessage: { seq, body: m.body.slice(0, Limits.PREVIEW_MAX), author, createdAt: m.createdAt },
            waitingSince: effects.waitingSince,
            updatedAt: m.createdAt,
            rating: reopened ? null : before.rating,
            assignee: takes ? { id: author.id, name: author.name } : before.assignee,
            // Sending a message means having read everything up to it (an automatic reply reads nothing). The
            // agents' unread count is the customer's messages after their cursor: an agent's message clears it.
            ...(m.author.role === 'customer'
              ? { customerReadSeq: Math.max(before.customerReadSeq, seq), agentUnread: (before.agentUnread ?? 0) + 1 }
              : m.author.role === 'system'
                ? {}
                : { agentReadSeq: Math.max(before.agentReadSeq, seq), agentUnread: 0 }),
          },
        };
        const cursorKey = `${m.queryId}\u0000${m.author.id}`;
        const cursor = cursors.get(cursorKey);
        if (m.author.role === 'system' || m.author.role === 'customer') {
          // Not a reader, or the customer, whose cursor is the query's `customerReadSeq` (set above): a row of its own
          // per message was one more page in every commit (docs/performance.md, "The customer's read cursor").
        } else if (cursor) cursor.seq = Math.max(cursor.seq, seq);
        else cursors.set(cursorKey, { queryId: m.queryId, userId: m.author.id, seq });
      }
      queries.set(m.queryId, next);
      twins.set(key, { message });
      for (const ref of attachments) {
        claimed.add(ref.id);
        plan.attachmentLinks.push({ attachmentId: ref.id, messageId: m.id });
      }
      plan.messages.push({ message, attachments });
      plan.events.push(...messageEvents(before, next.query, message));
      // Its author reopened or took it: the timeline says so, written with the message.
      const timeline = statusChanged ? timelineEvents(before, next.query, author, m.createdAt) : [];
      plan.timeline.push(...timeline);
      plan.outcomes.push({ ok: true, value: { message, duplicate: false, query: next.query, statusChanged, timeline } });
    } catch (error) {
      plan.outcomes.push({ ok: false, error });
    }
  }
  plan.queries = [...queries.values()];
  plan.readCursors = [...cursors.values()];
  return plan;
}

/**
 * The attachments `m` names, in the order given, if every one was uploaded to its query by its author and is
 * on no message yet (nor claimed earlier in this batch).
 * @throws AppError('invalid_payload') naming what is wrong.
 */
function claim(m: NewMessage, reads: AppendReads, claimed: ReadonlySet<string>): AttachmentRef[] {
  const unique = [...new Set(m.attachmentIds ?? [])];
  const refs: AttachmentRef[] = [];
  const missing: string[] = [];
  for (const id of unique) {
    const a = reads.attachment(id);
    if (!a || a.queryId !== m.queryId || a.uploaderId !== m.author.id || a.messageId !== null || claimed.has(id)) missing.push(id);
    else refs.push({ id: a.id, name: a.name, contentType: a.contentType, size: a.size });
  }
  if (missing.length > 0) {
    throw new AppError(
      'invalid_payload',
      `attachment ${missing[0]} is not a file you uploaded to this query (or it is already on another message)`,
      { issues: missing.map((id) => ({ path: 'attachmentIds', message: `unknown or already used attachment ${id}` })) },
    );
  }
  return refs;
}
