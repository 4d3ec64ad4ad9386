/** Attachments: bytes kept and read back whole, claims, the sweeper's queries, quotas, leftovers. */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, readAll, useStoreFixture } from './fixture.js';

export function describeAttachments(factory: StoreFactory): void {
  describe('attachments', () => {
    const f = useStoreFixture(factory);

    it('keeps the bytes of an upload and streams them back unchanged, over several chunks', async () => {
      // Just over 1 MiB of random bytes: several chunks in PostgreSQL, one file in SQLite.
      const bytes = randomBytes(1024 * 1024 + 12_345);
      const record = await f.upload(f.customer, bytes);
      expect(record).toMatchObject({ queryId: f.queryId, uploaderId: f.customer.id, size: bytes.length, messageId: null, internal: false });
      expect(await f.store.attachments.get(record.id)).toEqual(record);
      expect((await readAll(await f.store.attachments.open(record.id))).equals(bytes)).toBe(true);
      expect(await f.store.attachments.bytesForQuery(f.queryId)).toBe(bytes.length);
    });

    it('a discarded upload leaves nothing; a received upload is not an attachment until kept', async () => {
      const received = await f.store.attachments.receive(Readable.from([Buffer.from('half')]));
      await f.store.attachments.discard(received);
      expect(await f.store.attachments.bytesForQuery(f.queryId)).toBe(0);
      expect(await f.store.attachments.sweepLeftovers()).toBe(0);
    });

    it('an upload left in the spool by a crash is swept at the next start', async () => {
      await f.store.attachments.receive(Readable.from([Buffer.from('never kept')]));
      expect(await f.store.attachments.sweepLeftovers()).toBe(1);
      expect(await f.store.attachments.sweepLeftovers()).toBe(0);
    });

    it('a message claims its files once; a claimed file is the message’s and is no longer deletable', async () => {
      const a = await f.upload(f.customer, Buffer.from('png-ish bytes'));
      const sent = await f.store.appendMessage(f.msg(f.customer, { attachmentIds: [a.id] }));
      expect(await f.store.attachments.get(a.id)).toMatchObject({ messageId: sent.message.id, internal: false });
      const again = await f.store.appendMessage(f.msg(f.customer, { attachmentIds: [a.id] })).catch((e: unknown) => e);
      expect(again).toMatchObject({ code: 'invalid_payload' });
      expect(await f.store.attachments.deleteUnclaimed(a.id)).toBeNull();
      expect((await readAll(await f.store.attachments.open(a.id))).toString()).toBe('png-ish bytes');
    });

    it('refuses another uploader’s file, a file of another query, and two messages of one batch claiming one file', async () => {
      const mine = await f.upload(f.customer, Buffer.from('mine'));
      const agents = await f.upload(f.agent, Buffer.from('theirs'));
      const refused = await f.store.appendMessage(f.msg(f.customer, { attachmentIds: [agents.id] })).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'invalid_payload' });
      const [first, second] = await Promise.allSettled([
        f.store.appendMessage(f.msg(f.customer, { attachmentIds: [mine.id] })),
        f.store.appendMessage(f.msg(f.customer, { attachmentIds: [mine.id] })),
      ]);
      expect(first.status).toBe('fulfilled');
      expect(second).toMatchObject({ status: 'rejected', reason: { code: 'invalid_payload' } });
      expect((await f.store.getQuery(f.queryId))?.lastSeq).toBe(2);
    });

    it('a note’s file is marked internal; deleting an unsent upload removes its bytes', async () => {
      const noteFile = await f.upload(f.agent, Buffer.from('note'));
      await f.store.appendMessage(f.msg(f.agent, { internal: true, attachmentIds: [noteFile.id] }));
      expect(await f.store.attachments.get(noteFile.id)).toMatchObject({ internal: true });
      const unsent = await f.upload(f.customer, Buffer.from('changed my mind'));
      expect(await f.store.attachments.deleteUnclaimed(unsent.id)).toMatchObject({ id: unsent.id });
      expect(await f.store.attachments.get(unsent.id)).toBeNull();
      expect(await f.store.attachments.bytesForQuery(f.queryId)).toBe('note'.length);
    });

    it('lists unclaimed uploads older than a moment, oldest first', async () => {
      const old = await f.upload(f.customer, Buffer.from('old'), { createdAt: '2029-01-01T00:00:00.000Z' });
      const older = await f.upload(f.customer, Buffer.from('older'), { createdAt: '2028-01-01T00:00:00.000Z' });
      await f.upload(f.customer, Buffer.from('new'), { createdAt: '2031-01-01T00:00:00.000Z' });
      const sent = await f.upload(f.customer, Buffer.from('sent'), { createdAt: '2027-01-01T00:00:00.000Z' });
      await f.store.appendMessage(f.msg(f.customer, { attachmentIds: [sent.id] }));
      const listed = await f.store.attachments.listUnclaimedBefore('2030-06-01T00:00:00.000Z', 10);
      expect(listed.map((a) => a.id)).toEqual([older.id, old.id]);
      expect(await f.store.attachments.listUnclaimedBefore('2030-06-01T00:00:00.000Z', 1)).toHaveLength(1);
      expect(await f.store.attachments.get(randomUUID())).toBeNull();
    });
  });
}
