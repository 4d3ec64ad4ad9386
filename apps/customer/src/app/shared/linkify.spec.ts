import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('hello <b>there</b>')).toEqual([{ kind: 'text', text: 'hello <b>there</b>' }]);
  });

  it('turns http and https addresses into links, leaving sentence punctuation outside', () => {
    expect(linkify('See https://example.com/help?a=1. Or http://x.org!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/help?a=1', href: 'https://example.com/help?a=1' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('never links other schemes', () => {
    const segments = linkify('javascript:alert(1) data:text/html,<script> ftp://x');
    expect(segments.every((segment) => segment.kind === 'text')).toBe(true);
  });
});
