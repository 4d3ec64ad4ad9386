/**
 * Queries in the PostgreSQL store: opening one with its first message, reading
 * and listing (keyset cursor), the agents' state changes and read cursors.
 * Every transaction that changes a query takes its row lock first, as the
 * append pipeline does, so concurrent changes from any node queue up on the
 * row in one order instead of deadlocking.
 */
import type { Query, UserRef } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { type QueryRow, decodeCursor, encodeCursor, querySelect, toQuery } from '../rows.js';
import type { CreateQueryResult, NewQuery, QueryFilter, QueryPage, QueryPatch, QueryUpdate, ReadCursorResult } from '../store.js';
import type { PostgresDatabase, Queryable } from './postgres-database.js';
import type { PostgresMessages } from './postgres-messages.js';
import { refuseOverOpenCap } from '../open-query-cap.js';
import { queryChangedEvents, queryCreatedEvents } from '../../webhooks/webhook-events.js';
import { timelineEvents } from '../../timeline/timeline-events.js';
import type { PostgresTimeline } from './postgres-timeline.js';
import type { PostgresWebhooks } from './postgres-webhooks.js';

export class PostgresSupportQueries {
  constructor(
    private readonly database: PostgresDatabase,
    private readonly messages: PostgresMessages,
    private readonly webhooks: PostgresWebhooks,
    private readonly timeline: PostgresTimeline,
  ) {}

  async create(q: NewQuery): Promise<CreateQueryResult> {
    const m = q.firstMessage;
    return this.database.transaction(async (client) => {
      if (q.maxOpen !== undefined) {
        // The customer's row lock serialises their creates across nodes, so two cannot both pass the count.
        await client.query('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [q.customerId]);
        const existing = q.clientId === undefined ? [] : (await client.query<{ id: string }>(
          'SELECT id FROM queries WHERE customer_id = $1 AND client_id = $2', [q.customerId, q.clientId],
        )).rows;
        if (existing[0]) {
          return { query: (await this.get(existing[0].id, client))!, message: (await this.messages.first(client, existing[0].id))!, duplicate: true };
        }
        const { rows } = await client.query<{ n: number }>(
          "SELECT COUNT(*)::int AS n FROM queries WHERE customer_id = $1 AND status <> 'resolved'", [q.customerId],
        );
        refuseOverOpenCap(rows[0]!.n, q.maxOpen);
      }
      // The unique (customer_id, client_id) index decides between retries, also when two nodes race:
      // the second insert waits for the first to commit, then does nothing.
      const inserted = await client.query(
        `INSERT INTO queries (id, subject, status, customer_id, client_id, last_seq, last_message_id, customer_read_seq,
           agent_unread, waiting_since, created_at, updated_at, transcript_requested, team_id)
         VALUES ($1, $2, 'open', $3, $4, 1, $5, 1, 1, $6, $6, $6, $7, $8)
         ON CONFLICT (customer_id, client_id) DO NOTHING`,
        [q.id, q.subject, q.customerId, q.clientId ?? null, m.id, q.createdAt, q.emailTranscript ?? false, q.teamId ?? null],
      );
      if (inserted.rowCount === 0) {
        const { rows } = await client.query<{ id: string }>('SELECT id FROM queries WHERE customer_id = $1 AND client_id = $2', [q.customerId, q.clientId]);
        const existingId = rows[0]!.id;
        return { query: (await this.get(existingId, client))!, message: (await this.messages.first(client, existingId))!, duplicate: true };
      }
      await client.query(
        `INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at)
         VALUES ($1, $2, false, 1, $3, $4, $5, $6, $7, $8)`,
        [m.id, q.id, m.clientId, m.author.id, m.author.role, m.author.name, m.body, q.createdAt],
      );
      // The customer's cursor is the row's customer_read_seq; only staff have rows in read_cursors.
      if (m.author.role !== 'customer') await client.query('INSERT INTO read_cursors (query_id, user_id, seq) VALUES ($1, $2, 1)', [q.id, m.author.id]);
      const message = {
        id: m.id, queryId: q.id, seq: 1, clientId: m.clientId, author: { id: m.author.id, role: m.author.role, name: m.author.name },
        body: m.body, internal: false, attachments: [], createdAt: q.createdAt,
      };
      const query = (await this.get(q.id, client))!;
      await this.webhooks.record(client, queryCreatedEvents(query, message));
      return { query, message, duplicate: false };
    });
  }

  /** The query with its customer's and assignee's names and its preview; `lock` takes its row lock (in a transaction). */
  async get(id: string, client?: Queryable, lock = false): Promise<Query | null> {
    const sql = `${querySelect} WHERE q.id = $1${lock ? ' FOR UPDATE OF q' : ''}`;
    const rows = client ? (await client.query<QueryRow>(sql, [id])).rows : await this.database.query<QueryRow>(sql, [id]);
    return rows[0] ? toQuery(rows[0]) : null;
  }

  async getMany(ids: readonly string[]): Promise<Query[]> {
    if (ids.length === 0) return [];
    const rows = await this.database.query<QueryRow>(`${querySelect} WHERE q.id = ANY($1::text[])`, [[...new Set(ids)]]);
    return rows.map(toQuery);
  }

  async list(filter: QueryFilter): Promise<QueryPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown) => (values.push(value), `$${values.length}`);
    if (filter.customerId !== undefined) where.push(`q.customer_id = ${bind(filter.customerId)}`);
    if (filter.status !== undefined) where.push(`q.status = ${bind(filter.status)}`);
    if (filter.assigneeId === null) where.push('q.assignee_id IS NULL');
    else if (filter.assigneeId !== undefined) where.push(`q.assignee_id = ${bind(filter.assigneeId)}`);
    if (filter.cursor !== undefined) {
      const cursor = decodeCursor(filter.cursor);
      if (!cursor || Number.isNaN(Date.parse(cursor[0]))) throw new AppError('invalid_payload', 'invalid cursor');
      where.push(`(q.created_at, q.id) < (${bind(cursor[0])}::timestamptz, ${bind(cursor[1])})`);
    }
    const sql = `${querySelect} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY q.created_at DESC, q.id DESC LIMIT ${bind(filter.limit + 1)}`;
    const rows = await this.database.query<QueryRow>(sql, values);
    const page = rows.slice(0, filter.limit).map(toQuery);
    const last = page.at(-1);
    return { queries: page, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async listOpenIdsAssignedTo(agentId: string): Promise<string[]> {
    const rows = await this.database.query<{ id: string }>("SELECT id FROM queries WHERE assignee_id = $1 AND status <> 'resolved'", [agentId]);
    return rows.map((r) => r.id);
  }

  async update(id: string, patch: QueryPatch, at: string): Promise<QueryUpdate | null> {
    return this.database.transaction(async (client) => {
      const before = await this.get(id, client, true);
      if (!before) return null;
      const status = patch.status ?? before.status;
      const assigneeId = patch.assigneeId === undefined ? (before.assignee?.id ?? null) : patch.assigneeId;
      const teamId = patch.teamId === undefined ? (before.team?.id ?? null) : patch.teamId;
      if (status === before.status && assigneeId === (before.assignee?.id ?? null) && teamId === (before.team?.id ?? null)) {
        return { query: before, changed: false, timeline: [] };
      }
      // Nobody waits on a resolved query; a reopened one starts without a rating (one rating per resolution).
      const waitingSince = status === 'resolved' ? null : before.waitingSince;
      const clearRating = before.status === 'resolved' && status !== 'resolved';
      await client.query(
        `UPDATE queries SET status = $1, assignee_id = $2, waiting_since = $3, updated_at = $4, team_id = $7,
           rating_score = CASE WHEN $5 THEN NULL ELSE rating_score END,
           rating_comment = CASE WHEN $5 THEN NULL ELSE rating_comment END,
           rated_at = CASE WHEN $5 THEN NULL ELSE rated_at END
         WHERE id = $6`,
        [status, assigneeId, waitingSince, at, clearRating, id, teamId],
      );
      const after = (await this.get(id, client))!;
      await this.webhooks.record(client, queryChangedEvents(before, after, at));
      const timeline = timelineEvents(before, after, patch.actor ?? null, at);
      await this.timeline.record(client, timeline);
      return { query: after, changed: true, timeline };
    });
  }

  async advanceReadCursor(queryId: string, user: UserRef, seq: number): Promise<ReadCursorResult | null> {
    return this.database.transaction(async (client) => {
      // The query's row lock first, like every other change to the query (see the file comment).
      const { rowCount } = await client.query('SELECT 1 FROM queries WHERE id = $1 FOR UPDATE', [queryId]);
      if (rowCount === 0) return null;
      // The customer's cursor is the query's own column (one customer per query): no row in read_cursors.
      const moved =
        user.role === 'customer'
          ? await client.query('UPDATE queries SET customer_read_seq = $1 WHERE id = $2 AND customer_read_seq < $1', [seq, queryId])
          : await client.query(
              `INSERT INTO read_cursors (query_id, user_id, seq) VALUES ($1, $2, $3)
               ON CONFLICT (query_id, user_id) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > read_cursors.seq`,
              [queryId, user.id, seq],
            );
      const advanced = (moved.rowCount ?? 0) > 0;
      if (advanced && user.role !== 'customer') await client.query(agentReadUpdate, [seq, queryId]);
      return { query: (await this.get(queryId, client))!, advanced };
    });
  }
}

/** Moves the agents' cursor and counts again the customer's messages after it (`agent_unread`). */
const agentReadUpdate = `UPDATE queries SET agent_read_seq = GREATEST(agent_read_seq, $1),
    agent_unread = (SELECT COUNT(*) FROM messages m
      WHERE m.query_id = $2 AND NOT m.internal AND m.author_role = 'customer' AND m.seq > GREATEST(queries.agent_read_seq, $1))
  WHERE id = $2`;
