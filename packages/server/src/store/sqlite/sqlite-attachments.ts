/**
 * Attachments in the embedded store: metadata in the `attachments` table
 * (migration 3), bytes as files under DATA_DIR/attachments. An upload is
 * spooled in that same folder under a temporary name, then renamed to a random
 * name once accepted (same filesystem, so the rename is atomic), then its row
 * is inserted. Shares the SqliteStore's connection, so it closes with it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AttachmentRecord, AttachmentStore, NewAttachment } from '../../attachments/attachment-store.js';
import { UploadSpool, type ReceivedFile } from '../../attachments/upload-spool.js';
import { type AttachmentRow, attachmentSelect, toAttachmentRecord } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Folder under DATA_DIR holding the files, each under a random name. */
export const ATTACHMENT_DIR = 'attachments';

/** A kept file's name: 16 random bytes in hex (never user input, so no path can escape the folder). */
const STORAGE_NAME = /^[0-9a-f]{32}$/;

/** The embedded store's row also names the file on disk. */
interface SqliteAttachmentRow extends AttachmentRow {
  storage_name: string;
}

export class SqliteAttachments implements AttachmentStore {
  readonly #dir: string;
  readonly #spool: UploadSpool;

  constructor(
    private readonly database: SqliteDatabase,
    dataDir: string,
  ) {
    this.#dir = join(dataDir, ATTACHMENT_DIR);
    this.#spool = new UploadSpool(this.#dir);
  }

  receive(stream: Readable): Promise<ReceivedFile> {
    return this.#spool.receive(stream);
  }

  discard(received: ReceivedFile): Promise<void> {
    return this.#spool.discard(received);
  }

  async create(attachment: NewAttachment, received: ReceivedFile): Promise<AttachmentRecord> {
    this.database.assertOpen();
    const storageName = randomBytes(16).toString('hex');
    await rename(received.path, this.#path(storageName));
    try {
      this.database
        .sql(
          `INSERT INTO attachments (id, query_id, uploader_id, name, content_type, size, storage_name, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(attachment.id, attachment.queryId, attachment.uploaderId, attachment.name, attachment.contentType, attachment.size, storageName, attachment.createdAt);
    } catch (error) {
      await rm(this.#path(storageName), { force: true });
      throw error;
    }
    return { ...attachment, messageId: null, internal: false };
  }

  async get(id: string): Promise<AttachmentRecord | null> {
    this.database.assertOpen();
    const row = this.database.sql(`${attachmentSelect} WHERE a.id = ?`).get(id) as SqliteAttachmentRow | undefined;
    return row ? toAttachmentRecord(row) : null;
  }

  async open(id: string): Promise<Readable> {
    return createReadStream(await this.pathOf(id));
  }

  /** Where the kept bytes of attachment `id` are (the worker thread's host streams them itself: streams cannot cross threads). */
  async pathOf(id: string): Promise<string> {
    this.database.assertOpen();
    const row = this.database.sql('SELECT storage_name FROM attachments WHERE id = ?').get(id) as { storage_name: string } | undefined;
    if (!row) throw new Error(`attachment ${id} has no stored bytes`);
    return this.#path(row.storage_name);
  }

  async deleteUnclaimed(id: string): Promise<AttachmentRecord | null> {
    this.database.assertOpen();
    // One statement: a message claiming the file at the same moment either wins (nothing deleted) or fails.
    const row = this.database.sql('DELETE FROM attachments WHERE id = ? AND message_id IS NULL RETURNING *').get(id) as SqliteAttachmentRow | undefined;
    if (!row) return null;
    await rm(this.#path(row.storage_name), { force: true });
    return toAttachmentRecord(row);
  }

  async listUnclaimedBefore(before: string, limit: number): Promise<AttachmentRecord[]> {
    this.database.assertOpen();
    const rows = this.database
      .sql('SELECT * FROM attachments WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?')
      .all(before, limit) as unknown as SqliteAttachmentRow[];
    return rows.map(toAttachmentRecord);
  }

  async bytesForQuery(queryId: string): Promise<number> {
    this.database.assertOpen();
    const row = this.database.sql('SELECT COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE query_id = ?').get(queryId) as { bytes: number };
    return Number(row.bytes);
  }

  async sweepLeftovers(): Promise<number> {
    this.database.assertOpen();
    const spooled = await this.#spool.sweep();
    // Kept files no row names: the process died between the rename and the insert.
    const rows = this.database.sql('SELECT storage_name FROM attachments').all() as Array<{ storage_name: string }>;
    const known = new Set(rows.map((row) => row.storage_name));
    const orphans = (await this.#spool.list()).filter((name) => STORAGE_NAME.test(name) && !known.has(name));
    await Promise.all(orphans.map((name) => rm(join(this.#dir, name), { force: true })));
    return spooled + orphans.length;
  }

  #path(storageName: string): string {
    if (!STORAGE_NAME.test(storageName)) throw new Error(`bad storage name ${storageName}`);
    return join(this.#dir, storageName);
  }
}
