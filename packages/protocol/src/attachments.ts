/**
 * What may be attached to a message. The server decides from the file's bytes;
 * clients check the same table first so a customer is told before uploading.
 */

/** Content types accepted, as sniffed from the bytes: pictures and PDF documents. */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The file-name extension for each accepted type first, then the other spellings that mean the same. */
export const ATTACHMENT_EXTENSIONS: Readonly<Record<AttachmentType, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
};

/** The extensions of an accepted type, or undefined for any other type. */
export function attachmentExtensions(contentType: string): readonly string[] | undefined {
  return (ATTACHMENT_EXTENSIONS as Readonly<Record<string, readonly string[]>>)[contentType];
}
