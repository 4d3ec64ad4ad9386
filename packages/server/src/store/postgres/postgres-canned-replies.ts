/** Canned replies in the PostgreSQL store (table `canned_replies`). */
import type { CannedReply } from '@parley/protocol';
import type { CannedReplyPatch, CannedReplyStore, NewCannedReply } from '../../canned-replies/canned-reply-store.js';
import { type CannedReplyRow, shortcutTaken, toCannedReply } from '../rows.js';
import type { PostgresDatabase } from './postgres-database.js';

const UNIQUE_VIOLATION = '23505';

export class PostgresCannedReplies implements CannedReplyStore {
  constructor(private readonly database: PostgresDatabase) {}

  async list(): Promise<CannedReply[]> {
    const rows = await this.database.query<CannedReplyRow>('SELECT * FROM canned_replies ORDER BY shortcut');
    return rows.map(toCannedReply);
  }

  async get(id: string): Promise<CannedReply | null> {
    const [row] = await this.database.query<CannedReplyRow>('SELECT * FROM canned_replies WHERE id = $1', [id]);
    return row ? toCannedReply(row) : null;
  }

  async create(reply: NewCannedReply): Promise<CannedReply> {
    try {
      await this.database.query(
        'INSERT INTO canned_replies (id, shortcut, title, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
        [reply.id, reply.shortcut, reply.title, reply.body, reply.createdAt],
      );
    } catch (error) {
      // The UNIQUE index decides, also between two nodes.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw shortcutTaken(reply.shortcut);
      throw error;
    }
    return { ...reply, updatedAt: reply.createdAt };
  }

  async update(id: string, patch: CannedReplyPatch, at: string): Promise<CannedReply | null> {
    try {
      const [row] = await this.database.query<CannedReplyRow>(
        `UPDATE canned_replies SET shortcut = COALESCE($2, shortcut), title = COALESCE($3, title), body = COALESCE($4, body),
           updated_at = $5 WHERE id = $1 RETURNING *`,
        [id, patch.shortcut ?? null, patch.title ?? null, patch.body ?? null, at],
      );
      return row ? toCannedReply(row) : null;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw shortcutTaken(patch.shortcut ?? '');
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.database.query('DELETE FROM canned_replies WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }
}
