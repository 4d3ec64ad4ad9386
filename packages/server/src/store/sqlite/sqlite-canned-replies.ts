/**
 * Canned replies in the embedded SQLite database (table `canned_replies`, created by
 * migration 2 in migrations.ts). Shares the SqliteStore's connection, so it
 * sees the same transactions and closes with it.
 */
import type { CannedReply } from '@parley/protocol';
import type { CannedReplyPatch, CannedReplyStore, NewCannedReply } from '../../canned-replies/canned-reply-store.js';
import { type CannedReplyRow, shortcutTaken, toCannedReply } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteCannedReplies implements CannedReplyStore {
  constructor(private readonly database: SqliteDatabase) {}

  async list(): Promise<CannedReply[]> {
    this.database.assertOpen();
    const rows = this.database.sql('SELECT * FROM canned_replies ORDER BY shortcut').all() as unknown as CannedReplyRow[];
    return rows.map(toCannedReply);
  }

  async get(id: string): Promise<CannedReply | null> {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM canned_replies WHERE id = ?').get(id) as CannedReplyRow | undefined;
    return row ? toCannedReply(row) : null;
  }

  async create(reply: NewCannedReply): Promise<CannedReply> {
    this.database.assertOpen();
    // Checked first for a clear message; the UNIQUE index stays the real guarantee.
    if (this.database.sql('SELECT 1 FROM canned_replies WHERE shortcut = ?').get(reply.shortcut)) throw shortcutTaken(reply.shortcut);
    this.database.sql('INSERT INTO canned_replies (id, shortcut, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
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
    this.database.assertOpen();
    const current = await this.get(id);
    if (!current) return null;
    const next = { ...current, ...patch, updatedAt: at };
    if (
      next.shortcut !== current.shortcut &&
      this.database.sql('SELECT 1 FROM canned_replies WHERE shortcut = ? AND id <> ?').get(next.shortcut, id)
    ) {
      throw shortcutTaken(next.shortcut);
    }
    this.database.sql('UPDATE canned_replies SET shortcut = ?, title = ?, body = ?, updated_at = ? WHERE id = ?').run(
      next.shortcut,
      next.title,
      next.body,
      next.updatedAt,
      id,
    );
    return next;
  }

  async delete(id: string): Promise<boolean> {
    this.database.assertOpen();
    return Number(this.database.sql('DELETE FROM canned_replies WHERE id = ?').run(id).changes) > 0;
  }
}
