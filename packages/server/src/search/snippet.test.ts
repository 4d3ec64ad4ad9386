import { describe, expect, it } from 'vitest';
import { parseSearch, ftsMatch, tsQuery } from './search-terms.js';
import { snippetOf } from './snippet.js';

const marked = (m: { text: string; matches: Array<[number, number]> }) =>
  m.matches.reduceRight((t, [s, e]) => `${t.slice(0, s)}[${t.slice(s, e)}]${t.slice(e)}`, m.text);

describe('parseSearch', () => {
  it('keeps the words (letters and digits), lowercased, once each, at most eight', () => {
    expect(parseSearch('Order #1234, order "late"!').words).toEqual(['order', '1234', 'late']);
    expect(parseSearch('a b c d e f g h i j').words).toHaveLength(8);
    expect(parseSearch('Zoë Müller').words).toEqual(['zoë', 'müller']);
  });

  it('takes hex text of 8 or more characters as the start of a query id too', () => {
    expect(parseSearch('3f2a9c1e').idPrefix).toBe('3f2a9c1e');
    expect(parseSearch('refund').idPrefix).toBeNull();
  });

  it('builds each store’s query with every word required and the last as a prefix, nothing else', () => {
    expect(ftsMatch(['parcel', 'los'])).toBe('"parcel" AND "los"*');
    expect(tsQuery(['parcel', 'los'])).toBe('parcel & los:*');
  });

  it('matches a last word of one or two letters whole only: such a prefix would walk most of the index', () => {
    expect(ftsMatch(['parcel', 'lo'])).toBe('"parcel" AND "lo"');
    expect(tsQuery(['e'])).toBe('e');
    expect(ftsMatch(['zoë'])).toBe('"zoë"*');
    expect(marked(snippetOf('a lost parcel, lo and behold', ['lo']))).toBe('a lost parcel, [lo] and behold');
  });
});

describe('snippetOf', () => {
  it('marks every match at the start of a word, whatever its case or accents', () => {
    expect(marked(snippetOf('Le café est fermé; CAFE demain, pas de décaféiné', ['cafe']))).toBe('Le [café] est fermé; [CAFE] demain, pas de décaféiné');
  });

  it('shows a window around the first match of a long body, with an ellipsis where cut, offsets still right', () => {
    const body = `${'x '.repeat(200)}the parcel arrived broken ${'y '.repeat(200)}`;
    const snippet = snippetOf(body, ['parcel', 'broken']);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(162);
    expect(snippet.matches.map(([s, e]) => snippet.text.slice(s, e))).toEqual(['parcel', 'broken']);
  });

  it('marks the last word as the start of a longer word, whole; the others only as whole words', () => {
    expect(marked(snippetOf('parcels crashed, parcel crash', ['parcel', 'crash']))).toBe('parcels [crashed], [parcel] [crash]');
  });

  it('a body without a match (found by another word form) is shown from its start, unmarked', () => {
    expect(snippetOf('short text', ['zzz'])).toEqual({ text: 'short text', matches: [] });
  });
});
