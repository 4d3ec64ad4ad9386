import type { Customer, CustomerResponse, Query } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { CustomerDirectory } from './customer-directory.js';

const vic: Customer = { id: 'c1', name: 'Vic', email: null, externalId: null, createdAt: '2026-12-01T00:00:00.000Z', lastSeenAt: null };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CustomerDirectory', () => {
  it('loads a card, then keeps its presence and details live; events for customers not loaded are ignored', async () => {
    const directory = new CustomerDirectory({
      getCustomer: async () => ({ customer: vic, presence: 'offline', queries: [] }),
      updateCustomer: async (_id, patch) => ({ ...vic, ...patch }) as Customer,
    });
    await directory.load('c1');
    directory.handlePresence({ customerId: 'c1', status: 'online', at: '2026-12-06T10:00:00.000Z' });
    directory.handlePresence({ customerId: 'other', status: 'online', at: '2026-12-06T10:00:00.000Z' });
    directory.handleUpdated({ ...vic, id: 'other', name: 'Nobody' });
    expect(directory.store.getSnapshot()).toEqual({
      c1: { customer: { ...vic, lastSeenAt: '2026-12-06T10:00:00.000Z' }, presence: 'online', queries: [] },
    });
    directory.handlePresence({ customerId: 'c1', status: 'offline', at: '2026-12-06T10:05:00.000Z' });
    expect(directory.store.getSnapshot().c1).toMatchObject({ presence: 'offline', customer: { lastSeenAt: '2026-12-06T10:05:00.000Z' } });
    await directory.update('c1', { name: 'Victoria' });
    expect(directory.store.getSnapshot().c1?.customer.name).toBe('Victoria');
  });

  it('presence heard while a load is in flight wins over what the load read before it', async () => {
    const answer = deferred<CustomerResponse>();
    const directory = new CustomerDirectory({ getCustomer: () => answer.promise, updateCustomer: async () => vic });
    const loading = directory.load('c1');
    directory.handlePresence({ customerId: 'c1', status: 'online', at: '2026-12-06T10:00:00.000Z' });
    answer.resolve({ customer: vic, presence: 'offline', queries: [] });
    expect((await loading).presence).toBe('online');
  });

  it('a server without presence in its answer shows the customer offline, with no queries', async () => {
    const directory = new CustomerDirectory({ getCustomer: async () => ({ customer: vic }), updateCustomer: async () => vic });
    expect(await directory.load('c1')).toEqual({ customer: vic, presence: 'offline', queries: [] });
  });

  it('keeps the card’s queries as the client hears of them: a newer copy in place, an older one ignored, a new query on top, an old one past the page left out', async () => {
    const query = (id: string, createdAt: string, updatedAt: string, status: Query['status'] = 'open') =>
      ({ id, status, createdAt, updatedAt, customer: { id: 'c1', name: 'Vic' } }) as Query;
    const listed = [query('q2', '2026-12-02T00:00:00.000Z', '2026-12-05T00:00:00.000Z'), query('q1', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')];
    const directory = new CustomerDirectory({ getCustomer: async () => ({ customer: vic, presence: 'offline', queries: listed }), updateCustomer: async () => vic });
    await directory.load('c1');
    const statuses = () => directory.store.getSnapshot().c1?.queries.map((q) => `${q.id}:${q.status}`);

    directory.handleQuery(query('q2', '2026-12-02T00:00:00.000Z', '2026-12-06T00:00:00.000Z', 'resolved'));
    expect(statuses()).toEqual(['q2:resolved', 'q1:open']);
    // An older copy arriving late (a coalesced update overtaken by the change) does not undo it.
    directory.handleQuery(query('q2', '2026-12-02T00:00:00.000Z', '2026-12-05T12:00:00.000Z', 'open'));
    expect(statuses()).toEqual(['q2:resolved', 'q1:open']);
    directory.handleQuery(query('q3', '2026-12-06T01:00:00.000Z', '2026-12-06T01:00:00.000Z'));
    expect(statuses()).toEqual(['q3:open', 'q2:resolved', 'q1:open']);
    // Older than every listed query: beyond the page the card loaded, it stays out.
    directory.handleQuery(query('q0', '2026-11-01T00:00:00.000Z', '2026-12-06T02:00:00.000Z'));
    expect(statuses()).toEqual(['q3:open', 'q2:resolved', 'q1:open']);
    // Another customer's query: no card, nothing.
    directory.handleQuery({ ...query('x', '2026-12-06T00:00:00.000Z', '2026-12-06T00:00:00.000Z'), customer: { id: 'c2', name: 'Other' } });
    expect(Object.keys(directory.store.getSnapshot())).toEqual(['c1']);
  });
});
