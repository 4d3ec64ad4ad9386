/**
 * The behaviour every Store must have, as a vitest suite parameterised by a
 * factory: run it against each implementation (SQLite today, PostgreSQL later).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRef } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import type { NewMessage, Store } from './store.js';

export interface StoreFactory {
  /** A fresh, empty store. `commit` selects grouping for the grouping tests. */
  create(commit?: { mode: 'group' | 'single'; maxBatch?: number; delayMs?: number }): Promise<Store>;
  /** Releases whatever create() made. */
  destroy(store: Store): Promise<void>;
}

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let customer: UserRef;
    let agent: UserRef;
    let queryId: string;

    beforeEach(async () => {
      store = await factory.create();
      const c = await store.createCustomer({
        id: randomUUID(), name: 'Cleo', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString(),
      });
      customer = { id: c.id, role: 'customer', name: c.name };
      const a = await store.createAgent({
        id: randomUUID(), email: `a${randomUUID()}@x.test`, name: 'Ann', role: 'agent', passwordHash: 'x', createdAt: new Date().toISOString(),
      });
      agent = { id: a.id, role: 'agent', name: a.name };
      queryId = randomUUID();
      await store.createQuery({
        id: queryId, subject: 'S', customerId: customer.id, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'first' },
      });
    });
    afterEach(async () => factory.destroy(store));

    const msg = (author: UserRef, over: Partial<NewMessage> = {}): NewMessage => ({
      id: randomUUID(), queryId, clientId: randomUUID(), author, body: 'hello', internal: false, createdAt: new Date().toISOString(), ...over,
    });

    it('opens one query per (customer, clientId) and returns it with duplicate: true on a retry', async () => {
      const clientId = randomUUID();
      const open = () => store.createQuery({
        id: randomUUID(), subject: 'Once', customerId: customer.id, clientId, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'only once' },
      });
      const first = await open();
      const retry = await open();
      expect(first.duplicate).toBe(false);
      expect(retry).toMatchObject({ duplicate: true, query: { id: first.query.id }, message: { id: first.message.id, seq: 1 } });
      const page = await store.listQueries({ customerId: customer.id, limit: 10 });
      expect(page.queries.filter((q) => q.subject === 'Once')).toHaveLength(1);
    });

    it('numbers public messages and notes as two gapless streams in commit order', async () => {
      const results = await Promise.all([
        store.appendMessage(msg(agent)),
        store.appendMessage(msg(agent, { internal: true })),
        store.appendMessage(msg(customer)),
        store.appendMessage(msg(agent, { internal: true })),
      ]);
      expect(results.map((r) => [r.message.internal, r.message.seq])).toEqual([[false, 2], [true, 1], [false, 3], [true, 2]]);
      const query = await store.getQuery(queryId);
      expect(query).toMatchObject({ lastSeq: 3, lastNoteSeq: 2 });
      expect(query?.lastMessage?.seq).toBe(3);
    });

    it('returns the stored message for a retried clientId, also when the retry races in the same batch', async () => {
      const m = msg(customer);
      const [a, b] = await Promise.all([store.appendMessage(m), store.appendMessage({ ...m, id: randomUUID() })]);
      expect(a.duplicate).toBe(false);
      expect(b).toMatchObject({ duplicate: true, message: a.message });
      const c = await store.appendMessage({ ...m, id: randomUUID(), body: 'changed' });
      expect(c).toMatchObject({ duplicate: true, message: a.message });
      expect((await store.listMessages(queryId, { internal: false, limit: 10 })).map((x) => x.seq)).toEqual([1, 2]);
    });

    it('refuses a clientId reused by another author with conflict, storing nothing', async () => {
      const clientId = randomUUID();
      await store.appendMessage(msg(customer, { clientId }));
      const error = await store.appendMessage(msg(agent, { clientId })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('conflict');
      expect((await store.getQuery(queryId))?.lastSeq).toBe(2);
    });

    it('fails an append to an unknown query without harming the others of its batch', async () => {
      const [bad, good] = await Promise.allSettled([store.appendMessage(msg(customer, { queryId: randomUUID() })), store.appendMessage(msg(customer))]);
      expect(bad.status).toBe('rejected');
      expect(((bad as PromiseRejectedResult).reason as AppError).code).toBe('not_found');
      expect(good.status === 'fulfilled' && good.value.message.seq).toBe(2);
    });

    it('applies message effects: waiting, reopening, read cursors', async () => {
      const reply = await store.appendMessage(msg(agent));
      expect(reply.query.waitingSince).toBeNull();
      expect(reply.query.agentReadSeq).toBe(2);
      await store.updateQuery(queryId, { status: 'resolved' }, new Date().toISOString());
      const back = await store.appendMessage(msg(customer));
      expect(back.statusChanged).toBe(true);
      expect(back.query).toMatchObject({ status: 'open', customerReadSeq: 3 });
      expect(back.query.waitingSince).toBe(back.message.createdAt);
      const read = await store.advanceReadCursor(queryId, agent, 3);
      expect(read).toMatchObject({ advanced: true, query: { agentReadSeq: 3 } });
      expect((await store.advanceReadCursor(queryId, agent, 2))?.advanced).toBe(false);
    });

    it('pages history after/before/latest in ascending seq', async () => {
      for (let i = 0; i < 9; i++) await store.appendMessage(msg(customer));
      const seqs = async (r: { after?: number; before?: number; limit: number }) =>
        (await store.listMessages(queryId, { internal: false, ...r })).map((m) => m.seq);
      expect(await seqs({ limit: 3 })).toEqual([8, 9, 10]);
      expect(await seqs({ after: 2, limit: 3 })).toEqual([3, 4, 5]);
      expect(await seqs({ before: 4, limit: 10 })).toEqual([1, 2, 3]);
      expect(await seqs({ after: 2, before: 6, limit: 10 })).toEqual([3, 4, 5]);
    });

    it('lists queries newest first with a working cursor and filters', async () => {
      for (let i = 0; i < 4; i++) {
        await store.createQuery({
          id: randomUUID(), subject: `q${i}`, customerId: customer.id, createdAt: new Date(Date.now() + i + 1).toISOString(),
          firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'b' },
        });
      }
      const first = await store.listQueries({ limit: 3 });
      expect(first.queries).toHaveLength(3);
      expect(first.nextCursor).not.toBeNull();
      const second = await store.listQueries({ limit: 3, cursor: first.nextCursor! });
      expect(second.queries).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      const ids = [...first.queries, ...second.queries].map((q) => q.id);
      expect(new Set(ids).size).toBe(5);
      await store.updateQuery(queryId, { assigneeId: agent.id }, new Date().toISOString());
      expect((await store.listQueries({ limit: 10, assigneeId: agent.id })).queries.map((q) => q.id)).toEqual([queryId]);
      expect((await store.listQueries({ limit: 10, assigneeId: null })).queries).toHaveLength(4);
    });

    it('flush and close commit what is queued; calls after close fail with unavailable', async () => {
      const pending = store.appendMessage(msg(customer));
      await store.close();
      expect((await pending).message.seq).toBe(2);
      const after = await store.appendMessage(msg(customer)).catch((e: unknown) => e);
      expect((after as AppError).code).toBe('unavailable');
    });

    it('groups concurrent appends into shared commits in group mode, one per message in single mode', async () => {
      await Promise.all(Array.from({ length: 50 }, () => store.appendMessage(msg(customer))));
      const grouped = store.commitStats();
      expect(grouped.messages).toBe(50);
      expect(grouped.largestBatch).toBeGreaterThan(1);
      expect(grouped.commits).toBeLessThan(50);

      const single = await factory.create({ mode: 'single' });
      try {
        const c = await single.createCustomer({ id: randomUUID(), name: 'S', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
        const qid = randomUUID();
        const author: UserRef = { id: c.id, role: 'customer', name: 'S' };
        await single.createQuery({ id: qid, subject: 'S', customerId: c.id, createdAt: new Date().toISOString(), firstMessage: { id: randomUUID(), clientId: randomUUID(), author, body: 'x' } });
        const results = await Promise.all(Array.from({ length: 20 }, () => single.appendMessage(msg(author, { queryId: qid }))));
        expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
        expect(single.commitStats()).toMatchObject({ commits: 20, messages: 20, largestBatch: 1, groupedCommits: 0, queued: 0 });
      } finally {
        await factory.destroy(single);
      }
    });
  });
}
