/**
 * What may be attached to a message, decided from the file's bytes (never its
 * name or the browser's claimed type), and how a stored file is named when
 * served back.
 */
import { attachmentExtensions, ATTACHMENT_TYPES as ACCEPTED, Limits } from '@parley/protocol';

/** Largest attachment accepted (the protocol's limit, which the customer app checks before uploading). */
export const ATTACHMENT_MAX_BYTES = Limits.ATTACHMENT_MAX_BYTES;

/** Content types accepted, as sniffed from the bytes (the protocol's table). */
export const ATTACHMENT_TYPES: ReadonlySet<string> = new Set(ACCEPTED);

/** Uploads one user may start per minute (across every node): a burst of pictures, not a disk-filling loop. */
export const UPLOADS_PER_MINUTE = 20;

/**
 * Uploads the customers of one client address may start per hour, together: visitors are free to create, so a
 * per-user limit alone would let one address fill the disk by signing in new ones (as messages and new queries
 * are also limited per address). Staff are not counted: a whole support office shares one address.
 */
export const CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS = 200;

/** Bytes of files one query may hold in all (sent and not yet sent): 200 MiB, some twenty full-size files. */
export const QUERY_ATTACHMENT_QUOTA_BYTES = 200 * 1024 * 1024;

/** An upload no message has claimed after this long is deleted by the sweeper (24 h). */
export const UNCLAIMED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** How often the sweeper looks for unclaimed uploads (hourly; also once at start). */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Where an attachment is downloaded from (participants only). */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}

/**
 * The name shown and offered on download: the base name the uploader gave,
 * without path parts, control or invisible formatting characters (U+202E
 * would let `gpj.exe` display as `exe.jpg`), at most 200 characters. With the
 * sniffed content type, the extension is the one of the real type: a PNG named
 * `evil.html` is saved as `evil.png`, so a polyglot never opens as a page.
 */
export function cleanFileName(raw: string | undefined, contentType?: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f"]|\p{Cf}/gu, '').trim();
  if (clean === '.' || clean === '..') clean = '';
  const extensions = contentType ? attachmentExtensions(contentType) : undefined;
  if (!extensions) return clean.slice(0, 200) || 'file';
  const dot = clean.lastIndexOf('.');
  const stem = dot > 0 ? clean.slice(0, dot) : clean;
  const given = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  const extension = extensions.includes(given) ? clean.slice(dot + 1) : extensions[0]!;
  // Trailing dots and spaces are dropped by Windows when saving: "evil.html ." must not end in ".html".
  const trimmedStem = stem.replace(/^[. ]+|[. ]+$/g, '').slice(0, 200 - extension.length - 1) || 'file';
  return `${trimmedStem}.${extension}`;
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
