/**
 * Teams and auto-assignment in both stores: one default team at most, members replaced as given, the least
 * loaded candidate below capacity, and — on two store objects on one database, as two nodes — rounds at the
 * same moment that never put an agent above capacity nor assign a query twice.
 */
import { randomUUID } from 'node:crypto';
import type { UserRef } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeTeams(factory: StoreFactory): void {
  describe('teams and auto-assignment', () => {
    const f = useStoreFixture(factory);
    const now = () => new Date().toISOString();
    const agent = async (name: string): Promise<UserRef> => {
      const a = await f.store.createAgent({ id: randomUUID(), email: `${name}-${randomUUID()}@x.test`, name, role: 'agent', passwordHash: 'h', createdAt: now() });
      return { id: a.id, role: 'agent', name };
    };
    const team = (over: { memberIds?: string[]; capacity?: number; isDefault?: boolean; autoAssign?: boolean; name?: string } = {}) =>
      f.store.createTeam({ id: randomUUID(), name: over.name ?? 'Billing', hours: null, autoReply: null, isDefault: over.isDefault ?? false, autoAssign: over.autoAssign ?? true, capacity: over.capacity ?? 2, memberIds: over.memberIds ?? [], createdAt: now() });
    // Each query a second after the previous: "oldest first" must not hang on two sharing a millisecond.
    let clock = Date.parse('2027-03-01T10:00:00.000Z');
    const open = async (teamId: string | null, store: Store = f.store) =>
      (await store.createQuery({
        id: randomUUID(), subject: 'Q', customerId: f.customer.id, createdAt: new Date((clock += 1000)).toISOString(), teamId,
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'hi' },
      })).query;

    it('keeps one default team, replaces members as given, refuses unknown agents, and deleting a team frees its queries', async () => {
      const ann = await agent('Ann');
      const a = await team({ name: 'A', isDefault: true, memberIds: [ann.id] });
      const b = await team({ name: 'B', isDefault: true });
      expect((await f.store.listTeams()).map((t) => [t.name, t.isDefault, t.memberIds])).toEqual([
        ['A', false, [ann.id]],
        ['B', true, []],
      ]);
      expect(await f.store.updateTeam(a.id, { isDefault: true, memberIds: [], capacity: 7, name: 'A2' })).toMatchObject({ name: 'A2', isDefault: true, memberIds: [], capacity: 7 });
      expect((await f.store.listTeams()).find((t) => t.id === b.id)?.isDefault).toBe(false);
      await expect(f.store.updateTeam(a.id, { memberIds: [randomUUID()] })).rejects.toMatchObject({ code: 'invalid_payload' });
      expect(await f.store.updateTeam(randomUUID(), { name: 'x' })).toBeNull();
      const hours = { timeZone: 'Europe/Paris', ranges: [{ day: 1, open: '09:00', close: '17:00' }] };
      expect(await f.store.updateTeam(b.id, { hours, autoReply: 'We are closed; back Monday.' })).toMatchObject({ hours, autoReply: 'We are closed; back Monday.' });
      expect(await f.store.updateTeam(b.id, { hours: null, autoReply: null })).toMatchObject({ hours: null, autoReply: null });
      const q = await open(a.id);
      expect(q.team).toEqual({ id: a.id, name: 'A2' });
      expect(await f.store.deleteTeam(a.id)).toBe(true);
      expect((await f.store.getQuery(q.id))?.team).toBeNull();
      expect(await f.store.deleteTeam(a.id)).toBe(false);
    });

    it('hands waiting queries to the least loaded candidate below capacity, oldest first, with an assignment in the timeline', async () => {
      const [ann, bob] = [await agent('Ann'), await agent('Bob')];
      const t = await team({ memberIds: [ann.id, bob.id], capacity: 2 });
      // Ann already has one open query of another team.
      await f.store.updateQuery(f.queryId, { assigneeId: ann.id }, now());
      const queries = [await open(t.id), await open(t.id), await open(t.id), await open(t.id)];
      const updates = await f.store.autoAssign({ teamId: t.id, candidates: [ann.id, bob.id], capacity: 2, limit: 10, at: now() });
      // Bob (0) takes the oldest, then Ann (1) and Bob (1) tie → the earlier candidate, Ann; then both are at 2.
      expect(updates.map((u) => [u.query.id, u.query.assignee?.name])).toEqual([
        [queries[0]!.id, 'Bob'],
        [queries[1]!.id, 'Ann'],
        [queries[2]!.id, 'Bob'],
      ]);
      expect(updates[0]!.timeline).toEqual([expect.objectContaining({ type: 'assigned', actor: null, assignee: { id: bob.id, name: 'Bob' } })]);
      expect((await f.store.getQuery(queries[3]!.id))?.assignee).toBeNull();
      // Freed capacity: Bob resolves one; the next round gives him the last.
      await f.store.updateQuery(queries[0]!.id, { status: 'resolved' }, now());
      const next = await f.store.autoAssign({ teamId: t.id, candidates: [ann.id, bob.id], capacity: 2, limit: 10, at: now() });
      expect(next.map((u) => [u.query.id, u.query.assignee?.name])).toEqual([[queries[3]!.id, 'Bob']]);
      expect(await f.store.autoAssign({ teamId: t.id, candidates: [], capacity: 2, limit: 10, at: now() })).toEqual([]);
    });

    it('two nodes handing out at the same moment never put an agent above capacity nor assign a query twice', async () => {
      const other = await factory.sibling(f.store);
      try {
        const agents = [await agent('A1'), await agent('A2'), await agent('A3')];
        const t = await team({ memberIds: agents.map((a) => a.id), capacity: 3 });
        const queries = [];
        for (let i = 0; i < 14; i++) queries.push(await open(t.id, i % 2 ? other : f.store));
        const round = (store: Store) => store.autoAssign({ teamId: t.id, candidates: agents.map((a) => a.id), capacity: 3, limit: 14, at: now() });
        const results = await Promise.all([round(f.store), round(other), round(f.store), round(other)]);
        const assigned = results.flat();
        expect(assigned).toHaveLength(9);
        expect(new Set(assigned.map((u) => u.query.id)).size).toBe(9);
        const page = await f.store.listQueries({ limit: 50 });
        const loads = agents.map((a) => page.queries.filter((q) => q.assignee?.id === a.id).length);
        expect(loads).toEqual([3, 3, 3]);
      } finally {
        await other.close();
      }
    });
  });
}
