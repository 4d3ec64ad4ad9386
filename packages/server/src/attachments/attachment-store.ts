import type { Readable } from 'node:stream';
import type { Attachment } from '@parley/protocol';
import type { ReceivedFile } from './upload-spool.js';

/** An uploaded file as the store keeps it. */
export interface AttachmentRecord {
  id: string;
  queryId: string;
  /** Who uploaded it: only they may reference it in a message. */
  uploaderId: string;
  name: string;
  /** Sniffed from the bytes at upload. */
  contentType: string;
  size: number;
  /** The message carrying it, once sent; null while only uploaded. */
  messageId: string | null;
  /** Whether that message is an internal note (never shown to the customer); false while unsent. */
  internal: boolean;
  createdAt: string;
}

export type NewAttachment = Omit<AttachmentRecord, 'messageId' | 'internal'>;

/**
 * Attachments — their metadata and their bytes — kept by the store, so that
 * every node of a cluster can serve every file: the embedded store keeps the
 * bytes as files under DATA_DIR/attachments, the PostgreSQL store in the
 * database itself (store/postgres/postgres-attachments.ts).
 */
export interface AttachmentStore {
  /**
   * Streams an upload into this node's temporary spool (see upload-spool.ts), where it can be checked
   * before anything is kept; removed again if the stream fails.
   */
  receive(stream: Readable): Promise<ReceivedFile>;
  /** Deletes a received file that will not be kept. */
  discard(received: ReceivedFile): Promise<void>;
  /**
   * Keeps the received bytes and records the attachment. The received file is consumed either way.
   * PostgreSQL writes bytes and row in one transaction; the embedded store moves the file, then inserts the
   * row (a crash in between leaves a file {@link sweepLeftovers} removes at the next start).
   */
  create(attachment: NewAttachment, received: ReceivedFile): Promise<AttachmentRecord>;
  get(id: string): Promise<AttachmentRecord | null>;
  /** The bytes of a kept attachment, streamed (never all in memory); errors surface on the stream. */
  open(id: string): Promise<Readable>;
  /** Deletes the row and its bytes if no message carries it yet; returns what was deleted (null: unknown or already sent). */
  deleteUnclaimed(id: string): Promise<AttachmentRecord | null>;
  /** Uploads no message has claimed, created before `before` (ISO), oldest first, at most `limit`. */
  listUnclaimedBefore(before: string, limit: number): Promise<AttachmentRecord[]>;
  /** Total bytes of every file uploaded to the query (sent or not). */
  bytesForQuery(queryId: string): Promise<number>;
  /**
   * Removes what a crash left behind on this node (half-received uploads in its spool, kept bytes no row
   * names). Run once at start, before the node accepts uploads.
   * @returns how many leftovers were removed
   */
  sweepLeftovers(): Promise<number>;
}

/** What a message carries about each of its attachments (the URL is derived). */
export type AttachmentRef = Omit<Attachment, 'url'>;
