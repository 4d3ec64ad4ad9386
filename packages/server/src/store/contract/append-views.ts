/**
 * Both stores build the Message and Query an append returns from what its
 * transaction knows instead of reading them back. These tests hold that view
 * to what a fresh read of the committed rows says, across every effect an
 * append has: waiting, replies, notes, reopening (which drops the rating),
 * read cursors, attachments, retries and refusals.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppendResult } from '../store.js';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeAppendViews(factory: StoreFactory): void {
  describe('the view an append returns equals the committed rows', () => {
    const f = useStoreFixture(factory);
    beforeEach(async () => {
      await f.store.updateQuery(f.queryId, { assigneeId: f.agent.id }, new Date().toISOString());
    });

    async function expectMatchesStore(result: AppendResult): Promise<void> {
      expect(result.query).toEqual(await f.store.getQuery(f.queryId));
      const stored = await f.store.listMessages(f.queryId, { internal: result.message.internal, after: result.message.seq - 1, limit: 1 });
      expect(stored).toEqual([result.message]);
    }

    it('for a f.customer message, an f.agent reply and an internal note, also within one batch', async () => {
      const results = await Promise.all([f.store.appendMessage(f.msg(f.customer)), f.store.appendMessage(f.msg(f.agent)), f.store.appendMessage(f.msg(f.agent, { internal: true }))]);
      // Each result is the state right after its own item; the last one is also the committed state.
      await expectMatchesStore(results[2]!);
      expect(results.map((r) => [r.message.seq, r.query.lastSeq, r.query.lastNoteSeq])).toEqual([[2, 2, 0], [3, 3, 0], [1, 3, 1]]);
      expect(results[0]!.query).toMatchObject({ waitingSince: expect.any(String), customerReadSeq: 2 });
      expect(results[1]!.query).toMatchObject({ waitingSince: null, agentReadSeq: 3, lastMessage: { seq: 3, author: f.agent } });
      for (const kind of [f.msg(f.customer), f.msg(f.agent), f.msg(f.agent, { internal: true })]) await expectMatchesStore(await f.store.appendMessage(kind));
    });

    it('for a f.customer reopening a resolved, rated query: open again, rating dropped, a status change', async () => {
      await f.store.updateQuery(f.queryId, { status: 'resolved' }, new Date().toISOString());
      expect(await f.store.ratings.rate(f.queryId, { score: 4, comment: 'ok', createdAt: new Date().toISOString() })).not.toBeNull();
      const result = await f.store.appendMessage(f.msg(f.customer));
      expect(result).toMatchObject({ statusChanged: true, query: { status: 'open', rating: null } });
      await expectMatchesStore(result);
    });

    it('for a message carrying attachments', async () => {
      const { id: attachmentId } = await f.upload(f.customer, Buffer.alloc(42, 7));
      const result = await f.store.appendMessage(f.msg(f.customer, { attachmentIds: [attachmentId] }));
      expect(result.message.attachments).toMatchObject([{ id: attachmentId, name: 'receipt.png' }]);
      await expectMatchesStore(result);
    });

    it('a retry returns the stored twin; refusals in a batch leave no trace and spare the others', async () => {
      const first = f.msg(f.customer);
      const stored = await f.store.appendMessage(first);
      const [retry, conflict, unknown, good] = await Promise.allSettled([
        f.store.appendMessage({ ...first, id: randomUUID() }),
        f.store.appendMessage(f.msg(f.agent, { clientId: first.clientId })),
        f.store.appendMessage(f.msg(f.customer, { queryId: randomUUID() })),
        f.store.appendMessage(f.msg(f.customer)),
      ]);
      expect(retry).toMatchObject({ status: 'fulfilled', value: { duplicate: true, message: stored.message } });
      expect(conflict).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
      expect(unknown).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
      expect(good).toMatchObject({ status: 'fulfilled', value: { message: { seq: stored.message.seq + 1 } } });
      await expectMatchesStore((good as PromiseFulfilledResult<AppendResult>).value);
      expect((await f.store.listMessages(f.queryId, { internal: false, after: 0, limit: 100 })).map((m) => m.seq)).toEqual([1, 2, 3]);
    });
  });
}
