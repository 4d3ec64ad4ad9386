/**
 * Attachment metadata in the embedded SQLite database (table `attachments`,
 * migration 3). Shares the SqliteStore's connection, so it closes with it.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { AttachmentRecord, AttachmentStore, NewAttachment } from './attachment-store.js';

interface AttachmentRow {
  id: string;
  query_id: string;
  uploader_id: string;
  name: string;
  content_type: string;
  size: number;
  storage_name: string;
  message_id: string | null;
  created_at: string;
  /** From the carrying message (LEFT JOIN); null while unsent. */
  message_internal?: number | null;
}

/** Every column of the attachment, plus whether its message is an internal note. */
const SELECT_WITH_MESSAGE = `SELECT a.*, m.internal AS message_internal
  FROM attachments a LEFT JOIN messages m ON m.id = a.message_id`;

function toRecord(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    queryId: row.query_id,
    uploaderId: row.uploader_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    storageName: row.storage_name,
    messageId: row.message_id,
    internal: row.message_internal === 1,
    createdAt: row.created_at,
  };
}

export class SqliteAttachmentStore implements AttachmentStore {
  /** `assertOpen` throws `unavailable` once the owning store is closed. */
  constructor(
    private readonly db: DatabaseSync,
    private readonly assertOpen: () => void,
  ) {}

  async create(attachment: NewAttachment): Promise<AttachmentRecord> {
    this.assertOpen();
    this.db
      .prepare(
        `INSERT INTO attachments (id, query_id, uploader_id, name, content_type, size, storage_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        attachment.id,
        attachment.queryId,
        attachment.uploaderId,
        attachment.name,
        attachment.contentType,
        attachment.size,
        attachment.storageName,
        attachment.createdAt,
      );
    return { ...attachment, messageId: null, internal: false };
  }

  async get(id: string): Promise<AttachmentRecord | null> {
    this.assertOpen();
    const row = this.db.prepare(`${SELECT_WITH_MESSAGE} WHERE a.id = ?`).get(id) as AttachmentRow | undefined;
    return row ? toRecord(row) : null;
  }

  async deleteUnclaimed(id: string): Promise<AttachmentRecord | null> {
    this.assertOpen();
    // One statement: a message claiming the file at the same moment either wins (nothing deleted) or fails.
    const row = this.db.prepare('DELETE FROM attachments WHERE id = ? AND message_id IS NULL RETURNING *').get(id) as AttachmentRow | undefined;
    return row ? toRecord(row) : null;
  }

  async listUnclaimedBefore(before: string, limit: number): Promise<AttachmentRecord[]> {
    this.assertOpen();
    const rows = this.db
      .prepare('SELECT * FROM attachments WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?')
      .all(before, limit) as unknown as AttachmentRow[];
    return rows.map(toRecord);
  }

  async bytesForQuery(queryId: string): Promise<number> {
    this.assertOpen();
    const row = this.db.prepare('SELECT COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE query_id = ?').get(queryId) as { bytes: number };
    return Number(row.bytes);
  }

  async storageNames(): Promise<Set<string>> {
    this.assertOpen();
    const rows = this.db.prepare('SELECT storage_name FROM attachments').all() as Array<{ storage_name: string }>;
    return new Set(rows.map((row) => row.storage_name));
  }
}
