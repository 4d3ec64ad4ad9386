/** Customers, agents, canned replies, ratings, settings and job runs. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeAgentsAndSettings(factory: StoreFactory): void {
  describe('customers, agents, canned replies, ratings, settings, job runs', () => {
    const f = useStoreFixture(factory);
    const now = () => new Date().toISOString();

    it('finds visitors by resume key and keeps one identified customer per external id', async () => {
      const hash = randomUUID();
      const visitor = await f.store.createCustomer({ id: randomUUID(), name: 'V', email: 'v@x.test', externalId: null, resumeKeyHash: hash, createdAt: now() });
      expect(await f.store.findCustomerByResumeKeyHash(hash)).toEqual(visitor);
      expect(await f.store.getCustomer(visitor.id)).toEqual(visitor);
      const first = await f.store.upsertCustomerByExternalId({ id: randomUUID(), name: 'Eve', email: null, externalId: 'ext-1', resumeKeyHash: null, createdAt: now() });
      const renamed = await f.store.upsertCustomerByExternalId({ id: randomUUID(), name: 'Eve B', email: 'e@x.test', externalId: 'ext-1', resumeKeyHash: null, createdAt: now() });
      expect(renamed).toMatchObject({ id: first.id, name: 'Eve B', email: 'e@x.test' });
      const kept = await f.store.upsertCustomerByExternalId({ id: randomUUID(), name: 'ext-1', email: null, externalId: 'ext-1', resumeKeyHash: null, createdAt: now() }, { keepName: true });
      expect(kept).toMatchObject({ id: first.id, name: 'Eve B', email: 'e@x.test' });
    });

    it('customers: name and email corrected (null removes the email), last seen only ever moves forward', async () => {
      const c = await f.store.createCustomer({ id: randomUUID(), name: 'V', email: 'v@x.test', externalId: null, resumeKeyHash: randomUUID(), createdAt: now() });
      expect(c.lastSeenAt).toBeNull();
      expect(await f.store.updateCustomer(c.id, { name: 'Vera' })).toMatchObject({ name: 'Vera', email: 'v@x.test' });
      expect(await f.store.updateCustomer(c.id, { email: null })).toMatchObject({ name: 'Vera', email: null });
      expect(await f.store.updateCustomer(c.id, { email: 'vera@x.test' })).toMatchObject({ name: 'Vera', email: 'vera@x.test' });
      expect(await f.store.updateCustomer(randomUUID(), { name: 'nobody' })).toBeNull();
      const other = await f.store.createCustomer({ id: randomUUID(), name: 'W', email: null, externalId: null, resumeKeyHash: randomUUID(), createdAt: now() });
      await f.store.recordCustomersSeen([c.id, other.id, randomUUID()], '2026-12-06T10:00:00.000Z');
      await f.store.recordCustomersSeen([c.id], '2026-12-06T09:00:00.000Z');
      await f.store.recordCustomersSeen([], '2026-12-06T11:00:00.000Z');
      expect((await f.store.getCustomer(c.id))?.lastSeenAt).toBe('2026-12-06T10:00:00.000Z');
      expect((await f.store.getCustomer(other.id))?.lastSeenAt).toBe('2026-12-06T10:00:00.000Z');
      await f.store.recordCustomersSeen([other.id], '2026-12-06T12:00:00.000Z');
      expect((await f.store.getCustomer(other.id))?.lastSeenAt).toBe('2026-12-06T12:00:00.000Z');
    });

    it('agents: emails unique whatever their case, lookups by email ignore case, the last active admin stays', async () => {
      const admin = await f.store.createAgent({ id: randomUUID(), email: 'Boss@X.test', name: 'Boss', role: 'admin', passwordHash: 'h', createdAt: now() });
      const taken = await f.store.createAgent({ id: randomUUID(), email: 'boss@x.TEST', name: 'B2', role: 'agent', passwordHash: 'h', createdAt: now() }).catch((e: unknown) => e);
      expect(taken).toMatchObject({ code: 'conflict' });
      expect(await f.store.getAgentByEmail('BOSS@x.test')).toMatchObject({ id: admin.id, passwordHash: 'h' });
      expect(await f.store.countActiveAdmins()).toBe(1);
      const refused = await f.store.updateAgent(admin.id, { active: false, keepAnActiveAdmin: true }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'conflict' });
      expect(await f.store.getAgent(admin.id)).toMatchObject({ active: true, role: 'admin' });
      expect(await f.store.updateAgent(f.agent.id, { name: 'Ann B', active: false })).toMatchObject({ name: 'Ann B', active: false });
      expect((await f.store.listAgents()).map((a) => a.name)).toEqual(['Ann B', 'Boss']);
      expect(await f.store.countAgents()).toBe(2);
      expect(await f.store.updateAgent(randomUUID(), { name: 'nobody' })).toBeNull();
    });

    it('agents: token versions start at 0, only revokeTokens raises them, and never show in the public agent', async () => {
      expect(await f.store.getAgent(f.agent.id)).toMatchObject({ tokenVersion: 0 });
      await f.store.updateAgent(f.agent.id, { name: 'Ann C' });
      expect(await f.store.getAgent(f.agent.id)).toMatchObject({ tokenVersion: 0 });
      await Promise.all([f.store.updateAgent(f.agent.id, { revokeTokens: true }), f.store.updateAgent(f.agent.id, { revokeTokens: true })]);
      const updated = await f.store.updateAgent(f.agent.id, { passwordHash: 'h2', revokeTokens: true });
      expect(updated).not.toHaveProperty('tokenVersion');
      expect(updated).not.toHaveProperty('passwordHash');
      expect(await f.store.getAgent(f.agent.id)).toMatchObject({ tokenVersion: 3, passwordHash: 'h2' });
      expect((await f.store.listAgents())[0]).not.toHaveProperty('tokenVersion');
    });

    it('canned replies: shortcuts unique on create and on update', async () => {
      const a = await f.store.cannedReplies.create({ id: randomUUID(), shortcut: 'hi', title: 'Hi', body: 'Hello!', createdAt: now() });
      const b = await f.store.cannedReplies.create({ id: randomUUID(), shortcut: 'bye', title: 'Bye', body: 'Bye!', createdAt: now() });
      expect(await f.store.cannedReplies.create({ id: randomUUID(), shortcut: 'hi', title: 'x', body: 'x', createdAt: now() }).catch((e: unknown) => e)).toMatchObject({ code: 'conflict' });
      expect(await f.store.cannedReplies.update(b.id, { shortcut: 'hi' }, now()).catch((e: unknown) => e)).toMatchObject({ code: 'conflict' });
      const at = now();
      expect(await f.store.cannedReplies.update(b.id, { title: 'Goodbye' }, at)).toMatchObject({ shortcut: 'bye', title: 'Goodbye', updatedAt: at });
      expect((await f.store.cannedReplies.list()).map((r) => r.shortcut)).toEqual(['bye', 'hi']);
      expect(await f.store.cannedReplies.delete(a.id)).toBe(true);
      expect(await f.store.cannedReplies.delete(a.id)).toBe(false);
      expect(await f.store.cannedReplies.get(a.id)).toBeNull();
    });

    it('ratings: only a resolved query is rated; a reopening message drops the rating', async () => {
      const rating = { score: 5 as const, comment: 'great', createdAt: now() };
      expect(await f.store.ratings.rate(f.queryId, rating)).toBeNull();
      await f.store.updateQuery(f.queryId, { status: 'resolved' }, now());
      expect(await f.store.ratings.rate(f.queryId, rating)).toMatchObject({ rating: { score: 5, comment: 'great' } });
      await f.store.appendMessage(f.msg(f.customer));
      expect((await f.store.getQuery(f.queryId))?.rating).toBeNull();
    });

    it('settings: the first value stored under a name stays', async () => {
      expect(await f.store.settings.getOrCreate('jwt_secret', () => 'first')).toBe('first');
      expect(await f.store.settings.getOrCreate('jwt_secret', () => 'second')).toBe('first');
    });

    it('settings: get answers null for a name never stored; set replaces the value', async () => {
      expect(await f.store.settings.get('workspace')).toBeNull();
      await f.store.settings.set('workspace', '{"replyAssigns":false}');
      await f.store.settings.set('workspace', '{"replyAssigns":true}');
      expect(await f.store.settings.get('workspace')).toBe('{"replyAssigns":true}');
    });

    it('job runs: one claim per interval', async () => {
      expect(await f.store.jobs.claim('sweep', 60_000)).toBe(true);
      expect(await f.store.jobs.claim('sweep', 60_000)).toBe(false);
      expect(await f.store.jobs.claim('other', 60_000)).toBe(true);
      expect(await f.store.jobs.claim('sweep', 0)).toBe(true);
    });
  });
}
