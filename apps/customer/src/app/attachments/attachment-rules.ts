/**
 * What the customer may attach. The server enforces the same limits (and checks
 * the type from the file's bytes); checking here first saves a pointless upload
 * and lets the app say what to do before anything is sent.
 */
import { attachmentExtensions, ATTACHMENT_TYPES as ACCEPTED, Limits } from '@parley/protocol';

export const ATTACHMENT_MAX_BYTES = Limits.ATTACHMENT_MAX_BYTES;

/** Content types the server accepts, as sniffed from the bytes. */
export const ATTACHMENT_TYPES: readonly string[] = ACCEPTED;

/** Files shown by the picker. */
export const ATTACHMENT_ACCEPT = [...ATTACHMENT_TYPES, '.png', '.jpg', '.jpeg', '.gif', '.webp', '.pdf'].join(',');

/** Most attachments on one message (the protocol's `attachmentIds` maximum). */
export const ATTACHMENTS_PER_MESSAGE = Limits.ATTACHMENTS_PER_MESSAGE;

/** Why a file cannot be attached and what to do instead, or null when it can. */
export function attachmentProblem(file: { name: string; size: number; type: string }): string | null {
  if (file.size === 0) return `“${file.name}” is empty. Choose another file.`;
  if (file.size > ATTACHMENT_MAX_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(ATTACHMENT_MAX_BYTES)}. Send a smaller file, or compress it first.`;
  }
  // The browser's type comes from the name; an unknown one is left to the server's byte check.
  if (file.type && !ATTACHMENT_TYPES.includes(file.type)) {
    return `“${file.name}” cannot be attached: only pictures (PNG, JPEG, GIF, WebP) and PDF documents are accepted. Save it as a PDF or take a screenshot instead.`;
  }
  return null;
}

/** Human-readable size: 532 B, 12.4 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function isImage(contentType: string): boolean {
  return contentType.startsWith('image/');
}

/**
 * The name a download is saved under: the server's name, without invisible
 * formatting characters, ending in the extension of the (sniffed) type, so a
 * file is never saved as something it is not (a picture as `.html`). The
 * server names new uploads this way; this also covers older ones.
 */
export function downloadName(attachment: { name: string; contentType: string }): string {
  const clean = attachment.name.replace(/\p{Cf}/gu, '').trim() || 'file';
  const extensions = attachmentExtensions(attachment.contentType);
  if (!extensions) return clean;
  const dot = clean.lastIndexOf('.');
  if (dot > 0 && extensions.includes(clean.slice(dot + 1).toLowerCase())) return clean;
  return `${dot > 0 ? clean.slice(0, dot) : clean}.${extensions[0]}`;
}
