/** A query's timeline: written with the change that made it, in order, read back oldest first. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, useStoreFixture } from './fixture.js';

export function describeTimeline(factory: StoreFactory): void {
  describe('timeline', () => {
    const f = useStoreFixture(factory);
    const at = (minute: number) => `2026-12-06T10:${String(minute).padStart(2, '0')}:00.000Z`;

    it('an agent’s changes write their events with who and when; an update that changes nothing writes none', async () => {
      const other = await f.store.createAgent({ id: randomUUID(), email: `o-${randomUUID()}@x.test`, name: 'Otto', role: 'agent', passwordHash: 'h', createdAt: at(0) });
      const assigned = await f.store.updateQuery(f.queryId, { assigneeId: f.agent.id, actor: f.agent }, at(1));
      expect(assigned?.timeline).toEqual([expect.objectContaining({ type: 'assigned', actor: f.agent, assignee: { id: f.agent.id, name: f.agent.name }, previousAssignee: null, createdAt: at(1) })]);
      expect((await f.store.updateQuery(f.queryId, { assigneeId: f.agent.id, actor: f.agent }, at(2)))?.timeline).toEqual([]);
      // A transfer and a resolution in one change: two events of one moment, the transfer first.
      await f.store.updateQuery(f.queryId, { assigneeId: other.id, status: 'resolved', actor: f.agent }, at(3));
      await f.store.updateQuery(f.queryId, { assigneeId: null }, at(4));
      const events = await f.store.listTimeline(f.queryId, 50);
      expect(events.map((e) => [e.type, e.assignee?.name ?? null, e.previousAssignee?.name ?? null, e.actor?.name ?? null, e.createdAt])).toEqual([
        ['assigned', f.agent.name, null, f.agent.name, at(1)],
        ['assigned', 'Otto', f.agent.name, f.agent.name, at(3)],
        ['resolved', null, null, f.agent.name, at(3)],
        ['unassigned', null, 'Otto', null, at(4)],
      ]);
      // The latest `limit`, still oldest first.
      expect((await f.store.listTimeline(f.queryId, 2)).map((e) => e.type)).toEqual(['resolved', 'unassigned']);
      expect(await f.store.listTimeline(randomUUID(), 10)).toEqual([]);
    });

    it('a message on a resolved query reopens it in the row and writes its reopening with it, by its author; a retried message writes nothing more, a later one keeps status and assignee', async () => {
      await f.store.updateQuery(f.queryId, { status: 'resolved', actor: f.agent }, new Date().toISOString());
      const message = f.msg(f.customer);
      const back = await f.store.appendMessage(message);
      expect(back.timeline).toEqual([expect.objectContaining({ type: 'reopened', actor: { id: f.customer.id, role: 'customer', name: f.customer.name } })]);
      const retry = await f.store.appendMessage(message);
      expect(retry.duplicate).toBe(true);
      expect(retry.timeline ?? []).toEqual([]);
      // The reopening is in the row, not only in the answer (an append writes status only when it changes it).
      expect((await f.store.getQuery(f.queryId))?.status).toBe('open');
      await f.store.updateQuery(f.queryId, { assigneeId: f.agent.id, actor: f.agent }, new Date().toISOString());
      const later = await f.store.appendMessage(f.msg(f.customer));
      expect(later.timeline).toEqual([]);
      expect(await f.store.getQuery(f.queryId)).toMatchObject({ status: 'open', assignee: { id: f.agent.id }, lastSeq: later.message.seq });
      // (The fixture's messages are stamped by its own clock, not now, so the assignment need not sort last.)
      expect((await f.store.listTimeline(f.queryId, 10)).map((e) => e.type).sort()).toEqual(['assigned', 'reopened', 'resolved']);
    });

    it('a reply with assignIfUnassigned takes an unassigned query for its author, with its timeline event; never a note, never an assigned query', async () => {
      const other = await f.store.createAgent({ id: randomUUID(), email: `o-${randomUUID()}@x.test`, name: 'Otto', role: 'agent', passwordHash: 'h', createdAt: at(0) });
      const otto = { id: other.id, role: 'agent' as const, name: 'Otto' };
      const note = await f.store.appendMessage(f.msg(f.agent, { internal: true, assignIfUnassigned: true }));
      expect(note.query.assignee).toBeNull();
      // Two agents reply in one batch: the first in commit order takes it, the second leaves it to them.
      const [first, second] = await Promise.all([
        f.store.appendMessage(f.msg(f.agent, { assignIfUnassigned: true })),
        f.store.appendMessage(f.msg(otto, { assignIfUnassigned: true })),
      ]);
      expect(first).toMatchObject({ statusChanged: true, query: { assignee: { id: f.agent.id, name: f.agent.name } } });
      expect(first.timeline).toEqual([expect.objectContaining({ type: 'assigned', actor: f.agent, assignee: { id: f.agent.id, name: f.agent.name } })]);
      expect(second).toMatchObject({ statusChanged: false, timeline: [], query: { assignee: { id: f.agent.id } } });
      const stored = await f.store.getQuery(f.queryId);
      expect(stored?.assignee?.id).toBe(f.agent.id);
      // Without the flag an agent's reply leaves an unassigned query alone.
      await f.store.updateQuery(f.queryId, { assigneeId: null }, at(9));
      const plain = await f.store.appendMessage(f.msg(otto));
      expect(plain.query.assignee).toBeNull();
      expect((await f.store.getQuery(f.queryId))?.assignee).toBeNull();
    });
  });
}
