/**
 * Persistence of canned replies, part of the store seam: each store implementation
 * (today SQLite) exposes one as `store.cannedReplies`, so the service and routes never
 * know which database holds them.
 */
import type { CannedReply } from '@parley/protocol';

export interface NewCannedReply {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface CannedReplyPatch {
  shortcut?: string;
  title?: string;
  body?: string;
}

export interface CannedReplyStore {
  /** Every canned reply, ordered by shortcut. */
  list(): Promise<CannedReply[]>;
  get(id: string): Promise<CannedReply | null>;
  /** @throws AppError('conflict') when the shortcut is taken. */
  create(reply: NewCannedReply): Promise<CannedReply>;
  /** Null when no reply has this id. @throws AppError('conflict') when the new shortcut is taken. */
  update(id: string, patch: CannedReplyPatch, at: string): Promise<CannedReply | null>;
  /** False when no reply had this id. */
  delete(id: string): Promise<boolean>;
}
