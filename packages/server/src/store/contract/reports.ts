/**
 * The reports' rows in both stores, checked against hand-made history: opening time, the first public reply of
 * an agent (not a note, not the customer), the first resolution, the rating, the assignee; only the period's
 * conversations, optionally one agent's.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeReports(factory: StoreFactory): void {
  describe('report rows', () => {
    const f = useStoreFixture(factory);
    const at = (hour: number, minute = 0) => `2027-02-01T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

    it('each conversation of the period with its first agent reply, first resolution, rating and assignee', async () => {
      const open = async (createdAt: string) =>
        (await f.store.createQuery({
          id: randomUUID(), subject: 'R', customerId: f.customer.id, createdAt,
          firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'hi' },
        })).query.id;
      const a = await open(at(9));
      const b = await open(at(10));
      await open(at(23, 59));
      // a: a note first (not a reply), a customer's follow-up, then the agent's reply at 9:05; resolved, rated,
      // reopened (which drops the rating: ratings are per resolution) and resolved again.
      await f.store.appendMessage(f.msg(f.agent, { queryId: a, internal: true, createdAt: at(9, 1) }));
      await f.store.appendMessage(f.msg(f.customer, { queryId: a, createdAt: at(9, 2) }));
      await f.store.appendMessage(f.msg(f.agent, { queryId: a, createdAt: at(9, 5) }));
      await f.store.appendMessage(f.msg(f.agent, { queryId: a, createdAt: at(9, 7) }));
      await f.store.updateQuery(a, { assigneeId: f.agent.id, actor: f.agent }, at(9, 6));
      await f.store.updateQuery(a, { status: 'resolved', actor: f.agent }, at(10));
      await f.store.ratings.rate(a, { score: 4, comment: null, createdAt: at(10, 1) });
      await f.store.updateQuery(a, { status: 'open', actor: f.agent }, at(11));
      await f.store.updateQuery(a, { status: 'resolved', actor: f.agent }, at(12));

      const rows = await f.store.reportRows({ start: at(8), end: at(23) });
      expect(rows.map((r) => r.queryId)).toEqual([a, b]);
      expect(rows[0]).toEqual({
        queryId: a, createdAt: at(9), assignee: { id: f.agent.id, name: f.agent.name }, team: null,
        firstResponseAt: at(9, 5), resolvedAt: at(10), ratingScore: null,
      });
      expect(rows[1]).toEqual({ queryId: b, createdAt: at(10), assignee: null, team: null, firstResponseAt: null, resolvedAt: null, ratingScore: null });
      // One team's conversations.
      const team = await f.store.createTeam({ id: randomUUID(), name: 'Billing', hours: null, autoReply: null, isDefault: false, autoAssign: false, capacity: 5, memberIds: [], createdAt: at(8) });
      await f.store.updateQuery(b, { teamId: team.id }, at(10, 5));
      const billing = await f.store.reportRows({ start: at(8), end: at(23), teamId: team.id });
      expect(billing.map((r) => [r.queryId, r.team])).toEqual([[b, { id: team.id, name: 'Billing' }]]);
      expect((await f.store.reportRows({ start: at(8), end: at(23), assigneeId: f.agent.id })).map((r) => r.queryId)).toEqual([a]);
      expect(await f.store.reportRows({ start: at(13), end: at(14) })).toEqual([]);
    });

    it('the rating of the latest resolution counts', async () => {
      await f.store.updateQuery(f.queryId, { status: 'resolved', actor: f.agent }, new Date().toISOString());
      await f.store.ratings.rate(f.queryId, { score: 2, comment: 'slow', createdAt: new Date().toISOString() });
      const rows = await f.store.reportRows({ start: '2000-01-01T00:00:00.000Z', end: '2100-01-01T00:00:00.000Z' });
      expect(rows.find((r) => r.queryId === f.queryId)?.ratingScore).toBe(2);
    });
  });
}
