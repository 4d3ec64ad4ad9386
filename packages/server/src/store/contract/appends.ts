/** Message appends: seq streams, idempotency, refusals, effects, history paging, group commit, close. */
import { randomUUID } from 'node:crypto';
import type { UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeAppends(factory: StoreFactory): void {
  describe('appends', () => {
    const f = useStoreFixture(factory);

    it('numbers public messages and notes as two gapless streams in commit order', async () => {
      const results = await Promise.all([
        f.store.appendMessage(f.msg(f.agent)),
        f.store.appendMessage(f.msg(f.agent, { internal: true })),
        f.store.appendMessage(f.msg(f.customer)),
        f.store.appendMessage(f.msg(f.agent, { internal: true })),
      ]);
      expect(results.map((r) => [r.message.internal, r.message.seq])).toEqual([[false, 2], [true, 1], [false, 3], [true, 2]]);
      const query = await f.store.getQuery(f.queryId);
      expect(query).toMatchObject({ lastSeq: 3, lastNoteSeq: 2 });
      expect(query?.lastMessage?.seq).toBe(3);
    });

    it('keeps when a message was written (writtenAt) with the message, and none when not given', async () => {
      const written = await f.store.appendMessage(f.msg(f.customer, { writtenAt: '2029-12-31T23:00:00.000Z' }));
      const plain = await f.store.appendMessage(f.msg(f.customer));
      expect(written.message.writtenAt).toBe('2029-12-31T23:00:00.000Z');
      expect(plain.message).not.toHaveProperty('writtenAt');
      const stored = await f.store.listMessages(f.queryId, { internal: false, after: 1, limit: 10 });
      expect(stored.map((m) => m.writtenAt ?? null)).toEqual(['2029-12-31T23:00:00.000Z', null]);
    });

    it('returns the stored message for a retried clientId, also when the retry races in the same batch', async () => {
      const m = f.msg(f.customer);
      const [a, b] = await Promise.all([f.store.appendMessage(m), f.store.appendMessage({ ...m, id: randomUUID() })]);
      expect(a.duplicate).toBe(false);
      expect(b).toMatchObject({ duplicate: true, message: a.message });
      const c = await f.store.appendMessage({ ...m, id: randomUUID(), body: 'changed' });
      expect(c).toMatchObject({ duplicate: true, message: a.message });
      expect((await f.store.listMessages(f.queryId, { internal: false, limit: 10 })).map((x) => x.seq)).toEqual([1, 2]);
    });

    it('refuses a clientId reused by another author with conflict, storing nothing', async () => {
      const clientId = randomUUID();
      await f.store.appendMessage(f.msg(f.customer, { clientId }));
      const error = await f.store.appendMessage(f.msg(f.agent, { clientId })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('conflict');
      expect((await f.store.getQuery(f.queryId))?.lastSeq).toBe(2);
    });

    it('fails an append to an unknown query without harming the others of its batch', async () => {
      const [bad, good] = await Promise.allSettled([f.store.appendMessage(f.msg(f.customer, { queryId: randomUUID() })), f.store.appendMessage(f.msg(f.customer))]);
      expect(bad.status).toBe('rejected');
      expect(((bad as PromiseRejectedResult).reason as AppError).code).toBe('not_found');
      expect(good.status === 'fulfilled' && good.value.message.seq).toBe(2);
    });

    it('applies message effects: waiting, reopening, read cursors', async () => {
      const reply = await f.store.appendMessage(f.msg(f.agent));
      expect(reply.query.waitingSince).toBeNull();
      expect(reply.query.agentReadSeq).toBe(2);
      await f.store.updateQuery(f.queryId, { status: 'resolved' }, new Date().toISOString());
      const back = await f.store.appendMessage(f.msg(f.customer));
      expect(back.statusChanged).toBe(true);
      expect(back.query).toMatchObject({ status: 'open', customerReadSeq: 3 });
      expect(back.query.waitingSince).toBe(back.message.createdAt);
      const read = await f.store.advanceReadCursor(f.queryId, f.agent, 3);
      expect(read).toMatchObject({ advanced: true, query: { agentReadSeq: 3 } });
      expect((await f.store.advanceReadCursor(f.queryId, f.agent, 2))?.advanced).toBe(false);
    });

    it("keeps the customer's read cursor as the query's customerReadSeq: raised by their messages and reads, never lowered", async () => {
      // The query opened with the customer's message 1: read up to it.
      expect((await f.store.advanceReadCursor(f.queryId, f.customer, 1))?.advanced).toBe(false);
      await f.store.appendMessage(f.msg(f.agent));
      await f.store.appendMessage(f.msg(f.agent));
      const read = await f.store.advanceReadCursor(f.queryId, f.customer, 2);
      expect(read).toMatchObject({ advanced: true, query: { customerReadSeq: 2, agentReadSeq: 3 } });
      expect((await f.store.advanceReadCursor(f.queryId, f.customer, 2))?.advanced).toBe(false);
      expect((await f.store.advanceReadCursor(f.queryId, f.customer, 1))?.advanced).toBe(false);
      // An agent's message after that read leaves it where it is (SQLite plans appends from its copy of the row).
      expect((await f.store.appendMessage(f.msg(f.agent))).query.customerReadSeq).toBe(2);
      // Their own message reads everything up to it; a read below that is no move.
      expect((await f.store.appendMessage(f.msg(f.customer))).query.customerReadSeq).toBe(5);
      expect((await f.store.advanceReadCursor(f.queryId, f.customer, 4))?.advanced).toBe(false);
      expect((await f.store.getQuery(f.queryId))?.customerReadSeq).toBe(5);
      // The customer's reads leave the agents' cursor alone, and an agent's read leaves the customer's.
      expect((await f.store.advanceReadCursor(f.queryId, f.agent, 5))?.query).toMatchObject({ agentReadSeq: 5, customerReadSeq: 5 });
    });

    it("counts the customer's messages no agent has read (agentUnread), leaving out automatic replies and notes", async () => {
      const system: UserRef = { id: 'system', role: 'system', name: 'Support' };
      expect((await f.store.getQuery(f.queryId))?.agentUnread).toBe(1);
      expect((await f.store.appendMessage(f.msg(system))).query.agentUnread).toBe(1);
      expect((await f.store.appendMessage(f.msg(f.customer))).query.agentUnread).toBe(2);
      expect((await f.store.appendMessage(f.msg(f.agent, { internal: true }))).query.agentUnread).toBe(2);
      expect((await f.store.appendMessage(f.msg(f.agent))).query.agentUnread).toBe(0);
      const [first] = await Promise.all([f.store.appendMessage(f.msg(f.customer)), f.store.appendMessage(f.msg(f.customer))]);
      expect((await f.store.getQuery(f.queryId))?.agentUnread).toBe(2);
      // Read up to the first of the two: one is left; the customer reading changes nothing of it.
      expect((await f.store.advanceReadCursor(f.queryId, f.agent, first.message.seq))?.query.agentUnread).toBe(1);
      expect((await f.store.advanceReadCursor(f.queryId, f.customer, first.message.seq + 1))?.query.agentUnread).toBe(1);
      const last = await f.store.appendMessage(f.msg(system));
      expect((await f.store.advanceReadCursor(f.queryId, f.agent, last.message.seq))?.query.agentUnread).toBe(0);
      expect((await f.store.listQueries({ limit: 10 })).queries.find((q) => q.id === f.queryId)?.agentUnread).toBe(0);
    });

    it('pages history after/before/latest in ascending seq', async () => {
      for (let i = 0; i < 9; i++) await f.store.appendMessage(f.msg(f.customer));
      const seqs = async (r: { after?: number; before?: number; limit: number }) =>
        (await f.store.listMessages(f.queryId, { internal: false, ...r })).map((m) => m.seq);
      expect(await seqs({ limit: 3 })).toEqual([8, 9, 10]);
      expect(await seqs({ after: 2, limit: 3 })).toEqual([3, 4, 5]);
      expect(await seqs({ before: 4, limit: 10 })).toEqual([1, 2, 3]);
      expect(await seqs({ after: 2, before: 6, limit: 10 })).toEqual([3, 4, 5]);
    });

    it('flush and close commit what is queued; calls after close fail with unavailable', async () => {
      const pending = f.store.appendMessage(f.msg(f.customer));
      await f.store.close();
      expect((await pending).message.seq).toBe(2);
      const after = await f.store.appendMessage(f.msg(f.customer)).catch((e: unknown) => e);
      expect((after as AppError).code).toBe('unavailable');
    });

    it('groups concurrent appends into shared commits in group mode, one per message in single mode', async () => {
      await Promise.all(Array.from({ length: 50 }, () => f.store.appendMessage(f.msg(f.customer))));
      const grouped = f.store.commitStats();
      expect(grouped.messages).toBe(50);
      expect(grouped.largestBatch).toBeGreaterThan(1);
      expect(grouped.commits).toBeLessThan(50);

      const single = await factory.create({ mode: 'single' });
      try {
        const c = await single.createCustomer({ id: randomUUID(), name: 'S', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString() });
        const qid = randomUUID();
        const author: UserRef = { id: c.id, role: 'customer', name: 'S' };
        await single.createQuery({ id: qid, subject: 'S', customerId: c.id, createdAt: new Date().toISOString(), firstMessage: { id: randomUUID(), clientId: randomUUID(), author, body: 'x' } });
        const results = await Promise.all(Array.from({ length: 20 }, () => single.appendMessage(f.msg(author, { queryId: qid }))));
        expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
        expect(single.commitStats()).toMatchObject({ commits: 20, messages: 20, largestBatch: 1, groupedCommits: 0, queued: 0 });
      } finally {
        await factory.destroy(single);
      }
    });
  });
}
