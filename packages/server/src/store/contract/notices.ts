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
  });
}
