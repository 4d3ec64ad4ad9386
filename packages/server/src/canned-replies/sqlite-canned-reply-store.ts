/**
 * Canned replies in the embedded SQLite database (table `canned_replies`, created by
 * migration 2 in store/sqlite/migrations.ts). Shares the SqliteStore's connection, so it
 * sees the same transactions and closes with it.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CannedReply } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import type { CannedReplyPatch, CannedReplyStore, NewCannedReply } from './canned-reply-store.js';

interface CannedReplyRow {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

function toCannedReply(row: CannedReplyRow): CannedReply {
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const shortcutTaken = (shortcut: string) => new AppError('conflict', `the shortcut "${shortcut}" is already used`);

export class SqliteCannedReplyStore implements CannedReplyStore {
  readonly #statements = new Map<string, StatementSync>();

  /** `assertOpen` throws `unavailable` once the owning store is closed. */
  constructor(
    private readonly db: DatabaseSync,
    private readonly assertOpen: () => void,
  ) {}

  async list(): Promise<CannedReply[]> {
    this.assertOpen();
    const rows = this.#sql('SELECT * FROM canned_replies ORDER BY shortcut').all() as unknown as CannedReplyRow[];
    return rows.map(toCannedReply);
  }

  async get(id: string): Promise<CannedReply | null> {
    this.assertOpen();
    const row = this.#sql('SELECT * FROM canned_replies WHERE id = ?').get(id) as CannedReplyRow | undefined;
    return row ? toCannedReply(row) : null;
  }

  async create(reply: NewCannedReply): Promise<CannedReply> {
    this.assertOpen();
    // Checked first for a clear message; the UNIQUE index stays the real guarantee.
    if (this.#sql('SELECT 1 FROM canned_replies WHERE shortcut = ?').get(reply.shortcut)) throw shortcutTaken(reply.shortcut);
    this.#sql('INSERT INTO canned_replies (id, shortcut, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      reply.id,
      reply.shortcut,
      reply.title,
      reply.body,
      reply.createdAt,
      reply.createdAt,
    );
    return { ...reply, updatedAt: reply.createdAt };
  }

  async update(id: string, patch: CannedReplyPatch, at: string): Promise<CannedReply | null> {
    this.assertOpen();
    const current = await this.get(id);
    if (!current) return null;
    const next = { ...current, ...patch, updatedAt: at };
    if (
      next.shortcut !== current.shortcut &&
      this.#sql('SELECT 1 FROM canned_replies WHERE shortcut = ? AND id <> ?').get(next.shortcut, id)
    ) {
      throw shortcutTaken(next.shortcut);
    }
    this.#sql('UPDATE canned_replies SET shortcut = ?, title = ?, body = ?, updated_at = ? WHERE id = ?').run(
      next.shortcut,
      next.title,
      next.body,
      next.updatedAt,
      id,
    );
    return next;
  }

  async delete(id: string): Promise<boolean> {
    this.assertOpen();
    return Number(this.#sql('DELETE FROM canned_replies WHERE id = ?').run(id).changes) > 0;
  }

  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
