/** Search in both stores: message text (every acked message is found, however each store indexes it) and queries by name, email or id. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeSearch(factory: StoreFactory): void {
  describe('search', () => {
    const f = useStoreFixture(factory);

    it('finds messages by every word, the last as a prefix, newest first, paged without gap or repeat; notes only when asked', async () => {
      const bodies = ['The parcel arrived broken', 'parcel lost in transit', 'Where is my PARCEL now?', 'unrelated words', 'parcels galore'];
      for (const body of bodies) await f.store.appendMessage(f.msg(f.customer, { body }));
      await f.store.appendMessage(f.msg(f.agent, { body: 'internal: parcel fraud suspected', internal: true }));
      const find = (words: string[], extra: { cursor?: string; limit?: number; includeNotes?: boolean } = {}) =>
        f.store.searchMessages({ words, includeNotes: extra.includeNotes ?? false, limit: extra.limit ?? 10, ...(extra.cursor ? { cursor: extra.cursor } : {}) });

      const publicOnly = await find(['parcel']);
      expect(publicOnly.hits.map((h) => h.message.body)).toEqual(['parcels galore', 'Where is my PARCEL now?', 'parcel lost in transit', 'The parcel arrived broken']);
      expect(publicOnly.hits[0]!.query).toMatchObject({ id: f.queryId, customer: { id: f.customer.id } });
      expect((await find(['parcel'], { includeNotes: true })).hits.map((h) => h.message.internal)).toContain(true);
      expect((await find(['parcel', 'bro'])).hits.map((h) => h.message.body)).toEqual(['The parcel arrived broken']);
      expect((await find(['broken', 'parcel'])).hits).toHaveLength(1);
      expect((await find(['nothing'])).hits).toEqual([]);

      const first = await find(['parcel'], { limit: 3 });
      expect(first.nextCursor).not.toBeNull();
      const second = await find(['parcel'], { limit: 3, cursor: first.nextCursor! });
      expect([...first.hits, ...second.hits].map((h) => h.message.body)).toEqual(publicOnly.hits.map((h) => h.message.body));
      expect(second.nextCursor).toBeNull();
      await expect(find(['parcel'], { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid_payload' });
    });

    it('finds a message whatever the accents on either side: "cafe" finds "café", "crème" finds "creme"', async () => {
      for (const body of ['Un café au lait', 'creme brulee please', 'Meeting at the Zürich office', 'plain words']) {
        await f.store.appendMessage(f.msg(f.customer, { body }));
      }
      const find = async (words: string[]) =>
        (await f.store.searchMessages({ words, includeNotes: false, limit: 10 })).hits.map((h) => h.message.body);
      expect(await find(['cafe'])).toEqual(['Un café au lait']);
      expect(await find(['café'])).toEqual(['Un café au lait']);
      expect(await find(['crème', 'brûlée'])).toEqual(['creme brulee please']);
      // The last word is a prefix (from three letters: search-terms.ts), folded too.
      expect(await find(['zur'])).toEqual(['Meeting at the Zürich office']);
      expect(await find(['zür'])).toEqual(['Meeting at the Zürich office']);
    });

    it('a customer’s search stays within their own queries', async () => {
      const other = await f.store.createCustomer({ id: randomUUID(), name: 'Other', email: null, externalId: null, resumeKeyHash: randomUUID(), createdAt: new Date().toISOString() });
      const theirs = await f.store.createQuery({
        id: randomUUID(), subject: 'Theirs', customerId: other.id, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: { id: other.id, role: 'customer', name: 'Other' }, body: 'secret invoice number' },
      });
      await f.store.appendMessage(f.msg(f.customer, { body: 'my invoice please' }));
      const mine = await f.store.searchMessages({ words: ['invoice'], customerId: f.customer.id, includeNotes: false, limit: 10 });
      expect(mine.hits.map((h) => h.message.body)).toEqual(['my invoice please']);
      const all = await f.store.searchMessages({ words: ['invoice'], includeNotes: true, limit: 10 });
      expect(all.hits.map((h) => h.query.id)).toContain(theirs.query.id);
    });

    it('finds queries by subject, customer name or email (every word, any case), or by the start of their id', async () => {
      const c = await f.store.createCustomer({ id: randomUUID(), name: 'Grace Hopper', email: 'grace@navy.example', externalId: null, resumeKeyHash: randomUUID(), createdAt: new Date().toISOString() });
      const q = await f.store.createQuery({
        id: randomUUID(), subject: 'Compiler crashed', customerId: c.id, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: { id: c.id, role: 'customer', name: c.name }, body: 'help' },
      });
      const find = (words: string[], idPrefix: string | null = null, customerId?: string) =>
        f.store.searchQueries({ words, idPrefix, limit: 20, ...(customerId ? { customerId } : {}) }).then((list) => list.map((x) => x.id));
      expect(await find(['grace', 'compiler'])).toEqual([q.query.id]);
      expect(await find(['navy'])).toEqual([q.query.id]);
      expect(await find(['HOPPER'.toLowerCase()])).toEqual([q.query.id]);
      expect(await find(['grace', 'unrelated'])).toEqual([]);
      expect(await find([], q.query.id.slice(0, 8))).toEqual([q.query.id]);
      expect(await find(['grace'], null, f.customer.id)).toEqual([]);
    });
  });
}
