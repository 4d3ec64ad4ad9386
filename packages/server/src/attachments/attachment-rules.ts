/**
 * What may be attached to a message, decided from the file's bytes (never its
 * name or the browser's claimed type), and how a stored file is named when
 * served back.
 */

/** Largest attachment accepted: 10 MiB. The customer app checks the same limit before uploading. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Content types accepted, as sniffed from the bytes: pictures and PDF documents. */
export const ATTACHMENT_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** Folder under DATA_DIR holding the files, each under a random name. */
export const ATTACHMENT_DIR = 'attachments';

/** Where an attachment is downloaded from (participants only). */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}

/**
 * The name shown and offered on download: the base name the uploader gave,
 * without path parts or control characters, at most 200 characters.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

/**
 * `Content-Disposition: attachment` with the name in both forms (RFC 6266):
 * an ASCII fallback and the exact UTF-8 name, so browsers save, never render.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRFC5987(name)}`;
}

function encodeRFC5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
