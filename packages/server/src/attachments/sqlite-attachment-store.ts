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
}

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
    return { ...attachment, messageId: null };
  }

  async get(id: string): Promise<AttachmentRecord | null> {
    this.assertOpen();
    const row = this.db.prepare('SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
    return row ? toRecord(row) : null;
  }
}
