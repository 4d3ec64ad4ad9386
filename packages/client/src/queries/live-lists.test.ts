import type { ListQueriesParams, Query, QueryListResponse } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { LiveLists } from './live-lists.js';

/** Pages that are always empty; counts the reads. */
function countingPages() {
  const reads: ListQueriesParams[] = [];
  return { reads, pages: { listQueries: async (params: ListQueriesParams): Promise<QueryListResponse> => (reads.push(params), { queries: [], nextCursor: null }) } };
}

describe('LiveLists.reloadActive', () => {
  it('after coming online, leaves a list read from the start since then, reloads one read before', async () => {
    const { reads, pages } = countingPages();
    const lists = new LiveLists(pages, { id: 'agent' }, 'agent');
    const before = performance.now();
    await lists.loadQueue();
    await lists.loadQueries({ status: 'open' });
    const readsAfterLoad = reads.length;

    // The socket came online before both reads (the console loads as it connects): nothing to catch up.
    lists.reloadActive(before);
    expect(reads.length).toBe(readsAfterLoad);

    // Online after the reads: what changed in between comes back.
    lists.reloadActive(performance.now() + 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.length).toBeGreaterThan(readsAfterLoad);
  });

  it('a resync (no time given) reloads every list in use, and none that was never loaded', async () => {
    const { reads, pages } = countingPages();
    const lists = new LiveLists(pages, { id: 'agent' }, 'agent');
    lists.reloadActive();
    expect(reads).toEqual([]);
    await lists.loadQueue();
    const readsAfterLoad = reads.length;
    lists.reloadActive();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.length).toBeGreaterThan(readsAfterLoad);
  });
});

describe('LiveLists.ownReadMoved', () => {
  const unread: Query = {
    id: 'q', subject: 'Kettle', status: 'open', customer: { id: 'c', name: 'Cleo' }, assignee: null, lastSeq: 6, lastNoteSeq: 0,
    lastMessage: null, customerReadSeq: 6, agentReadSeq: 3, agentUnread: 2, waitingSince: '2030-01-01T00:00:00.000Z', rating: null,
    createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z',
  };
  const listed = async () => {
    const lists = new LiveLists({ listQueries: async () => ({ queries: [unread], nextCursor: null }) }, { id: 'agent' }, 'agent');
    await lists.loadQueries();
    return { lists, item: () => lists.queries.getSnapshot().items[0]! };
  };

  it("an agent's read to the last message leaves none of the agents' unread count", async () => {
    const { lists, item } = await listed();
    lists.ownReadMoved('q', 6);
    expect(item()).toMatchObject({ agentReadSeq: 6, agentUnread: 0 });
  });

  it("a read part-way leaves at most the messages after it, never more than the server's count", async () => {
    const { lists, item } = await listed();
    lists.ownReadMoved('q', 5);
    expect(item()).toMatchObject({ agentReadSeq: 5, agentUnread: 1 });
    const other = await listed();
    other.lists.ownReadMoved('q', 4);
    expect(other.item()).toMatchObject({ agentReadSeq: 4, agentUnread: 2 });
  });
});
