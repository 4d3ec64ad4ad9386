/**
 * Attachments: accepting an upload (type sniffed from the bytes, size capped,
 * kept under a random name) and handing a stored file back to the query's
 * participants only. No HTTP here: the routes are a thin layer over it.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Attachment, UserRef } from '@parley/protocol';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../errors/app-error.js';
import type { QueryService } from '../queries/query-service.js';
import { type LimiterBackend, memoryBackend, type RateLimiter, windowLimiter } from '../rate-limits/rate-limiter.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  attachmentUrl,
  cleanFileName,
  CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS,
  QUERY_ATTACHMENT_QUOTA_BYTES,
  UPLOADS_PER_MINUTE,
} from './attachment-rules.js';
import type { AttachmentRecord, AttachmentStore } from './attachment-store.js';
import type { ReceivedFile } from './upload-spool.js';

const ACCEPTED = 'pictures (PNG, JPEG, GIF, WebP) and PDF documents';

export class AttachmentService {
  /** Per uploader, across the cluster: enough for a burst of pictures, not for filling the disk. */
  private readonly uploads: RateLimiter;
  /** Customers' uploads per client address, across the cluster (CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS). */
  private readonly customerUploadsPerAddress: RateLimiter;

  constructor(
    private readonly store: AttachmentStore,
    private readonly queries: QueryService,
    limits: LimiterBackend = memoryBackend,
  ) {
    this.uploads = windowLimiter(UPLOADS_PER_MINUTE, 60, 'uploads', `too many uploads (limit ${UPLOADS_PER_MINUTE} per minute)`, limits);
    this.customerUploadsPerAddress = windowLimiter(
      CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS,
      3600,
      'customer-uploads-per-ip',
      `too many uploads from this address (limit ${CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS} per hour)`,
      limits,
    );
  }

  /**
   * Checks the caller may add a file to this query now, before any byte is
   * read: a participant, within the upload rates (theirs and, for customers, their
   * address's) and the query's byte quota.
   * @throws AppError not_found | forbidden | rate_limited | payload_too_large
   */
  async authorize(user: UserRef, queryId: string, address: string): Promise<void> {
    await this.queries.access(user, queryId);
    await this.uploads.consume(user.id);
    if (user.role === 'customer') await this.customerUploadsPerAddress.consume(address);
    if ((await this.store.bytesForQuery(queryId)) >= QUERY_ATTACHMENT_QUOTA_BYTES) throw quotaReached();
  }

  /** Receives the bytes into a temporary file (see {@link accept}). */
  receive(stream: Readable): Promise<ReceivedFile> {
    return this.store.receive(stream);
  }

  /** Deletes a received file that will not be kept. */
  discard(received: ReceivedFile): Promise<void> {
    return this.store.discard(received);
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
          // In words a customer reads (a ZIP file), not a MIME type name (issue 11).
          `the file is ${sniffed ? `a ${sniffed.ext.toUpperCase()} file` : 'not in a format we recognise'}; only ${ACCEPTED} are accepted`,
        );
      }
      if ((await this.store.bytesForQuery(queryId)) + received.size > QUERY_ATTACHMENT_QUOTA_BYTES) throw quotaReached();
      const record = await this.store.create({
        id: randomUUID(),
        queryId,
        uploaderId: user.id,
        name: cleanFileName(originalName, sniffed.mime),
        contentType: sniffed.mime,
        size: received.size,
        createdAt: new Date().toISOString(),
      }, received);
      return toAttachment(record);
    } catch (error) {
      await this.store.discard(received);
      throw error;
    }
  }

  /**
   * A stored file for one of the query's participants: agents get any; the
   * customer gets their own uploads and files on public messages, never one
   * on an internal note or an agent's upload not sent yet (it may be meant for a note).
   * @throws AppError not_found | forbidden
   */
  async open(user: UserRef, id: string): Promise<{ attachment: AttachmentRecord; stream: Readable }> {
    const attachment = await this.store.get(id);
    if (!attachment) throw new AppError('not_found', 'attachment not found');
    await this.queries.access(user, attachment.queryId);
    if (user.role === 'customer' && attachment.uploaderId !== user.id && (attachment.messageId === null || attachment.internal)) {
      // The same answer as for a file that does not exist: a customer learns nothing about notes.
      throw new AppError('not_found', 'attachment not found');
    }
    return { attachment, stream: await this.store.open(attachment.id) };
  }

  /**
   * Deletes an upload its uploader decided not to send (removed in the composer).
   * @throws AppError not_found (unknown, or not theirs) | conflict (already on a message)
   */
  async remove(user: UserRef, id: string): Promise<void> {
    const attachment = await this.store.get(id);
    if (!attachment || attachment.uploaderId !== user.id) throw new AppError('not_found', 'attachment not found');
    if (attachment.messageId !== null) throw new AppError('conflict', 'this file is on a sent message and stays with it');
    const deleted = await this.store.deleteUnclaimed(id);
    if (!deleted) throw new AppError('conflict', 'this file is on a sent message and stays with it');
  }
}

export function tooLarge(): AppError {
  return new AppError('payload_too_large', `the file is larger than ${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MiB`);
}

function quotaReached(): AppError {
  return new AppError(
    'payload_too_large',
    `this conversation already holds ${QUERY_ATTACHMENT_QUOTA_BYTES / (1024 * 1024)} MiB of files; send a link instead or start a new query`,
  );
}

function toAttachment(record: AttachmentRecord): Attachment {
  return { id: record.id, name: record.name, contentType: record.contentType, size: record.size, url: attachmentUrl(record.id) };
}
