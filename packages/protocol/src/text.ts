/**
 * The rule for every text a client sends that Parley stores and shows (message
 * bodies, subjects, names, comments): what is acknowledged must be exactly what
 * is stored, on either store, and a text that looks empty is empty.
 */
import { z } from 'zod';

/** Characters that render as nothing at either end of a text: trimmed like white space. */
const INVISIBLE_EDGES = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

/** A UTF-16 code unit of a surrogate pair standing alone: not a character, and not encodable in UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string of `min`–`max` characters once white space and zero-width characters are trimmed from both ends.
 * Refused (never silently changed, so the ack equals what is stored): the NUL character (PostgreSQL's text
 * cannot hold it) and lone surrogates (UTF-8 cannot encode them: a store would write U+FFFD instead).
 */
export function storedText(min: number, max: number) {
  return z
    .string()
    .refine((value) => !value.includes('\u0000'), 'must not contain the NUL character')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode text (it contains a lone surrogate)')
    .transform((value) => value.replace(INVISIBLE_EDGES, ''))
    .pipe(z.string().min(min).max(max));
}
