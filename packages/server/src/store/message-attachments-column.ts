/**
 * The `messages.attachments` column, the same in both stores: the refs of the
 * files a message carries as JSON (TEXT in SQLite, jsonb in PostgreSQL), NULL
 * for the usual message without any, so reading a message stays one row.
 */
import type { Attachment } from '@parley/protocol';
import { attachmentUrl } from '../attachments/attachment-rules.js';
import type { AttachmentRef } from '../attachments/attachment-store.js';

/** JSON of the refs, or null for a message without attachments. */
export function encodeAttachments(refs: readonly AttachmentRef[]): string | null {
  return refs.length === 0 ? null : JSON.stringify(refs);
}

/** The message's attachments with their URLs; accepts the JSON text (SQLite) or the parsed jsonb (PostgreSQL). */
export function decodeAttachments(column: string | readonly AttachmentRef[] | null | undefined): Attachment[] {
  if (!column) return [];
  const refs = typeof column === 'string' ? (JSON.parse(column) as AttachmentRef[]) : column;
  return refs.map((ref) => ({ id: ref.id, name: ref.name, contentType: ref.contentType, size: ref.size, url: attachmentUrl(ref.id) }));
}
