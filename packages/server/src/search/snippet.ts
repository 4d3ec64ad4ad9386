/**
 * The words around a search match, with every match marked, for the results list: computed from the body in
 * the service (not by either store's highlighter), so both stores answer alike. Matching folds case and
 * accents ("Cafe" finds "café") and maps every match back to offsets in the original text.
 */
import type { TextMatch } from '@parley/protocol';
import { isPrefix } from './search-terms.js';

/** About how many characters a snippet shows. */
export const SNIPPET_LENGTH = 160;

export function snippetOf(body: string, words: readonly string[]): TextMatch {
  const { folded, origin } = fold(body);
  const matches: Array<[number, number]> = [];
  const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  words.forEach((word, index) => {
    const target = fold(word).folded;
    if (!target) return;
    // As the stores match: every word whole, the last one also as the start of a longer word (marked whole).
    const prefix = isPrefix(words, index);
    for (let at = folded.indexOf(target); at >= 0; at = folded.indexOf(target, at + target.length)) {
      if (wordChar(folded[at - 1])) continue;
      let end = at + target.length;
      if (wordChar(folded[end])) {
        if (!prefix) continue;
        while (wordChar(folded[end])) end += 1;
      }
      matches.push([origin[at]!, origin[end - 1]! + 1]);
    }
  });
  matches.sort((a, b) => a[0] - b[0]);
  const merged = merge(matches);
  const first = merged[0]?.[0] ?? 0;
  // A window around the first match, a third of it before.
  let start = Math.max(0, first - Math.floor(SNIPPET_LENGTH / 3));
  let end = Math.min(body.length, start + SNIPPET_LENGTH);
  start = Math.max(0, Math.min(start, end - SNIPPET_LENGTH));
  // Do not cut a surrogate pair in two.
  if (start > 0 && isLowSurrogate(body.charCodeAt(start))) start -= 1;
  if (end < body.length && isLowSurrogate(body.charCodeAt(end))) end += 1;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < body.length ? '…' : '';
  const shift = prefix.length - start;
  return {
    text: prefix + body.slice(start, end) + suffix,
    matches: merged.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift]),
  };
}

/** The text folded (lowercase, accents removed), with the index in the original of each folded character. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = text[i]!.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const c of f) {
      folded += c;
      origin.push(i);
    }
  }
  return { folded, origin };
}

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
