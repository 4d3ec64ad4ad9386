import type { ListQueriesParams, QueryListResponse } from '@parley/protocol';
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
