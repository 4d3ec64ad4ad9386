import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { withinBytes } from './join-page-bytes.js';

const message = (seq: number, body: string): Message => ({
  id: `m${seq}`,
  queryId: 'q',
  clientId: `c${seq}`,
  seq,
  author: { id: 'u', role: 'customer', name: 'Ann' },
  body,
  internal: false,
  attachments: [],
  createdAt: '2026-12-07T10:00:00.000Z',
});

describe('withinBytes', () => {
  it('keeps a page whose JSON fits the budget whole', () => {
    const page = [message(1, 'hi'), message(2, 'there')];
    expect(withinBytes(page, 10_000)).toEqual(page);
  });

  it('cuts before the message that would pass the budget, counting escaped characters as sent', () => {
    // A control character is six bytes of JSON ("\u0001"): 1,000 of them are about 6 KB, not 1 KB.
    const page = [1, 2, 3, 4].map((seq) => message(seq, '\u0001'.repeat(1000)));
    const kept = withinBytes(page, 13_000);
    expect(kept.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('counts bytes as sent, not characters: text of three-byte characters fills the budget three times faster', () => {
    const page = [1, 2, 3, 4].map((seq) => message(seq, '語'.repeat(1000)));
    expect(withinBytes(page, 7_000).map((m) => m.seq)).toEqual([1, 2]);
  });

  it('always keeps the first message, however large, so a client paging on always moves', () => {
    const page = [message(1, 'x'.repeat(4000)), message(2, 'y')];
    expect(withinBytes(page, 100).map((m) => m.seq)).toEqual([1]);
  });
});
