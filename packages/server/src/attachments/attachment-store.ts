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
  createdAt: string;
}

export type NewAttachment = Omit<AttachmentRecord, 'messageId'>;

/** Attachment metadata, kept by the same database as the messages that carry them. */
export interface AttachmentStore {
  create(attachment: NewAttachment): Promise<AttachmentRecord>;
  get(id: string): Promise<AttachmentRecord | null>;
}

/** What a message carries about each of its attachments (the URL is derived). */
export type AttachmentRef = Omit<Attachment, 'url'>;
