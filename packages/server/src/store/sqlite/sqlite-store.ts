/**
 * The embedded store: node:sqlite (synchronous, in-process) in WAL mode with
 * `synchronous=FULL`, because an ack promises the message survives a power
 * cut. Message appends go through a {@link GroupCommitQueue} so concurrent
 * senders share one transaction (one fsync); everything else is a short
 * transaction of its own.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { Limits, type Agent, type Customer, type Message, type Query, type UserRef } from '@parley/protocol';
import { decodeAttachments, encodeAttachments, linkAttachments, pickAttachments } from '../../attachments/message-attachments.js';
import type { AttachmentRef } from '../../attachments/attachment-store.js';
import { SqliteAttachmentStore } from '../../attachments/sqlite-attachment-store.js';
import { SqliteCannedReplyStore } from '../../canned-replies/sqlite-canned-reply-store.js';
import { SqliteRatingStore } from '../../ratings/sqlite-rating-store.js';
import { AppError } from '../../errors/app-error.js';
import { messageEffects } from '../../messages/message-effects.js';
import { GroupCommitQueue, type GroupCommitOptions, type ItemOutcome } from '../group-commit.js';
import type {
  AgentPatch, AgentRecord, AppendResult, CommitStats, CreateQueryResult, MessageRange, NewAgent, NewCustomer, NewMessage,
  NewQuery, QueryFilter, QueryPage, QueryPatch, ReadCursorResult, Store,
} from '../store.js';
import { migrate } from './migrations.js';
import {
  type AgentRow, type CustomerRow, type MessageRow, type QueryRow, decodeCursor, encodeCursor, querySelect,
  toAgent, toAgentRecord, toCustomer, toMessage, toQuery,
} from './rows.js';

export interface SqliteStoreOptions {
  /** Directory holding parley.db (created if missing). */
  dataDir: string;
  commit: GroupCommitOptions;
  /** Called with the size of every committed batch (metrics). */
  onBatch?: (size: number) => void;
}

/** What an append knows once it is checked: either the stored twin of a retry, or what to write. */
type AppendPlan = { duplicate: AppendResult } | WritePlan;

interface WritePlan {
  /** The query before this message. */
  before: Query;
  seq: number;
  attachments: AttachmentRef[];
}

/** File name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'parley.db';

export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #appends: GroupCommitQueue<NewMessage, AppendResult>;
  readonly #statements = new Map<string, StatementSync>();
  #closed = false;
  readonly cannedReplies: SqliteCannedReplyStore;
  readonly attachments: SqliteAttachmentStore;
  readonly ratings: SqliteRatingStore;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(options.dataDir, DATABASE_FILE));
    this.#db.exec('PRAGMA journal_mode = WAL');
    // FULL: the WAL is fsynced on every commit, so an acked message survives a power cut.
    this.#db.exec('PRAGMA synchronous = FULL');
    this.#db.exec('PRAGMA foreign_keys = ON');
    this.#db.exec('PRAGMA busy_timeout = 5000');
    migrate(this.#db);
    this.cannedReplies = new SqliteCannedReplyStore(this.#db, () => this.#open());
    this.attachments = new SqliteAttachmentStore(this.#db, () => this.#open());
    this.ratings = new SqliteRatingStore(this.#db, () => this.#open());
    this.#appends = new GroupCommitQueue((items) => this.#commitAppends(items), options.commit, options.onBatch);
  }

  async ping(): Promise<void> {
    this.#open();
    this.#sql('SELECT 1').get();
  }

  async flush(): Promise<void> {
    await this.#appends.flush();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#appends.flush();
    this.#closed = true;
    this.#db.close();
  }

  commitStats(): CommitStats {
    const s = this.#appends.stats;
    return { commits: s.commits, messages: s.items, largestBatch: s.largestBatch, groupedCommits: s.groupedCommits, queued: this.#appends.pending };
  }

  // ------------------------------------------------------------------ customers

  async createCustomer(c: NewCustomer): Promise<Customer> {
    this.#open();
    this.#sql('INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, c.name, c.email, c.externalId, c.resumeKeyHash, c.createdAt);
    return toCustomer({ id: c.id, name: c.name, email: c.email, external_id: c.externalId, created_at: c.createdAt });
  }

  async upsertCustomerByExternalId(c: NewCustomer, options: { keepName?: boolean } = {}): Promise<Customer> {
    this.#open();
    // The external identity is the key; a later sign-in may bring a newer name or email (a sign-in
    // without a name keeps the one on file rather than falling back to the externalId).
    this.#sql(
        `INSERT INTO customers (id, name, email, external_id, resume_key_hash, created_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5)
         ON CONFLICT (external_id) DO UPDATE SET name = CASE WHEN ?6 = 1 THEN customers.name ELSE excluded.name END,
           email = COALESCE(excluded.email, customers.email)`,
      )
      .run(c.id, c.name, c.email, c.externalId, c.createdAt, options.keepName ? 1 : 0);
    const row = this.#sql('SELECT * FROM customers WHERE external_id = ?').get(c.externalId) as unknown as CustomerRow;
    return toCustomer(row);
  }

  async getCustomer(id: string): Promise<Customer | null> {
    this.#open();
    const row = this.#sql('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  async findCustomerByResumeKeyHash(hash: string): Promise<Customer | null> {
    this.#open();
    const row = this.#sql('SELECT * FROM customers WHERE resume_key_hash = ?').get(hash) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  // ------------------------------------------------------------------ agents

  async countAgents(): Promise<number> {
    this.#open();
    return (this.#sql('SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n;
  }

  async countActiveAdmins(): Promise<number> {
    this.#open();
    return (this.#sql("SELECT COUNT(*) AS n FROM agents WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
  }

  async createAgent(a: NewAgent): Promise<Agent> {
    this.#open();
    if (this.#sql('SELECT 1 FROM agents WHERE email = ?').get(a.email)) {
      throw new AppError('conflict', 'an agent with this email already exists');
    }
    this.#sql('INSERT INTO agents (id, email, name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)')
      .run(a.id, a.email, a.name, a.role, a.passwordHash, a.createdAt);
    return { id: a.id, email: a.email, name: a.name, role: a.role, active: true, createdAt: a.createdAt };
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    this.#open();
    const row = this.#sql('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row ? toAgentRecord(row) : null;
  }

  async getAgentByEmail(email: string): Promise<AgentRecord | null> {
    this.#open();
    const row = this.#sql('SELECT * FROM agents WHERE email = ?').get(email) as AgentRow | undefined;
    return row ? toAgentRecord(row) : null;
  }

  async listAgents(): Promise<Agent[]> {
    this.#open();
    const rows = this.#sql('SELECT * FROM agents ORDER BY name, id').all() as unknown as AgentRow[];
    return rows.map(toAgent);
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    this.#open();
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    if (patch.name !== undefined) (sets.push('name = ?'), values.push(patch.name));
    if (patch.role !== undefined) (sets.push('role = ?'), values.push(patch.role));
    if (patch.active !== undefined) (sets.push('active = ?'), values.push(patch.active ? 1 : 0));
    if (patch.passwordHash !== undefined) (sets.push('password_hash = ?'), values.push(patch.passwordHash));
    if (sets.length > 0) {
      this.#transaction(() => {
        this.#sql(`UPDATE agents SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
        if (patch.keepAnActiveAdmin && (patch.role !== undefined || patch.active !== undefined) && (this.#sql("SELECT COUNT(*) AS n FROM agents WHERE role = 'admin' AND active = 1").get() as { n: number }).n === 0) {
          throw new AppError('conflict', 'this is the last active admin');
        }
      });
    }
    const row = this.#sql('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row ? toAgent(row) : null;
  }

  // ------------------------------------------------------------------ queries

  async createQuery(q: NewQuery): Promise<CreateQueryResult> {
    this.#open();
    const m = q.firstMessage;
    let existingId: string | undefined;
    // Check and insert in one transaction: node:sqlite is synchronous, so no other
    // create can slip in between; UNIQUE (customer_id, client_id) backs it up.
    this.#transaction(() => {
      if (q.clientId !== undefined) {
        const row = this.#sql('SELECT id FROM queries WHERE customer_id = ? AND client_id = ?')
          .get(q.customerId, q.clientId) as { id: string } | undefined;
        existingId = row?.id;
        if (existingId) return;
      }
      this.#sql(
          `INSERT INTO queries (id, subject, status, customer_id, client_id, last_seq, last_message_id, customer_read_seq,
             waiting_since, created_at, updated_at) VALUES (?, ?, 'open', ?, ?, 1, ?, 1, ?, ?, ?)`,
        )
        .run(q.id, q.subject, q.customerId, q.clientId ?? null, m.id, q.createdAt, q.createdAt, q.createdAt);
      this.#insertMessage({ ...m, queryId: q.id, internal: false, createdAt: q.createdAt }, 1);
      this.#sql('INSERT INTO read_cursors (query_id, user_id, seq) VALUES (?, ?, 1)').run(q.id, m.author.id);
    });
    if (existingId) {
      const first = this.#sql('SELECT id FROM messages WHERE query_id = ? AND internal = 0 AND seq = 1')
        .get(existingId) as { id: string };
      return { query: this.#getQuery(existingId)!, message: this.#getMessage(first.id)!, duplicate: true };
    }
    return { query: this.#getQuery(q.id)!, message: this.#getMessage(m.id)!, duplicate: false };
  }

  async getQuery(id: string): Promise<Query | null> {
    this.#open();
    return this.#getQuery(id);
  }

  async listQueries(filter: QueryFilter): Promise<QueryPage> {
    this.#open();
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
    const rows = this.#sql(sql).all(...values, filter.limit + 1) as unknown as QueryRow[];
    const page = rows.slice(0, filter.limit).map(toQuery);
    const last = page.at(-1);
    return { queries: page, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async listOpenQueryIdsAssignedTo(agentId: string): Promise<string[]> {
    this.#open();
    const rows = this.#sql("SELECT id FROM queries WHERE assignee_id = ? AND status <> 'resolved'")
      .all(agentId) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async updateQuery(id: string, patch: QueryPatch, at: string): Promise<{ query: Query; changed: boolean } | null> {
    this.#open();
    const before = this.#getQuery(id);
    if (!before) return null;
    const status = patch.status ?? before.status;
    const assigneeId = patch.assigneeId === undefined ? (before.assignee?.id ?? null) : patch.assigneeId;
    if (status === before.status && assigneeId === (before.assignee?.id ?? null)) return { query: before, changed: false };
    // Nobody waits on a resolved query.
    const waitingSince = status === 'resolved' ? null : before.waitingSince;
    this.#sql('UPDATE queries SET status = ?, assignee_id = ?, waiting_since = ?, updated_at = ? WHERE id = ?')
      .run(status, assigneeId, waitingSince, at, id);
    if (before.status === 'resolved' && status !== 'resolved') this.#clearRating(id);
    return { query: this.#getQuery(id)!, changed: true };
  }

  // ------------------------------------------------------------------ messages

  appendMessage(message: NewMessage): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new AppError('unavailable', 'the store is closed'));
    return this.#appends.enqueue(message);
  }

  async listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    this.#open();
    const where = ['query_id = ?', 'internal = ?'];
    const values: SQLInputValue[] = [queryId, range.internal ? 1 : 0];
    if (range.after !== undefined) (where.push('seq > ?'), values.push(range.after));
    if (range.before !== undefined) (where.push('seq < ?'), values.push(range.before));
    // With only `before` (or no bound) the page is the one just below it: read backwards, then flip.
    const backwards = range.after === undefined;
    const rows = this.#sql(`SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq ${backwards ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...values, range.limit) as unknown as MessageRow[];
    if (backwards) rows.reverse();
    return rows.map(toMessage);
  }

  async advanceReadCursor(queryId: string, user: UserRef, seq: number): Promise<ReadCursorResult | null> {
    this.#open();
    if (!this.#getQuery(queryId)) return null;
    let advanced = false;
    this.#transaction(() => {
      const result = this.#sql(
          `INSERT INTO read_cursors (query_id, user_id, seq) VALUES (?, ?, ?)
           ON CONFLICT (query_id, user_id) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > read_cursors.seq`,
        )
        .run(queryId, user.id, seq);
      advanced = Number(result.changes) > 0;
      if (advanced) this.#raiseQueryReadSeq(queryId, user.role, seq);
    });
    return { query: this.#getQuery(queryId)!, advanced };
  }

  // ------------------------------------------------------------------ internals

  /**
   * One transaction for a whole batch. Each item is checked first, without writing: a refusal (unknown query,
   * clientId conflict, bad attachments) fails that item alone and leaves nothing behind, and a retry is answered
   * from what is stored. Then the item is written. No statement of the write phase is expected to fail; one that
   * does (I/O, disk full) throws out of the transaction, which rolls the whole batch back and fails every item
   * of it, so a half-written message can never commit. That is why no per-item savepoint is needed.
   */
  #commitAppends(items: NewMessage[]): ItemOutcome<AppendResult>[] {
    if (this.#closed) return items.map(() => ({ ok: false, error: new AppError('unavailable', 'the store is closed') }));
    const outcomes: ItemOutcome<AppendResult>[] = [];
    this.#transaction(() => {
      for (const item of items) {
        let plan: AppendPlan;
        try {
          plan = this.#planAppend(item);
        } catch (error) {
          outcomes.push({ ok: false, error });
          continue;
        }
        outcomes.push({ ok: true, value: 'duplicate' in plan ? plan.duplicate : this.#writeAppend(item, plan) });
      }
    });
    return outcomes;
  }

  /** Everything an append must check or know before it writes; throws the item's refusal. */
  #planAppend(m: NewMessage): AppendPlan {
    // A retry racing inside the same batch finds the row its twin inserted a moment ago.
    const existing = this.#sql('SELECT * FROM messages WHERE query_id = ? AND client_id = ?')
      .get(m.queryId, m.clientId) as MessageRow | undefined;
    if (existing) {
      if (existing.author_id !== m.author.id || (existing.internal === 1) !== m.internal) {
        throw new AppError('conflict', 'this clientId is already used by another message in this query');
      }
      return { duplicate: { message: toMessage(existing), duplicate: true, query: this.#getQuery(m.queryId)!, statusChanged: false } };
    }
    // The query as it stands, with the names its view needs: the message and query returned are built from
    // this row and what the append writes, inside the same transaction, instead of being read back.
    const row = this.#sql(`${querySelect} WHERE q.id = ?`).get(m.queryId) as QueryRow | undefined;
    if (!row) throw new AppError('not_found', 'query not found');
    const before = toQuery(row);
    const attachments = m.attachmentIds?.length ? pickAttachments(this.#db, m.attachmentIds, m.queryId, m.author.id) : [];
    return { before, seq: (m.internal ? before.lastNoteSeq : before.lastSeq) + 1, attachments };
  }

  #writeAppend(m: NewMessage, { before, seq, attachments }: WritePlan): AppendResult {
    const attachmentsColumn = encodeAttachments(attachments);
    this.#insertMessage(m, seq, attachmentsColumn);
    if (attachments.length > 0) linkAttachments(this.#db, attachments, m.id);
    const author = { id: m.author.id, role: m.author.role, name: m.author.name };
    const message: Message = {
      id: m.id, queryId: m.queryId, seq, clientId: m.clientId, author, body: m.body, internal: m.internal,
      attachments: decodeAttachments(attachmentsColumn), createdAt: m.createdAt,
    };
    if (m.internal) {
      // updated_at is not moved: customers see it, and must not learn when agents wrote notes.
      this.#sql('UPDATE queries SET last_note_seq = ? WHERE id = ?').run(seq, m.queryId);
      return { message, duplicate: false, query: { ...before, lastNoteSeq: seq }, statusChanged: false };
    }
    const next = messageEffects(
      { status: before.status, waitingSince: before.waitingSince },
      { internal: false, authorRole: m.author.role, createdAt: m.createdAt },
    );
    // One UPDATE for the query's activity and the sender's side of its read cursors (sending a message means
    // having read everything up to it).
    const readColumn = m.author.role === 'customer' ? 'customer_read_seq' : 'agent_read_seq';
    this.#sql(
        `UPDATE queries SET last_seq = ?, last_message_id = ?, status = ?, waiting_since = ?, updated_at = ?,
           ${readColumn} = MAX(${readColumn}, ?) WHERE id = ?`,
      )
      .run(seq, m.id, next.status, next.waitingSince, m.createdAt, seq, m.queryId);
    const reopened = before.status === 'resolved' && next.status !== 'resolved';
    if (reopened) this.#clearRating(m.queryId);
    this.#sql(
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

  /**
   * A reopened query starts without a rating: the one given rated the earlier resolution, and the
   * customer is asked again when it is resolved again (ratings/, one rating per resolution).
   */
  #clearRating(queryId: string): void {
    this.#sql('UPDATE queries SET rating_score = NULL, rating_comment = NULL, rated_at = NULL WHERE id = ?').run(queryId);
  }

  #raiseQueryReadSeq(queryId: string, role: UserRef['role'], seq: number): void {
    const column = role === 'customer' ? 'customer_read_seq' : 'agent_read_seq';
    this.#sql(`UPDATE queries SET ${column} = MAX(${column}, ?) WHERE id = ?`).run(seq, queryId);
  }

  #insertMessage(m: Omit<NewMessage, 'queryId'> & { queryId: string }, seq: number, attachments: string | null = null): void {
    this.#sql(
        `INSERT INTO messages (id, query_id, internal, seq, client_id, author_id, author_role, author_name, body, created_at, attachments)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.id, m.queryId, m.internal ? 1 : 0, seq, m.clientId, m.author.id, m.author.role, m.author.name, m.body, m.createdAt, attachments);
  }

  #getQuery(id: string): Query | null {
    const row = this.#sql(`${querySelect} WHERE q.id = ?`).get(id) as QueryRow | undefined;
    return row ? toQuery(row) : null;
  }

  #getMessage(id: string): Message | null {
    const row = this.#sql('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  /** Prepared statements are cached: the same few SQL strings run on every message. */
  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #open(): void {
    if (this.#closed) throw new AppError('unavailable', 'the store is closed');
  }
}
