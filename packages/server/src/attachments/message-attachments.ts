/**
 * The send path's side of attachments, run inside the message's own
 * transaction: the ids a message references are checked (same query, same
 * uploader, not used yet) and claimed atomically with the insert, so an acked
 * message always carries exactly the files it named.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Attachment } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import { attachmentUrl } from './attachment-rules.js';
import type { AttachmentRef } from './attachment-store.js';

interface ClaimRow {
  id: string;
  name: string;
  content_type: string;
  size: number;
}

/**
 * The attachments `ids` name, in the order given, if every one was uploaded to
 * `queryId` by `uploaderId` and is not on another message yet.
 * @throws AppError('invalid_payload') naming what is wrong; nothing is changed.
 */
export function pickAttachments(db: DatabaseSync, ids: readonly string[], queryId: string, uploaderId: string): AttachmentRef[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT id, name, content_type, size FROM attachments
       WHERE query_id = ? AND uploader_id = ? AND message_id IS NULL AND id IN (${unique.map(() => '?').join(', ')})`,
    )
    .all(queryId, uploaderId, ...unique) as unknown as ClaimRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new AppError(
      'invalid_payload',
      `attachment ${missing[0]} is not a file you uploaded to this query (or it is already on another message)`,
      { issues: missing.map((id) => ({ path: 'attachmentIds', message: `unknown or already used attachment ${id}` })) },
    );
  }
  return unique.map((id) => {
    const row = byId.get(id)!;
    return { id: row.id, name: row.name, contentType: row.content_type, size: row.size };
  });
}

/** Marks the picked attachments as carried by `messageId` (after the message row exists). */
export function linkAttachments(db: DatabaseSync, refs: readonly AttachmentRef[], messageId: string): void {
  const link = db.prepare('UPDATE attachments SET message_id = ? WHERE id = ? AND message_id IS NULL');
  for (const ref of refs) link.run(messageId, ref.id);
}

/** The `messages.attachments` column: JSON of the refs, NULL for the (usual) message without any. */
export function encodeAttachments(refs: readonly AttachmentRef[]): string | null {
  return refs.length === 0 ? null : JSON.stringify(refs);
}

export function decodeAttachments(column: string | null | undefined): Attachment[] {
  if (!column) return [];
  const refs = JSON.parse(column) as AttachmentRef[];
  return refs.map((ref) => ({ ...ref, url: attachmentUrl(ref.id) }));
}
