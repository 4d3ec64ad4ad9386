/**
 * What may be attached (customers and agents alike). The server enforces the same limits (and checks
 * the type from the file's bytes); checking here first saves a pointless upload
 * and lets the app say what to do before anything is sent. Every list and limit
 * is the protocol's: nothing here is written out twice.
 */
import { formatSize } from '../format-size.js';
import { attachmentExtensions, ATTACHMENT_TYPES, Limits } from '@parley/protocol';

export const ATTACHMENT_MAX_BYTES = Limits.ATTACHMENT_MAX_BYTES;

/** Content types the server accepts (as sniffed from the bytes), as plain strings to look a browser's type up in. */
const ACCEPTED_TYPES: readonly string[] = ATTACHMENT_TYPES;

/** Files shown by the picker: the accepted types, and their extensions for systems that go by name. */
export const ATTACHMENT_ACCEPT = [
  ...ACCEPTED_TYPES,
  ...ACCEPTED_TYPES.flatMap((type) => attachmentExtensions(type) ?? []).map((extension) => `.${extension}`),
].join(',');

/** Most attachments on one message (the protocol's `attachmentIds` maximum). */
export const ATTACHMENTS_PER_MESSAGE = Limits.ATTACHMENTS_PER_MESSAGE;

/** Why a file cannot be attached and what to do instead, or null when it can. */
export function attachmentProblem(file: { name: string; size: number; type: string }): string | null {
  if (file.size === 0) return `“${file.name}” is empty. Choose another file.`;
  if (file.size > ATTACHMENT_MAX_BYTES) {
    return `“${file.name}” is ${formatSize(file.size)}; the limit is ${formatSize(ATTACHMENT_MAX_BYTES)}. Send a smaller file, or compress it first.`;
  }
  // The browser's type comes from the name; an unknown one is left to the server's byte check.
  if (file.type && !ACCEPTED_TYPES.includes(file.type)) {
    return `“${file.name}” cannot be attached: only pictures (PNG, JPEG, GIF, WebP) and PDF documents are accepted. Save it as a PDF or take a screenshot instead.`;
  }
  return null;
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
