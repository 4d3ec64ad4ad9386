import { RestRoutes, type ListQueriesParams, type Query, type QueryListResponse, type QueryStatus } from '@parley/protocol';
import { withQuery } from '../rest/http.js';
import { describe, expect, it } from 'vitest';
import { LiveQueue } from './live-queue.js';

function query(id: string, t: number, status: QueryStatus = 'open', extra: Partial<Query> = {}): Query {
  return {
    id,
    subject: `subject ${id}`,
    status,
    customer: { id: 'c', name: 'C' },
    assignee: null,
    lastSeq: 1,
    lastNoteSeq: 0,
    lastMessage: null,
    customerReadSeq: 0,
    agentReadSeq: 0,
    waitingSince: null,
    rating: null,
    createdAt: new Date(t * 1000).toISOString(),
    updatedAt: new Date(t * 1000).toISOString(),
    ...extra,
  };
}

/** A fake GET /api/queries: status filter, createdAt desc, numeric cursors; records each request. */
function fakeServer(all: () => Query[]) {
  const requests: string[] = [];
  const get = async (path: string): Promise<QueryListResponse> => {
    requests.push(path);
    const url = new URL(path, 'http://x');
    const status = url.searchParams.get('status');
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const matching = all()
      .filter((q) => status === null || q.status === status)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const page = matching.slice(offset, offset + limit);
    return { queries: page, nextCursor: offset + limit < matching.length ? String(offset + limit) : null };
  };
  // What the client's REST calls would request for each page.
  const pages = { listQueries: (params: ListQueriesParams) => get(withQuery(RestRoutes.queries, params)) };
  return { pages, requests };
}

describe('live queue', () => {
  it('loads every unresolved query even when many newer resolved ones exist, and pages resolved ones on demand', async () => {
    // The review's scenario: one old open query, then 55 newer ones of which 52 are resolved.
    const data = [query('old-open', 1), ...Array.from({ length: 55 }, (_, i) => query(`q${i}`, 10 + i, i < 52 ? 'resolved' : i === 54 ? 'pending' : 'open'))];
    const server = fakeServer(() => data);
    const queue = new LiveQueue(server.pages, undefined, { unresolved: 20, resolved: 20 });
    await queue.load();
    const state = queue.store.getSnapshot();
    expect(state.unresolvedComplete).toBe(true);
    expect(state.items.filter((q) => q.status === 'open').map((q) => q.id).sort()).toEqual(['old-open', 'q52', 'q53']);
    expect(state.items.filter((q) => q.status === 'pending').map((q) => q.id)).toEqual(['q54']);
    expect(state.items.filter((q) => q.status === 'resolved')).toHaveLength(20);
    expect(state.resolvedCursor).not.toBeNull();
    expect(server.requests.every((r) => /status=(open|pending|resolved)/.test(r))).toBe(true);

    await queue.loadMoreResolved();
    await queue.loadMoreResolved();
    const done = queue.store.getSnapshot();
    expect(done.items.filter((q) => q.status === 'resolved')).toHaveLength(52);
    expect(done.resolvedCursor).toBeNull();
  });

  it('pages in every unresolved page, not just the first', async () => {
    const data = Array.from({ length: 45 }, (_, i) => query(`o${i}`, i));
    const queue = new LiveQueue(fakeServer(() => data).pages, undefined, { unresolved: 10 });
    await queue.load();
    expect(queue.store.getSnapshot().items).toHaveLength(45);
  });

  it('a reload after a reconnect drops unresolved queries that changed while away, keeps live pushes and loaded resolved pages', async () => {
    let data = [query('a', 1), query('b', 2), ...Array.from({ length: 6 }, (_, i) => query(`r${i}`, 10 + i, 'resolved'))];
    const queue = new LiveQueue(fakeServer(() => data).pages, undefined, { unresolved: 3, resolved: 3 });
    await queue.load();
    await queue.loadMoreResolved();
    expect(queue.store.getSnapshot().items).toHaveLength(8);
    // While away, b was resolved by a colleague (its copy lands on no page we reload: it is old).
    data = data.map((q) => (q.id === 'b' ? { ...q, status: 'resolved', updatedAt: new Date(99_000).toISOString() } : q));
    const reload = queue.load();
    queue.merge(query('pushed', 50));
    await reload;
    const ids = queue.store.getSnapshot().items.map((q) => q.id);
    expect(ids).toContain('a');
    expect(ids).toContain('pushed');
    expect(ids).not.toContain('b');
    expect(ids.filter((id) => id.startsWith('r'))).toHaveLength(6);
  });

  it('follows pushes only once loaded, and a pushed status change moves the query between tabs', async () => {
    const queue = new LiveQueue(fakeServer(() => [query('a', 1)]).pages);
    queue.merge(query('early', 1));
    expect(queue.store.getSnapshot().items).toHaveLength(0);
    await queue.load();
    queue.merge(query('a', 2, 'resolved'));
    expect(queue.store.getSnapshot().items).toEqual([expect.objectContaining({ id: 'a', status: 'resolved' })]);
  });

  it('applies local knowledge to every incoming query and on demand', async () => {
    let read = 0;
    const queue = new LiveQueue(fakeServer(() => [query('a', 1, 'open', { lastSeq: 4 })]).pages, (q) => (read > q.agentReadSeq ? { ...q, agentReadSeq: read } : q));
    await queue.load();
    read = 4;
    queue.renormalize('a');
    expect(queue.store.getSnapshot().items[0]!.agentReadSeq).toBe(4);
  });
});
