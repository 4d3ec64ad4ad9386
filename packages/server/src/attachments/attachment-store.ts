import type { Attachment } from '@parley/protocol';

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
  /** Random file name under DATA_DIR/attachments. */
  storageName: string;
  /** The message carrying it, once sent; null while only uploaded. */
  messageId: string | null;
  /** Whether that message is an internal note (never shown to the customer); false while unsent. */
  internal: boolean;
  createdAt: string;
}

export type NewAttachment = Omit<AttachmentRecord, 'messageId' | 'internal'>;

/** Attachment metadata, kept by the same database as the messages that carry them. */
export interface AttachmentStore {
  create(attachment: NewAttachment): Promise<AttachmentRecord>;
  get(id: string): Promise<AttachmentRecord | null>;
  /** Deletes the row if no message carries it yet; returns what was deleted (null: unknown or already sent). */
  deleteUnclaimed(id: string): Promise<AttachmentRecord | null>;
  /** Uploads no message has claimed, created before `before` (ISO), oldest first, at most `limit`. */
  listUnclaimedBefore(before: string, limit: number): Promise<AttachmentRecord[]>;
  /** Total bytes of every file uploaded to the query (sent or not). */
  bytesForQuery(queryId: string): Promise<number>;
  /** Storage names of every row (to find files a crash left without one). */
  storageNames(): Promise<Set<string>>;
}

/** What a message carries about each of its attachments (the URL is derived). */
export type AttachmentRef = Omit<Attachment, 'url'>;
