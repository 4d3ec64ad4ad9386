/**
 * What a search box's text means, once for both stores: its words (letters and digits; everything else
 * separates them), lowercased, each required, the last one also as the start of a word when it has three
 * letters or more — so "refu" finds "refund". The terms hold only letters and digits, so they are safe inside
 * either store's query syntax.
 */
import { SEARCH_LIMITS } from '@parley/protocol';

export interface SearchTerms {
  /** The words, lowercased, without repeats, at most {@link SEARCH_LIMITS.TERMS_MAX}. */
  words: string[];
  /** The text looks like the start of a query id (8 or more hex digits and dashes): it is also matched as one. */
  idPrefix: string | null;
}

export function parseSearch(q: string): SearchTerms {
  const words = [...new Set((q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []))].slice(0, SEARCH_LIMITS.TERMS_MAX);
  const trimmed = q.trim().toLowerCase();
  const idPrefix = /^[0-9a-f-]{8,36}$/.test(trimmed) ? trimmed : null;
  return { words, idPrefix };
}

/**
 * The shortest last word also matched as the start of longer words. A prefix of one or two letters ("e*") asks
 * either store to merge the entries of every word that starts with it — most of the index on a large database —
 * and a customer's search, scoped to their own messages only after that, would cost as much as anyone's.
 */
export const PREFIX_MIN_LENGTH = 3;

/** Whether `words[index]` is also matched as a prefix: the last word, when it is long enough. */
export function isPrefix(words: readonly string[], index: number): boolean {
  return index === words.length - 1 && [...words[index]!].length >= PREFIX_MIN_LENGTH;
}

/** SQLite FTS5 MATCH text: every word as a quoted phrase, the last also as a prefix ({@link isPrefix}). */
export function ftsMatch(words: readonly string[]): string {
  return words.map((w, i) => `"${w}"${isPrefix(words, i) ? '*' : ''}`).join(' AND ');
}

/** PostgreSQL to_tsquery('simple', …) text: every word required, the last also as a prefix ({@link isPrefix}). */
export function tsQuery(words: readonly string[]): string {
  return words.map((w, i) => `${w}${isPrefix(words, i) ? ':*' : ''}`).join(' & ');
}
