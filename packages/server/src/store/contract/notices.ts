/** Reply-email bookkeeping: which queries have replies their customer neither read nor was emailed about. */
import { randomUUID } from 'node:crypto';
import type { UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, useStoreFixture } from './fixture.js';

const LATER = '2099-01-01T00:00:00.000Z';

export function describeNotices(factory: StoreFactory): void {
  describe('reply notices', () => {
    const f = useStoreFixture(factory);

    async function emailedCustomerQuery() {
      const c = await f.store.createCustomer({
        id: randomUUID(), name: 'Eve', email: 'eve@example.test', externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString(),
      });
      const customer: UserRef = { id: c.id, role: 'customer', name: c.name };
      const { query } = await f.store.createQuery({
        id: randomUUID(), subject: 'Parcel', customerId: c.id, createdAt: '2030-01-01T00:00:00.000Z',
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'where is it?' },
      });
      return { customer, queryId: query.id };
    }

    it('lists a query once agents replied and it went quiet, until the customer reads or is emailed about the replies', async () => {
      const { customer, queryId } = await emailedCustomerQuery();
      expect(await f.store.notices.listUnreadReplies(LATER, 10)).toEqual([]);
      await f.store.appendMessage(f.msg(f.agent, { queryId }));
      const last = await f.store.appendMessage(f.msg(f.agent, { queryId }));
      // Notes are not replies.
      await f.store.appendMessage(f.msg(f.agent, { queryId, internal: true }));
      // The fixture's own customer, without an email address, is never listed.
      await f.store.appendMessage(f.msg(f.agent));
      const [due, ...rest] = await f.store.notices.listUnreadReplies(LATER, 10);
      expect(rest).toEqual([]);
      expect(due).toEqual({
        queryId, subject: 'Parcel', customerName: 'Eve', customerEmail: 'eve@example.test', lastSeq: 3, customerReadSeq: 1, notifiedSeq: 0,
      });
      // Not quiet yet: the last reply is newer than quietSince.
      const before = new Date(Date.parse(last.message.createdAt) - 1).toISOString();
      expect(await f.store.notices.listUnreadReplies(before, 10)).toEqual([]);

      expect(await f.store.notices.setEmailNotifiedSeq(queryId, 0, 3)).toBe(true);
      expect(await f.store.notices.setEmailNotifiedSeq(queryId, 0, 3)).toBe(false);
      expect(await f.store.notices.listUnreadReplies(LATER, 10)).toEqual([]);

      await f.store.appendMessage(f.msg(f.agent, { queryId }));
      expect(await f.store.notices.listUnreadReplies(LATER, 10)).toMatchObject([{ queryId, lastSeq: 4, notifiedSeq: 3 }]);
      await f.store.advanceReadCursor(queryId, customer, 4);
      expect(await f.store.notices.listUnreadReplies(LATER, 10)).toEqual([]);
      // The customer's own message is never a reason to email them.
      await f.store.appendMessage(f.msg(customer, { queryId }));
      expect(await f.store.notices.listUnreadReplies(LATER, 10)).toEqual([]);
    });

    it('lists a resolved query for its transcript when the customer asked and has an address, once per resolution', async () => {
      const c = await f.store.createCustomer({
        id: randomUUID(), name: 'Tia', email: 'tia@example.test', externalId: null, resumeKeyHash: null, createdAt: new Date().toISOString(),
      });
      const customer: UserRef = { id: c.id, role: 'customer', name: c.name };
      const open = (emailTranscript: boolean) => f.store.createQuery({
        id: randomUUID(), subject: 'Box', customerId: c.id, createdAt: new Date().toISOString(), emailTranscript,
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'hello' },
      });
      const wanted = await open(true);
      const notWanted = await open(false);
      expect(wanted.query.transcriptRequested).toBe(true);
      expect(notWanted.query.transcriptRequested).toBe(false);
      await f.store.appendMessage(f.msg(f.agent, { queryId: wanted.query.id }));
      expect(await f.store.notices.listTranscriptsDue(10)).toEqual([]);
      for (const q of [wanted, notWanted]) await f.store.updateQuery(q.query.id, { status: 'resolved' }, new Date().toISOString());
      expect(await f.store.notices.listTranscriptsDue(10)).toEqual([
        { queryId: wanted.query.id, subject: 'Box', customerName: 'Tia', customerEmail: 'tia@example.test', lastSeq: 2, sentSeq: 0 },
      ]);
      expect(await f.store.notices.setTranscriptSentSeq(wanted.query.id, 0, 2)).toBe(true);
      expect(await f.store.notices.setTranscriptSentSeq(wanted.query.id, 0, 2)).toBe(false);
      expect(await f.store.notices.listTranscriptsDue(10)).toEqual([]);
      // Reopened by the customer and resolved again: a new transcript is due, up to the new last message.
      await f.store.appendMessage(f.msg(customer, { queryId: wanted.query.id }));
      expect(await f.store.notices.listTranscriptsDue(10)).toEqual([]);
      await f.store.updateQuery(wanted.query.id, { status: 'resolved' }, new Date().toISOString());
      expect(await f.store.notices.listTranscriptsDue(10)).toMatchObject([{ queryId: wanted.query.id, lastSeq: 3, sentSeq: 2 }]);
    });
  });
}
