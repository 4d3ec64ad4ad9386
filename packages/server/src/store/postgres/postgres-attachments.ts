/**
 * Attachments in the PostgreSQL store, bytes included, so a file uploaded
 * through one node downloads through any other. An upload is spooled to a
 * temporary file on the receiving node (checked there: size, sniffed type),
 * then copied into `attachment_chunks` in pieces of {@link CHUNK_BYTES}, in
 * the same transaction as its `attachments` row: a crash keeps both or
 * neither. Downloads read one chunk at a time as the client takes them, so no
 * request ever holds a whole file in memory. Deleting the row deletes its
 * chunks (ON DELETE CASCADE).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AttachmentRecord, AttachmentStore, NewAttachment } from '../../attachments/attachment-store.js';
import { UploadSpool, type ReceivedFile } from '../../attachments/upload-spool.js';
import { type AttachmentRow, attachmentSelect, toAttachmentRecord } from '../rows.js';
import type { PostgresDatabase } from './postgres-database.js';

/** Bytes per stored chunk: large enough that a 10 MiB file is 40 rows, small enough to stay cheap in memory. */
export const CHUNK_BYTES = 256 * 1024;

/** Folder under DATA_DIR where this node spools uploads being received. */
export const SPOOL_DIR = 'upload-spool';

export class PostgresAttachments implements AttachmentStore {
  readonly #spool: UploadSpool;

  constructor(
    private readonly database: PostgresDatabase,
    dataDir: string,
  ) {
    this.#spool = new UploadSpool(join(dataDir, SPOOL_DIR));
  }

  receive(stream: Readable): Promise<ReceivedFile> {
    return this.#spool.receive(stream);
  }

  discard(received: ReceivedFile): Promise<void> {
    return this.#spool.discard(received);
  }

  async create(attachment: NewAttachment, received: ReceivedFile): Promise<AttachmentRecord> {
    try {
      await this.database.transaction(async (client) => {
        await client.query(
          `INSERT INTO attachments (id, query_id, uploader_id, name, content_type, size, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [attachment.id, attachment.queryId, attachment.uploaderId, attachment.name, attachment.contentType, attachment.size, attachment.createdAt],
        );
        let index = 0;
        // One chunk in memory at a time: read from the spooled file, written, then the next.
        for await (const chunk of createReadStream(received.path, { highWaterMark: CHUNK_BYTES })) {
          await client.query('INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES ($1, $2, $3)', [attachment.id, index++, chunk]);
        }
      });
    } finally {
      await this.#spool.discard(received);
    }
    return { ...attachment, messageId: null, internal: false };
  }

  async get(id: string): Promise<AttachmentRecord | null> {
    const [row] = await this.database.query<AttachmentRow>(`${attachmentSelect} WHERE a.id = $1`, [id]);
    return row ? toAttachmentRecord(row) : null;
  }

  async open(id: string): Promise<Readable> {
    const [row] = await this.database.query<{ chunks: number }>('SELECT count(*)::integer AS chunks FROM attachment_chunks WHERE attachment_id = $1', [id]);
    const chunks = row?.chunks ?? 0;
    let index = 0;
    const database = this.database;
    return new Readable({
      // Called when the client is ready for more: the next chunk is read only then (backpressure end to end).
      read() {
        if (index >= chunks) {
          this.push(null);
          return;
        }
        database
          .query<{ data: Buffer }>('SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND idx = $2', [id, index++])
          .then(
            ([chunk]) => {
              if (!chunk) this.destroy(new Error(`attachment ${id} lost chunk ${index - 1}`));
              else this.push(chunk.data);
            },
            (error: unknown) => this.destroy(error as Error),
          );
      },
    });
  }

  async deleteUnclaimed(id: string): Promise<AttachmentRecord | null> {
    // One statement: a message claiming the file at the same moment either wins (nothing deleted) or fails.
    const [row] = await this.database.query<AttachmentRow>('DELETE FROM attachments WHERE id = $1 AND message_id IS NULL RETURNING *', [id]);
    return row ? toAttachmentRecord(row) : null;
  }

  async listUnclaimedBefore(before: string, limit: number): Promise<AttachmentRecord[]> {
    const rows = await this.database.query<AttachmentRow>(
      'SELECT * FROM attachments WHERE message_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2',
      [before, limit],
    );
    return rows.map(toAttachmentRecord);
  }

  async bytesForQuery(queryId: string): Promise<number> {
    const [row] = await this.database.query<{ bytes: string }>('SELECT COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE query_id = $1', [queryId]);
    return Number(row?.bytes ?? 0);
  }

  async sweepLeftovers(): Promise<number> {
    // Bytes and row commit together, so only this node's spool can hold leftovers.
    return this.#spool.sweep();
  }
}
