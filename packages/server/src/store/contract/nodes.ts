/**
 * Several nodes on one database: two store objects opened on the same
 * database, as two nodes open it, working at the same moment. What the
 * contract promises "also across nodes" is tested here.
 */
import { randomUUID } from 'node:crypto';
import type { UserRef } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { type StoreFactory, readAll, useStoreFixture } from './fixture.js';

export function describeNodes(factory: StoreFactory): void {
  describe('two nodes on one database', () => {
    const f = useStoreFixture(factory);
    let other: Store;
    beforeEach(async () => {
      other = await factory.sibling(f.store);
    });
    afterEach(async () => other.close());

    it('appending to one query at the same moment, both streams stay 1, 2, 3… with no gap and no reuse', async () => {
      const writes: Array<Promise<unknown>> = [];
      for (let i = 0; i < 60; i++) {
        const node = i % 2 === 0 ? f.store : other;
        writes.push(node.appendMessage(f.msg(i % 3 === 0 ? f.agent : f.customer, { internal: i % 5 === 0 && i % 3 === 0 })));
      }
      const results = (await Promise.all(writes)) as Array<{ message: { seq: number; internal: boolean } }>;
      const seqs = (internal: boolean) => results.filter((r) => r.message.internal === internal).map((r) => r.message.seq).sort((a, b) => a - b);
      const publicCount = seqs(false).length;
      expect(seqs(false)).toEqual(Array.from({ length: publicCount }, (_, i) => i + 2));
      expect(seqs(true)).toEqual(Array.from({ length: 60 - publicCount }, (_, i) => i + 1));
      const stored = await other.listMessages(f.queryId, { internal: false, after: 0, limit: 500 });
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: publicCount + 1 }, (_, i) => i + 1));
      expect(await f.store.getQuery(f.queryId)).toMatchObject({ lastSeq: publicCount + 1, lastNoteSeq: 60 - publicCount });
    });

    it('racing on one clientId, the message is stored once and both get it back', async () => {
      for (let i = 0; i < 10; i++) {
        const m = f.msg(f.customer);
        const [a, b] = await Promise.all([f.store.appendMessage(m), other.appendMessage({ ...m, id: randomUUID() })]);
        expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
        expect(a.message).toEqual(b.message);
      }
      expect((await f.store.listMessages(f.queryId, { internal: false, after: 0, limit: 100 })).map((m) => m.seq)).toEqual(
        Array.from({ length: 11 }, (_, i) => i + 1),
      );
    });

    it('racing to open a query with one clientId, one query is opened', async () => {
      const clientId = randomUUID();
      const open = (node: Store) =>
        node.createQuery({
          id: randomUUID(), subject: 'Once', customerId: f.customer.id, clientId, createdAt: new Date().toISOString(),
          firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'only once' },
        });
      const [a, b] = await Promise.all([open(f.store), open(other)]);
      expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
      expect(a.query.id).toBe(b.query.id);
      expect(a.message.id).toBe(b.message.id);
    });

    it('one node’s appends keep call order while the other node appends too', async () => {
      const author: UserRef = f.customer;
      const mine = Array.from({ length: 30 }, (_, i) => f.msg(author, { body: `mine ${i}` }));
      const pending = mine.map((m) => f.store.appendMessage(m));
      const theirs = Array.from({ length: 30 }, () => other.appendMessage(f.msg(f.agent)));
      const results = await Promise.all(pending);
      await Promise.all(theirs);
      const seqs = results.map((r) => r.message.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });

    it('the last two admins deactivated from two nodes at once: one change is refused', async () => {
      const make = (name: string) =>
        f.store.createAgent({ id: randomUUID(), email: `${name}@x.test`, name, role: 'admin', passwordHash: 'h', createdAt: new Date().toISOString() });
      const [x, y] = [await make('x'), await make('y')];
      const settled = await Promise.allSettled([
        f.store.updateAgent(x.id, { active: false, keepAnActiveAdmin: true }),
        other.updateAgent(y.id, { active: false, keepAnActiveAdmin: true }),
      ]);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      expect(await f.store.countActiveAdmins()).toBe(1);
    });

    it('a job run goes to one node per interval', async () => {
      const claims = await Promise.all([f.store.jobs.claim('sweep', 60_000), other.jobs.claim('sweep', 60_000)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('an attachment kept through one node is read through the other', async () => {
      const record = await f.upload(f.customer, Buffer.from('shared bytes'));
      expect(await other.attachments.get(record.id)).toEqual(record);
      expect((await readAll(await other.attachments.open(record.id))).toString()).toBe('shared bytes');
    });
  });
}
