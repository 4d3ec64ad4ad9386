/** Opening and listing queries. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeQueries(factory: StoreFactory): void {
  describe('queries', () => {
    const f = useStoreFixture(factory);

    it('opens one query per (f.customer, clientId) and returns it with duplicate: true on a retry', async () => {
      const clientId = randomUUID();
      const open = () => f.store.createQuery({
        id: randomUUID(), subject: 'Once', customerId: f.customer.id, clientId, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'only once' },
      });
      const first = await open();
      const retry = await open();
      expect(first.duplicate).toBe(false);
      expect(retry).toMatchObject({ duplicate: true, query: { id: first.query.id }, message: { id: first.message.id, seq: 1 } });
      const page = await f.store.listQueries({ customerId: f.customer.id, limit: 10 });
      expect(page.queries.filter((q) => q.subject === 'Once')).toHaveLength(1);
    });

    it('reads many queries in one call: each existing one once, in any order; unknown ids are left out', async () => {
      const second = await f.store.createQuery({
        id: randomUUID(), subject: 'Second', customerId: f.customer.id, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'another one' },
      });
      const read = await f.store.getQueries([second.query.id, randomUUID(), f.queryId, second.query.id]);
      const byId = new Map(read.map((q) => [q.id, q]));
      expect(read).toHaveLength(2);
      expect(byId.get(f.queryId)).toEqual(await f.store.getQuery(f.queryId));
      expect(byId.get(second.query.id)).toEqual(await f.store.getQuery(second.query.id));
      expect(await f.store.getQueries([])).toEqual([]);
    });

    it('maxOpen: concurrent creates past the cap are refused quota_exceeded, retries still answered, resolved ones not counted', async () => {
      // The fixture's customer already has one open query.
      const open = (clientId: string = randomUUID()) => f.store.createQuery({
        id: randomUUID(), subject: 'Capped', customerId: f.customer.id, clientId, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'hello' }, maxOpen: 3,
      });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => open()));
      const created = results.filter((r) => r.status === 'fulfilled');
      expect(created).toHaveLength(2);
      for (const r of results.filter((x) => x.status === 'rejected')) expect(r.reason).toMatchObject({ code: 'quota_exceeded' });
      const clientId = randomUUID();
      await expect(open(clientId)).rejects.toMatchObject({ code: 'quota_exceeded' });
      await f.store.updateQuery(f.queryId, { status: 'resolved' }, new Date().toISOString());
      const reopened = await open(clientId);
      expect(reopened.duplicate).toBe(false);
      expect(await open(clientId)).toMatchObject({ duplicate: true, query: { id: reopened.query.id } });
      expect((await f.store.listQueries({ customerId: f.customer.id, limit: 10 })).queries).toHaveLength(4);
    });

    it('lists queries newest first with a working cursor and filters', async () => {
      for (let i = 0; i < 4; i++) {
        await f.store.createQuery({
          id: randomUUID(), subject: `q${i}`, customerId: f.customer.id, createdAt: new Date(Date.now() + i + 1).toISOString(),
          firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'b' },
        });
      }
      const first = await f.store.listQueries({ limit: 3 });
      expect(first.queries).toHaveLength(3);
      expect(first.nextCursor).not.toBeNull();
      const second = await f.store.listQueries({ limit: 3, cursor: first.nextCursor! });
      expect(second.queries).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      const ids = [...first.queries, ...second.queries].map((q) => q.id);
      expect(new Set(ids).size).toBe(5);
      await f.store.updateQuery(f.queryId, { assigneeId: f.agent.id }, new Date().toISOString());
      expect((await f.store.listQueries({ limit: 10, assigneeId: f.agent.id })).queries.map((q) => q.id)).toEqual([f.queryId]);
      expect((await f.store.listQueries({ limit: 10, assigneeId: null })).queries).toHaveLength(4);
    });
  });
}
