/**
 * Webhooks in the store: endpoints, the outbox written in the transaction of
 * each change, and the claims that hand each delivery to one dispatcher.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookEventBody, WebhookEventType } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '@parley/protocol';
import type { Store } from '../store.js';
import type { ClaimedDelivery } from '../../webhooks/webhook-store.js';
import { type StoreFactory, useStoreFixture } from './fixture.js';

const T0 = '2030-01-01T00:00:00.000Z';
const FAR = '2099-01-01T00:00:00.000Z';
const claimAll = (store: Store, now = FAR, perEndpoint = 100) => store.webhooks.claimDue(now, { limit: 100, perEndpoint, leaseMs: 60_000 });

export function describeWebhooks(factory: StoreFactory): void {
  describe('webhooks', () => {
    const f = useStoreFixture(factory);
    const endpoint = (events: readonly WebhookEventType[], includeNotes = false) =>
      f.store.webhooks.createEndpoint({
        id: randomUUID(), url: 'https://hooks.example.com/parley', secret: `whsec_${randomUUID()}`, events: [...events], includeNotes, createdAt: T0,
      });
    const types = async (endpointId: string) =>
      (await f.store.webhooks.listDeliveries(endpointId, { limit: 100 })).deliveries.map((d) => d.eventType).sort();

    it('writes no delivery while no endpoint is active', async () => {
      const paused = await endpoint(WEBHOOK_EVENT_TYPES);
      await f.store.webhooks.updateEndpoint(paused.id, { active: false }, T0);
      await f.store.appendMessage(f.msg(f.customer));
      await f.store.updateQuery(f.queryId, { status: 'resolved' }, new Date().toISOString());
      expect(await types(paused.id)).toEqual([]);
      expect(await claimAll(f.store)).toEqual([]);
    });

    it('each change writes its events for the endpoints subscribed to them, notes only where includeNotes is on', async () => {
      const messagesOnly = await endpoint(['message.created']);
      const everything = await endpoint(WEBHOOK_EVENT_TYPES, true);
      await f.store.appendMessage(f.msg(f.customer));
      await f.store.appendMessage(f.msg(f.agent, { internal: true }));
      await f.store.updateQuery(f.queryId, { assigneeId: f.agent.id }, new Date().toISOString());
      await f.store.updateQuery(f.queryId, { status: 'resolved' }, new Date().toISOString());
      await f.store.ratings.rate(f.queryId, { score: 5, comment: 'great', createdAt: new Date().toISOString() });
      // The customer writes again: the query reopens.
      await f.store.appendMessage(f.msg(f.customer));
      await f.store.createQuery({
        id: randomUUID(), subject: 'Another', customerId: f.customer.id, createdAt: new Date().toISOString(),
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'again' },
      });
      expect(await types(messagesOnly.id)).toEqual(['message.created', 'message.created', 'message.created']);
      expect(await types(everything.id)).toEqual([
        'message.created', 'message.created', 'message.created', 'message.created',
        'query.assigned', 'query.created', 'query.reopened', 'query.resolved', 'rating.created',
      ]);
      const claimed = await claimAll(f.store);
      expect(claimed).toHaveLength(12);
      const bodies = claimed.map((c) => JSON.parse(c.payload) as WebhookEventBody);
      // One event per change, shared by the endpoints that want it.
      expect(new Set(claimed.map((c) => c.eventId)).size).toBe(9);
      for (const [i, c] of claimed.entries()) expect(bodies[i]).toMatchObject({ id: c.eventId, type: c.eventType });
      const note = bodies.find((b) => b.type === 'message.created' && b.data.message.internal);
      expect(note && claimed[bodies.indexOf(note)]!.endpointId).toBe(everything.id);
      const assigned = bodies.find((b) => b.type === 'query.assigned');
      expect(assigned?.data).toMatchObject({ previousAssigneeId: null, query: { id: f.queryId, assignee: { id: f.agent.id } } });
      const rating = bodies.find((b) => b.type === 'rating.created');
      expect(rating?.data).toMatchObject({ rating: { score: 5, comment: 'great' }, query: { id: f.queryId, status: 'resolved' } });
      const reopened = bodies.find((b) => b.type === 'query.reopened');
      expect(reopened?.data).toMatchObject({ query: { status: 'open' }, message: { author: { id: f.customer.id } } });
    });

    it('a refused change writes no event', async () => {
      const hook = await endpoint(WEBHOOK_EVENT_TYPES);
      await expect(f.store.appendMessage(f.msg(f.customer, { queryId: randomUUID() }))).rejects.toMatchObject({ code: 'not_found' });
      await expect(f.store.createQuery({
        id: randomUUID(), subject: 'Over', customerId: f.customer.id, createdAt: new Date().toISOString(), maxOpen: 1,
        firstMessage: { id: randomUUID(), clientId: randomUUID(), author: f.customer, body: 'over the cap' },
      })).rejects.toMatchObject({ code: 'quota_exceeded' });
      const m = f.msg(f.customer);
      await f.store.appendMessage(m);
      expect((await f.store.appendMessage(m)).duplicate).toBe(true);
      expect(await types(hook.id)).toEqual(['message.created']);
    });

    it('a claim leases due deliveries once, at most perEndpoint at a time, and only the lease holder records the attempt', async () => {
      const hook = await endpoint(['message.created']);
      for (let i = 0; i < 5; i++) await f.store.appendMessage(f.msg(f.customer));
      const first = await claimAll(f.store, FAR, 2);
      expect(first).toHaveLength(2);
      // Held: neither claimed again nor over the endpoint's limit.
      expect(await claimAll(f.store, FAR, 2)).toEqual([]);
      const [a, b] = first as [ClaimedDelivery, ClaimedDelivery];
      expect(await f.store.webhooks.finishAttempt(a.id, 'not-the-lease', status('succeeded'))).toBe(false);
      expect(await f.store.webhooks.finishAttempt(a.id, a.leaseId, status('succeeded'))).toBe(true);
      const next = await claimAll(f.store, FAR, 2);
      expect(next).toHaveLength(1);
      expect(next[0]!.id).not.toBe(b.id);
      // A lease that lapsed (its holder died) is taken again, by a new lease.
      const later = new Date(Date.parse(FAR) + 120_000).toISOString();
      const again = await claimAll(f.store, later, 10);
      expect(again.map((c) => c.id).sort()).toEqual([b.id, next[0]!.id, ...(await pendingUnleased(f.store, hook.id, [a.id, b.id, next[0]!.id]))].sort());
      expect(await f.store.webhooks.finishAttempt(b.id, b.leaseId, status('succeeded'))).toBe(false);
    });

    it('a retry waits until it is due; succeeded and failed are final; a redelivery queues one more attempt', async () => {
      const hook = await endpoint(['message.created']);
      await f.store.appendMessage(f.msg(f.customer));
      const [d] = (await claimAll(f.store, '2030-06-01T00:00:00.000Z')) as [ClaimedDelivery];
      expect(d).toMatchObject({ attempts: 0, retryUntil: null, url: 'https://hooks.example.com/parley' });
      const retryAt = '2031-01-01T00:00:00.000Z';
      await f.store.webhooks.finishAttempt(d.id, d.leaseId, { ...status('retry'), nextAttemptAt: retryAt, responseStatus: 503, responseBody: 'busy' });
      expect(await claimAll(f.store, '2030-12-31T00:00:00.000Z')).toEqual([]);
      const [list] = (await f.store.webhooks.listDeliveries(hook.id, { limit: 10 })).deliveries;
      expect(list).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: retryAt, responseStatus: 503, responseBody: 'busy' });
      const [retry] = (await claimAll(f.store, retryAt)) as [ClaimedDelivery];
      expect(retry).toMatchObject({ id: d.id, attempts: 1 });
      await f.store.webhooks.finishAttempt(d.id, retry.leaseId, { ...status('failed'), error: 'timeout' });
      expect(await claimAll(f.store)).toEqual([]);
      const redone = await f.store.webhooks.redeliver(hook.id, d.id, '2032-01-01T00:00:00.000Z');
      expect(redone).toMatchObject({ status: 'pending', attempts: 2, error: 'timeout' });
      expect(await f.store.webhooks.redeliver(randomUUID(), d.id, T0)).toBeNull();
      const [third] = (await claimAll(f.store)) as [ClaimedDelivery];
      expect(third).toMatchObject({ id: d.id, retryUntil: '2032-01-01T00:00:00.000Z' });
    });

    it('paging lists newest first; deleting an endpoint removes its deliveries; prune removes old finished ones', async () => {
      const hook = await endpoint(['message.created']);
      const kept = await endpoint(['message.created']);
      for (let i = 0; i < 5; i++) await f.store.appendMessage(f.msg(f.customer));
      const page1 = await f.store.webhooks.listDeliveries(hook.id, { limit: 3 });
      const page2 = await f.store.webhooks.listDeliveries(hook.id, { limit: 3, cursor: page1.nextCursor! });
      expect(page1.deliveries).toHaveLength(3);
      expect(page2).toMatchObject({ nextCursor: null });
      const all = [...page1.deliveries, ...page2.deliveries];
      expect(all.map((d) => d.createdAt)).toEqual(all.map((d) => d.createdAt).sort().reverse());
      expect(await f.store.webhooks.deleteEndpoint(hook.id)).toBe(true);
      expect(await f.store.webhooks.deleteEndpoint(hook.id)).toBe(false);
      expect(await f.store.webhooks.getEndpoint(hook.id)).toBeNull();
      const claimed = await claimAll(f.store);
      expect(claimed.every((c) => c.endpointId === kept.id)).toBe(true);
      for (const c of claimed.slice(0, 3)) await f.store.webhooks.finishAttempt(c.id, c.leaseId, status('succeeded'));
      expect(await f.store.webhooks.prune(FAR)).toBe(3);
      expect((await f.store.webhooks.listDeliveries(kept.id, { limit: 10 })).deliveries.map((d) => d.status)).toEqual(['pending', 'pending']);
    });

    it('endpoints keep what they were given; a patch changes only what it names', async () => {
      const hook = await endpoint(['query.created', 'rating.created'], true);
      expect(hook).toMatchObject({ events: ['query.created', 'rating.created'], includeNotes: true, active: true, createdAt: T0 });
      expect(hook.secretHint).toHaveLength(4);
      const later = '2030-02-01T00:00:00.000Z';
      const changed = await f.store.webhooks.updateEndpoint(hook.id, { events: ['query.resolved'], active: false, secret: 'whsec_new-secret-abcd' }, later);
      expect(changed).toMatchObject({ events: ['query.resolved'], includeNotes: true, active: false, secretHint: 'abcd', updatedAt: later });
      expect(await f.store.webhooks.updateEndpoint(randomUUID(), { active: true }, later)).toBeNull();
      expect((await f.store.webhooks.listEndpoints()).map((e) => e.id)).toEqual([hook.id]);
    });
  });

  describe('webhooks on two nodes', () => {
    const f = useStoreFixture(factory);
    let other: Store;
    beforeEach(async () => {
      other = await factory.sibling(f.store);
    });
    afterEach(async () => other.close());

    it('claims at the same moment never hand one delivery to both, nor exceed the per-endpoint limit together', async () => {
      const hooks = await Promise.all([0, 1, 2].map(() => f.store.webhooks.createEndpoint({
        id: randomUUID(), url: 'https://hooks.example.com/x', secret: 'whsec_0123456789abcdef', events: ['message.created'], includeNotes: false, createdAt: T0,
      })));
      for (let i = 0; i < 10; i++) await other.appendMessage(f.msg(f.customer));
      const rounds = await Promise.all([0, 1, 2, 3].map((i) => claimAll(i % 2 ? other : f.store, FAR, 3)));
      const ids = rounds.flat().map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const hook of hooks) expect(rounds.flat().filter((c) => c.endpointId === hook.id).length).toBeLessThanOrEqual(3);
      expect(ids.length).toBeGreaterThan(0);
    });
  });
}

function status(s: 'succeeded' | 'failed' | 'retry') {
  return { at: T0, status: s, responseStatus: s === 'succeeded' ? 200 : null, responseBody: null, error: null };
}

/** Ids of the endpoint's deliveries still pending, other than `except` (they are claimable once their lease lapses). */
async function pendingUnleased(store: Store, endpointId: string, except: string[]): Promise<string[]> {
  const { deliveries } = await store.webhooks.listDeliveries(endpointId, { limit: 100 });
  return deliveries.filter((d) => d.status === 'pending' && !except.includes(d.id)).map((d) => d.id);
}
