import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';

describe('linkify', () => {
  it('keeps plain text, markup included, as one text segment', () => {
    expect(linkify('hello <b>there</b>')).toEqual([{ kind: 'text', text: 'hello <b>there</b>' }]);
  });

  it('splits text around http and https links, leaving sentence punctuation outside', () => {
    expect(linkify('See https://example.com/help?a=1. Or http://x.org!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/help?a=1', href: 'https://example.com/help?a=1' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '!' },
    ]);
    expect(linkify('see https://example.com/a?b=1 and http://x.org')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('leaves unbalanced closing brackets out of the link, and keeps balanced ones in', () => {
    expect(linkify('(visit https://example.com/path).')).toEqual([
      { kind: 'text', text: '(visit ' },
      { kind: 'link', text: 'https://example.com/path', href: 'https://example.com/path' },
      { kind: 'text', text: ').' },
    ]);
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });

  it('never turns other schemes, or a URL glued to a word, into links', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'javascript:alert(1) data:text/html,<script> ftp://x', 'xhttp://evil.test', 'ftp://files.test']) {
      expect(linkify(text).every((segment) => segment.kind === 'text')).toBe(true);
    }
  });
});
