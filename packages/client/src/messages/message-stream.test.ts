import type { Message } from '@parley/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMessages,
  anchorStream,
  emptyStream,
  findGap,
  lastContiguousSeq,
  type MessageStream,
} from './message-stream.js';

const QUERY = '00000000-0000-4000-8000-000000000001';

function msg(seq: number): Message {
  return {
    id: `m-${seq}`,
    queryId: QUERY,
    seq,
    clientId: `c-${seq}`,
    author: { id: 'u', role: 'customer', name: 'U' },
    body: `message ${seq}`,
    internal: false,
    attachments: [],
    createdAt: new Date(seq * 1000).toISOString(),
  };
}

const seqs = (stream: MessageStream): number[] => stream.visible.map((m) => m.seq);
const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** An event the network may deliver: a batch of messages (join ack, REST page, message:new) or an anchor. */
type StreamEvent = { kind: 'messages'; seqs: number[] } | { kind: 'anchor'; floor: number };

function apply(stream: MessageStream, event: StreamEvent): MessageStream {
  return event.kind === 'anchor' ? anchorStream(stream, event.floor) : addMessages(stream, event.seqs.map(msg));
}

/** Plays a gap-fill loop like the conversation does: fetch what lies between the list and the next known message. */
function fillGaps(stream: MessageStream, server: number): MessageStream {
  let current = stream;
  for (let gap = findGap(current); gap; gap = findGap(current)) {
    current = addMessages(current, range(gap.after + 1, Math.min(gap.before - 1, server)).map(msg));
  }
  return current;
}

describe('message stream merge', () => {
  it('shows nothing until anchored, then the contiguous run from the floor', () => {
    let stream = addMessages(emptyStream, [msg(3), msg(1), msg(2)]);
    expect(seqs(stream)).toEqual([]);
    expect(lastContiguousSeq(stream)).toBeNull();
    stream = anchorStream(stream, 1);
    expect(seqs(stream)).toEqual([1, 2, 3]);
    expect(lastContiguousSeq(stream)).toBe(3);
  });

  it('sorts out-of-order arrivals by seq', () => {
    const stream = [5, 3, 4, 1, 2].reduce((s, n) => addMessages(s, [msg(n)]), anchorStream(emptyStream, 1));
    expect(seqs(stream)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops duplicates and keeps the first copy of a seq', () => {
    const first = msg(2);
    const copy = { ...msg(2), body: 'other copy' };
    const stream = addMessages(addMessages(anchorStream(emptyStream, 1), [msg(1), first]), [copy, msg(1)]);
    expect(seqs(stream)).toEqual([1, 2]);
    expect(stream.visible[1]).toBe(first);
  });

  it('returns the same object when nothing new arrives (so stores do not notify)', () => {
    const stream = addMessages(anchorStream(emptyStream, 1), [msg(1)]);
    expect(addMessages(stream, [msg(1)])).toBe(stream);
    expect(addMessages(stream, [])).toBe(stream);
    expect(anchorStream(stream, 1)).toBe(stream);
  });

  it('stops the visible list at a gap and reports the hole to fetch', () => {
    const stream = addMessages(anchorStream(emptyStream, 1), [msg(1), msg(2), msg(6), msg(5)]);
    expect(seqs(stream)).toEqual([1, 2]);
    expect(findGap(stream)).toEqual({ after: 2, before: 5 });
    const filled = addMessages(stream, [msg(3), msg(4)]);
    expect(seqs(filled)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(findGap(filled)).toBeNull();
  });

  it('never raises the floor: a stale anchor cannot hide messages already shown', () => {
    const stream = anchorStream(addMessages(anchorStream(emptyStream, 1), [msg(1), msg(2)]), 2);
    expect(stream.floor).toBe(1);
    expect(seqs(stream)).toEqual([1, 2]);
  });

  it('extends downwards when older history is anchored lower', () => {
    const tail = addMessages(anchorStream(emptyStream, 51), range(51, 60).map(msg));
    const older = anchorStream(addMessages(tail, range(1, 50).map(msg)), 1);
    expect(seqs(older)).toEqual(range(1, 60));
  });

  it('an empty conversation anchored at 1 starts with its first live message', () => {
    const stream = addMessages(anchorStream(emptyStream, 1), [msg(1)]);
    expect(seqs(stream)).toEqual([1]);
  });
});

describe('message stream merge, property-based', () => {
  /**
   * A conversation of n messages starting at floor f, cut into arbitrary
   * batches (each seq delivered at least once, some many times), plus the
   * anchor, all shuffled.
   */
  const scenario = fc
    .integer({ min: 1, max: 60 })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        floor: fc.integer({ min: 1, max: n }),
        // Every seq gets 1–3 deliveries, each in a batch with random neighbours.
        deliveries: fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 0, max: 4 })), { maxLength: 40 }),
        copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
      }),
    )
    .chain(({ n, floor, deliveries, copies }) => {
      const events: StreamEvent[] = [{ kind: 'anchor', floor }];
      copies.forEach((count, i) => {
        for (let c = 0; c < count; c++) events.push({ kind: 'messages', seqs: [i + 1] });
      });
      for (const [start, length] of deliveries) events.push({ kind: 'messages', seqs: range(start, Math.min(n, start + length)) });
      return fc.record({ n: fc.constant(n), floor: fc.constant(floor), events: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }) });
    });

  it('any interleaving and duplication of the same events yields floor..n, sorted, no gap, no duplicate', () => {
    fc.assert(
      fc.property(scenario, ({ n, floor, events }) => {
        const stream = events.reduce(apply, emptyStream);
        expect(seqs(stream)).toEqual(range(floor, n));
        expect(findGap(stream)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('two different orders of the same events end in identical states', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.record({ s: fc.constant(s), other: fc.shuffledSubarray(s.events, { minLength: s.events.length, maxLength: s.events.length }) }),
        ),
        ({ s, other }) => {
          const a = s.events.reduce(apply, emptyStream);
          const b = other.reduce(apply, emptyStream);
          expect(seqs(a)).toEqual(seqs(b));
          expect(a.known.map((m) => m.seq)).toEqual(b.known.map((m) => m.seq));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('whatever subset arrives, the visible list is gapless and filling the reported gaps completes it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            arrived: fc.subarray(range(1, n)),
          }),
        ),
        ({ n, arrived }) => {
          // The newest message always arrives live (that is what reveals a gap).
          const stream = addMessages(anchorStream(emptyStream, 1), [...arrived, n].map(msg));
          const visible = seqs(stream);
          expect(visible).toEqual(range(1, visible.length));
          expect(seqs(fillGaps(stream, n))).toEqual(range(1, n));
        },
      ),
      { numRuns: 300 },
    );
  });
});
