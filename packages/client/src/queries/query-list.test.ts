import type { Query } from '@parley/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter } from './query-filter.js';
import { mergeQueries, renormalizeQuery, replaceCovered } from './query-list.js';

function query(id: string, updatedAt: number, extra: Partial<Query> = {}): Query {
  return {
    id,
    subject: `subject ${id}`,
    status: 'open',
    customer: { id: 'c', name: 'C' },
    assignee: null,
    lastSeq: updatedAt,
    lastNoteSeq: 0,
    lastMessage: null,
    customerReadSeq: 0,
    agentReadSeq: 0,
    waitingSince: null,
    rating: null,
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(updatedAt * 1000).toISOString(),
    ...extra,
  };
}

describe('live query list', () => {
  it('sorts by updatedAt, newest first', () => {
    const items = mergeQueries([], [query('a', 1), query('b', 3), query('c', 2)]);
    expect(items.map((q) => q.id)).toEqual(['b', 'c', 'a']);
  });

  it('keeps the newer copy of a query whatever order the copies arrive in', () => {
    const newer = query('a', 5, { status: 'resolved' });
    const older = query('a', 2);
    expect(mergeQueries(mergeQueries([], [newer]), [older])[0]).toBe(newer);
    expect(mergeQueries(mergeQueries([], [older]), [newer])[0]).toBe(newer);
  });

  it('returns the same array when nothing changed', () => {
    const items = mergeQueries([], [query('a', 1)]);
    expect(mergeQueries(items, [query('a', 1)])).toBe(items);
  });

  it('any interleaving of pages and events ends with one newest copy per query', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (copies, seed) => {
          const events = copies.map(([id, t]) => query(id, t));
          const shuffled = [...events].sort((x, y) => ((x.lastSeq * 31 + seed) % 17) - ((y.lastSeq * 31 + seed) % 17));
          const a = events.reduce<readonly Query[]>((items, q) => mergeQueries(items, [q]), []);
          const b = shuffled.reduce<readonly Query[]>((items, q) => mergeQueries(items, [q]), []);
          expect(a.map((q) => [q.id, q.updatedAt])).toEqual(b.map((q) => [q.id, q.updatedAt]));
          for (const q of a) {
            const newest = Math.max(...copies.filter(([id]) => id === q.id).map(([, t]) => t));
            expect(q.updatedAt).toBe(new Date(newest * 1000).toISOString());
          }
        },
      ),
    );
  });

  it('filters pushed queries like the server filters pages', () => {
    const mine = query('a', 1, { assignee: { id: 'me', name: 'Me' } });
    expect(matchesFilter(mine, { assigneeId: 'me' }, 'me')).toBe(true);
    expect(matchesFilter(mine, { assigneeId: 'none' }, 'me')).toBe(false);
    expect(matchesFilter(mine, { status: 'resolved' }, 'me')).toBe(false);
    expect(matchesFilter(query('b', 1), { assigneeId: 'none', status: 'open' }, 'me')).toBe(true);
  });

  it('a fresh first page after a reconnect drops covered queries that left the list, keeps older pages and live pushes', () => {
    const created = (id: string, t: number, extra: Partial<Query> = {}) => query(id, t, { createdAt: new Date(t * 1000).toISOString(), ...extra });
    const items = mergeQueries([], [created('a', 10), created('b', 9), created('c', 8), created('old', 1), created('pushed', 9.5)]);
    // While away: b was resolved (no longer in an "open" page); the page covers createdAt >= 8.
    const page = [created('a', 11), created('c', 8)];
    const next = replaceCovered(items, page, false, new Set(['pushed']));
    expect(next.map((q) => q.id).sort()).toEqual(['a', 'c', 'old', 'pushed']);
    // The last page covers everything.
    expect(replaceCovered(items, page, true, new Set()).map((q) => q.id).sort()).toEqual(['a', 'c']);
  });
});

describe('renormalizeQuery', () => {
  const markRead = (q: Query): Query => (q.customerReadSeq === q.lastSeq ? q : { ...q, customerReadSeq: q.lastSeq });

  it('replaces only the named query with its normalized copy, in place', () => {
    const items = [query('a', 3), query('b', 2)];
    const next = renormalizeQuery(items, 'b', markRead);
    expect(next.map((q) => q.id)).toEqual(['a', 'b']);
    expect(next[0]).toBe(items[0]);
    expect(next[1]).toMatchObject({ id: 'b', customerReadSeq: 2 });
    expect(items[1]!.customerReadSeq).toBe(0);
  });

  it('returns the same array when the query is not listed or nothing changed', () => {
    const items = [query('a', 3, { customerReadSeq: 3 })];
    expect(renormalizeQuery(items, 'zz', markRead)).toBe(items);
    expect(renormalizeQuery(items, 'a', markRead)).toBe(items);
  });
});
