/**
 * Search (`GET /api/search?q=…`): queries by subject, customer name or email, or id, and messages by their
 * text, across every status. Agents search everything (internal notes included); customers their own queries'
 * public messages.
 */
import { z } from 'zod';
import type { Message, Query } from './entities.js';

/** Text with the places where the search terms matched, as `[start, end)` offsets into `text`. */
export interface TextMatch {
  text: string;
  matches: Array<[number, number]>;
}

/** A message whose text matched, with the query it belongs to and the words around the match. */
export interface MessageHit {
  query: Query;
  message: Message;
  /** Up to ~160 characters of the body around the first match (`…` where cut), with every match marked. */
  snippet: TextMatch;
}

export interface SearchResponse {
  /** First page only: queries whose subject, customer name or email, or id matched (newest first, at most 20). */
  queries: Query[];
  /** Messages whose text matched, newest first; page on with `cursor`. */
  messages: MessageHit[];
  nextCursor: string | null;
}

export const SEARCH_LIMITS = {
  /** Characters of `q`. */
  QUERY_MAX: 200,
  /** Words of `q` used (the first ones). */
  TERMS_MAX: 8,
  PAGE_DEFAULT: 20,
  PAGE_MAX: 50,
  /** Queries listed by subject, customer or id on the first page. */
  QUERIES_MAX: 20,
} as const;

export const searchParamsSchema = z.strictObject({
  /** Words to find (each must match; the last one also as the start of a word); at least one letter or digit. */
  q: z
    .string()
    .max(SEARCH_LIMITS.QUERY_MAX)
    .refine((q) => /[\p{L}\p{N}]/u.test(q), 'give at least one letter or digit to search for'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.PAGE_MAX).optional(),
});
export type SearchParams = z.input<typeof searchParamsSchema>;
