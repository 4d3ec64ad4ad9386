/**
 * A byte count as people read it: "512 B", "14.2 KB", "3.1 MB" (binary units, one decimal).
 * @example
 * formatSize(Limits.ATTACHMENT_MAX_BYTES); // "10.0 MB"
 */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
