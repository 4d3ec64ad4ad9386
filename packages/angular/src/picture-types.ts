/** Which attachments are pictures a browser can show as a thumbnail. */
import { ATTACHMENT_TYPES } from '@parley/protocol';

/** The accepted attachment types (the protocol's list) that are pictures. */
export const PICTURE_TYPES: readonly string[] = ATTACHMENT_TYPES.filter((type) => type.startsWith('image/'));

/**
 * Whether an attachment of this (server-sniffed) content type is shown as a picture; anything
 * else, a PDF say, is offered as a download only.
 */
export function isPicture(contentType: string): boolean {
  return PICTURE_TYPES.includes(contentType);
}
