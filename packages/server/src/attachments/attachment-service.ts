/**
 * Attachments: accepting an upload (type sniffed from the bytes, size capped,
 * kept under a random name) and handing a stored file back to the query's
 * participants only. No HTTP here: the routes are a thin layer over it.
 */
import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Attachment, UserRef } from '@parley/protocol';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../errors/app-error.js';
import type { QueryService } from '../queries/query-service.js';
import type { AttachmentFiles, ReceivedFile } from './attachment-files.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, attachmentUrl, cleanFileName } from './attachment-rules.js';
import type { AttachmentRecord, AttachmentStore } from './attachment-store.js';

const ACCEPTED = 'pictures (PNG, JPEG, GIF, WebP) and PDF documents';

export class AttachmentService {
  constructor(
    private readonly store: AttachmentStore,
    private readonly queries: QueryService,
    private readonly files: AttachmentFiles,
  ) {}

  /**
   * Checks the caller may add files to this query, before any byte is read.
   * @throws AppError not_found | forbidden
   */
  async authorize(user: UserRef, queryId: string): Promise<void> {
    await this.queries.access(user, queryId);
  }

  /** Receives the bytes into a temporary file (see {@link accept}). */
  receive(stream: Readable): Promise<ReceivedFile> {
    return this.files.receive(stream);
  }

  /** Deletes a received file that will not be kept. */
  discard(received: ReceivedFile): Promise<void> {
    return this.files.discard(received);
  }

  /**
   * Keeps a received file if its bytes are an accepted type and it is within
   * the size limit; otherwise deletes it and says why.
   */
  async accept(user: UserRef, queryId: string, received: ReceivedFile, originalName: string | undefined): Promise<Attachment> {
    try {
      if (received.size === 0) throw new AppError('invalid_payload', 'the file is empty');
      if (received.size > ATTACHMENT_MAX_BYTES) throw tooLarge();
      const sniffed = await fileTypeFromFile(received.path);
      if (!sniffed || !ATTACHMENT_TYPES.has(sniffed.mime)) {
        throw new AppError(
          'invalid_payload',
          `the file's content is ${sniffed ? sniffed.mime : 'not a recognised format'}; only ${ACCEPTED} are accepted`,
        );
      }
      const storageName = await this.files.keep(received);
      const record = await this.store.create({
        id: randomUUID(),
        queryId,
        uploaderId: user.id,
        name: cleanFileName(originalName),
        contentType: sniffed.mime,
        size: received.size,
        storageName,
        createdAt: new Date().toISOString(),
      });
      return toAttachment(record);
    } catch (error) {
      await this.files.discard(received);
      throw error;
    }
  }

  /**
   * A stored file for one of the query's participants (its customer, any agent).
   * @throws AppError not_found | forbidden
   */
  async open(user: UserRef, id: string): Promise<{ attachment: AttachmentRecord; stream: ReadStream }> {
    const attachment = await this.store.get(id);
    if (!attachment) throw new AppError('not_found', 'attachment not found');
    await this.queries.access(user, attachment.queryId);
    return { attachment, stream: this.files.open(attachment.storageName) };
  }
}

export function tooLarge(): AppError {
  return new AppError('payload_too_large', `the file is larger than ${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MiB`);
}

function toAttachment(record: AttachmentRecord): Attachment {
  return { id: record.id, name: record.name, contentType: record.contentType, size: record.size, url: attachmentUrl(record.id) };
}
