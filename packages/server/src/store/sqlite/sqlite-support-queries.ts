/**
 * Queries in the embedded store: opening one with its first message, reading
 * and listing (keyset cursor), the agents' state changes and read cursors.
 * Appending messages is the append pipeline's (sqlite-append.ts).
 */
import type { SQLInputValue } from 'node:sqlite';
import type { Query, TimelineEvent, UserRef } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import type { CreateQueryResult, NewQuery, QueryFilter, QueryPage, QueryPatch, QueryUpdate, ReadCursorResult } from '../store.js';
import { type QueryRow, decodeCursor, encodeCursor, querySelect, toQuery } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteMessages } from './sqlite-messages.js';
import { refuseOverOpenCap } from '../open-query-cap.js';
import { queryChangedEvents, queryCreatedEvents } from '../../webhooks/webhook-events.js';
import { timelineEvents } from '../../timeline/timeline-events.js';
import type { SqliteTimeline } from './sqlite-timeline.js';
import type { SqliteWebhooks } from './sqlite-webhooks.js';

export class SqliteSupportQueries {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly messages: SqliteMessages,
    private readonly webhooks: SqliteWebhooks,
    private readonly timeline: SqliteTimeline,
  ) {}

  create(q: NewQuery): CreateQueryResult {
    this.database.assertOpen();
    const m = q.firstMessage;
    let existingId: string | undefined;
    let created: CreateQueryResult | undefined;
    // Check and insert in one transaction: node:sqlite is synchronous, so no other
    // create can slip in between; UNIQUE (customer_id, client_id) backs it up.
    this.database.transaction(() => {
      if (q.clientId !== undefined) {
        const row = this.database
          .sql('SELECT id FROM queries WHERE customer_id = ? AND client_id = ?')
          .get(q.customerId, q.clientId) as { id: string } | undefined;
        existingId = row?.id;
        if (existingId) return;
      }
      if (q.maxOpen !== undefined) refuseOverOpenCap(this.countOpen(q.customerId), q.maxOpen);
      this.database
        .sql(
          `INSERT INTO queries (id, subject, status, customer_id, client_id, last_seq, last_message_id, customer_read_seq,
             agent_unread, waiting_since, created_at, updated_at, transcript_requested, team_id) VALUES (?, ?, 'open', ?, ?, 1, ?, 1, 1, ?, ?, ?, ?, ?)`,
        )
        .run(q.id, q.subject, q.customerId, q.clientId ?? null, m.id, q.createdAt, q.createdAt, q.createdAt, q.emailTranscript ? 1 : 0, q.teamId ?? null);
      this.messages.insert({ ...m, queryId: q.id, seq: 1, internal: false, createdAt: q.createdAt });
      // The customer's cursor is the row's customer_read_seq (1, above); only staff have rows in read_cursors.
      if (m.author.role !== 'customer') this.database.sql('INSERT INTO read_cursors (query_id, user_id, seq) VALUES (?, ?, 1)').run(q.id, m.author.id);
      // Read once, for the outbox and for the answer.
      created = { query: this.get(q.id)!, message: this.messages.get(m.id)!, duplicate: false };
      this.webhooks.record(queryCreatedEvents(created.query, created.message));
    });
    if (existingId) return { query: this.get(existingId)!, message: this.messages.first(existingId)!, duplicate: true };
    return created!;
  }

  /** Queries of this customer open or pending. */
  countOpen(customerId: string): number {
    const row = this.database
      .sql("SELECT COUNT(*) AS n FROM queries WHERE customer_id = ? AND status <> 'resolved'")
      .get(customerId) as { n: number };
    return row.n;
  }

  /** The query with its customer's and assignee's names and its preview. */
  get(id: string): Query | null {
    const row = this.row(id);
    return row ? toQuery(row) : null;
  }

  /** The row {@link get} reads, before it becomes a Query (the append pipeline keeps rows: sqlite-query-rows.ts). */
  row(id: string): QueryRow | undefined {
    return this.database.sql(`${querySelect} WHERE q.id = ?`).get(id) as QueryRow | undefined;
  }

  list(filter: QueryFilter): QueryPage {
    this.database.assertOpen();
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    if (filter.customerId !== undefined) (where.push('q.customer_id = ?'), values.push(filter.customerId));
    if (filter.status !== undefined) (where.push('q.status = ?'), values.push(filter.status));
    if (filter.assigneeId === null) where.push('q.assignee_id IS NULL');
    else if (filter.assigneeId !== undefined) (where.push('q.assignee_id = ?'), values.push(filter.assigneeId));
    if (filter.cursor !== undefined) {
      const cursor = decodeCursor(filter.cursor);
      if (!cursor) throw new AppError('invalid_payload', 'invalid cursor');
      where.push('(q.created_at < ? OR (q.created_at = ? AND q.id < ?))');
      values.push(cursor[0], cursor[0], cursor[1]);
    }
    const sql = `${querySelect} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY q.created_at DESC, q.id DESC LIMIT ?`;
    const rows = this.database.sql(sql).all(...values, filter.limit + 1) as unknown as QueryRow[];
    const page = rows.slice(0, filter.limit).map(toQuery);
    const last = page.at(-1);
    return { queries: page, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  listOpenIdsAssignedTo(agentId: string): string[] {
    this.database.assertOpen();
    const rows = this.database
      .sql("SELECT id FROM queries WHERE assignee_id = ? AND status <> 'resolved'")
      .all(agentId) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  update(id: string, patch: QueryPatch, at: string): QueryUpdate | null {
    this.database.assertOpen();
    const before = this.get(id);
    if (!before) return null;
    const status = patch.status ?? before.status;
    const assigneeId = patch.assigneeId === undefined ? (before.assignee?.id ?? null) : patch.assigneeId;
    const teamId = patch.teamId === undefined ? (before.team?.id ?? null) : patch.teamId;
    if (status === before.status && assigneeId === (before.assignee?.id ?? null) && teamId === (before.team?.id ?? null)) {
      return { query: before, changed: false, timeline: [] };
    }
    // Nobody waits on a resolved query.
    const waitingSince = status === 'resolved' ? null : before.waitingSince;
    let after!: Query;
    let timeline: TimelineEvent[] = [];
    this.database.transaction(() => {
      this.database
        .sql('UPDATE queries SET status = ?, assignee_id = ?, waiting_since = ?, updated_at = ?, team_id = ? WHERE id = ?')
        .run(status, assigneeId, waitingSince, at, teamId, id);
      if (before.status === 'resolved' && status !== 'resolved') this.clearRating(id);
      after = this.get(id)!;
      this.webhooks.record(queryChangedEvents(before, after, at));
      timeline = timelineEvents(before, after, patch.actor ?? null, at);
      this.timeline.record(timeline);
    });
    return { query: after, changed: true, timeline };
  }

  advanceReadCursor(queryId: string, user: UserRef, seq: number): ReadCursorResult | null {
    this.database.assertOpen();
    if (!this.get(queryId)) return null;
    let advanced = false;
    this.database.transaction(() => {
      if (user.role === 'customer') {
        // The customer's cursor is the query's own column (one customer per query): no row in read_cursors.
        const result = this.database.sql('UPDATE queries SET customer_read_seq = ?1 WHERE id = ?2 AND customer_read_seq < ?1').run(seq, queryId);
        advanced = Number(result.changes) > 0;
        return;
      }
      const result = this.database
        .sql(
          `INSERT INTO read_cursors (query_id, user_id, seq) VALUES (?, ?, ?)
           ON CONFLICT (query_id, user_id) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > read_cursors.seq`,
        )
        .run(queryId, user.id, seq);
      advanced = Number(result.changes) > 0;
      if (advanced) {
        // The agents' cursor, and the customer's messages after it counted again (`agent_unread`).
        this.database
          .sql(
            `UPDATE queries SET agent_read_seq = MAX(agent_read_seq, ?1),
               agent_unread = (SELECT COUNT(*) FROM messages m
                 WHERE m.query_id = ?2 AND m.internal = 0 AND m.author_role = 'customer' AND m.seq > MAX(queries.agent_read_seq, ?1))
             WHERE id = ?2`,
          )
          .run(seq, queryId);
      }
    });
    return { query: this.get(queryId)!, advanced };
  }

  /**
   * A reopened query starts without a rating: the one given rated the earlier resolution, and the
   * customer is asked again when it is resolved again (ratings/, one rating per resolution).
   */
  clearRating(queryId: string): void {
    this.database.sql('UPDATE queries SET rating_score = NULL, rating_comment = NULL, rated_at = NULL WHERE id = ?').run(queryId);
  }
}
