import type { CannedReply } from '@parley/protocol';

/** Most suggestions the composer shows at once. */
export const MAX_SUGGESTIONS = 8;

/**
 * Canned replies for what the agent typed after `/`: shortcuts starting with the term first,
 * then shortcuts or titles containing it. Case-insensitive; an empty term lists them all.
 */
export function searchCannedReplies(replies: readonly CannedReply[], term: string): CannedReply[] {
  const needle = term.toLowerCase();
  const starts: CannedReply[] = [];
  const contains: CannedReply[] = [];
  for (const reply of replies) {
    if (reply.shortcut.startsWith(needle)) starts.push(reply);
    else if (reply.shortcut.includes(needle) || reply.title.toLowerCase().includes(needle)) contains.push(reply);
  }
  const byShortcut = (a: CannedReply, b: CannedReply) => a.shortcut.localeCompare(b.shortcut);
  return [...starts.sort(byShortcut), ...contains.sort(byShortcut)].slice(0, MAX_SUGGESTIONS);
}
