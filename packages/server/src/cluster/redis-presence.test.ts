/**
 * Presence across nodes, against the machine's Redis under a prefix of the
 * test's own: two RedisPresence objects are two nodes. Beats are driven by
 * hand, and a node's death is its deadline moved into the past, so nothing
 * waits on a clock.
 */
import { randomUUID } from 'node:crypto';
import type { PresenceStatus } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dropRedisPrefix, REDIS_URL } from '../../test/support/redis.js';
import { DomainEvents } from '../domain/domain-events.js';
import { RedisPresence } from './redis-presence.js';

const silent = { warn: () => {} };

describe('RedisPresence', () => {
  let redis: Redis;
  let prefix: string;
  let changes: Array<[string, PresenceStatus]>;
  let events: DomainEvents;
  const node = (nodeId: string) => new RedisPresence({ redis, prefix, heartbeatMs: 1000, events, log: silent, nodeId });

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(() => redis.disconnect());
  // A prefix and an event log per test.
  beforeEach(() => {
    prefix = `parley-test-${randomUUID()}`;
    events = new DomainEvents();
    changes = [];
    events.on('presence:changed', ({ agentId, status }) => changes.push([agentId, status]));
  });
  afterEach(async () => dropRedisPrefix(prefix));

  it('an agent is online from their first socket on any node to their last, announced once each way', async () => {
    const [a, b] = [node('a'), node('b')];
    await a.connected('ann');
    await b.connected('ann');
    await a.connected('ann');
    expect(changes).toEqual([['ann', 'online']]);
    expect(await b.status('ann')).toBe('online');
    await a.disconnected('ann');
    await a.disconnected('ann');
    expect(changes).toEqual([['ann', 'online']]);
    await b.disconnected('ann');
    expect(changes).toEqual([['ann', 'online'], ['ann', 'offline']]);
    expect(await a.statuses(['ann', 'bob'])).toEqual(new Map([['ann', 'offline'], ['bob', 'offline']]));
  });

  it('customers are counted apart from agents (their own keys) and announced as customer presence', async () => {
    const customers: Array<[string, string]> = [];
    events.on('customer-presence:changed', ({ customerId, status }) => customers.push([customerId, status]));
    const agentsOfA = node('a');
    const customersOfA = new RedisPresence({ redis, prefix, heartbeatMs: 1000, events, log: silent, nodeId: 'a', subject: 'customer' });
    const customersOfB = new RedisPresence({ redis, prefix, heartbeatMs: 1000, events, log: silent, nodeId: 'b', subject: 'customer' });
    await customersOfA.connected('same-id');
    await customersOfB.connected('same-id');
    expect(await agentsOfA.status('same-id')).toBe('offline');
    expect(await customersOfB.status('same-id')).toBe('online');
    // A beat of the agents' tracker of the same node leaves the customers' entries alone.
    await agentsOfA.beat();
    await customersOfA.disconnected('same-id');
    await customersOfB.disconnected('same-id');
    expect(customers).toEqual([['same-id', 'online'], ['same-id', 'offline']]);
    expect(changes).toEqual([]);
  });

  it('away is shared by every node, only while the agent is connected, and forgotten when they go offline', async () => {
    const [a, b] = [node('a'), node('b')];
    await a.set('ann', 'away');
    expect(changes).toEqual([]);
    await a.connected('ann');
    await b.set('ann', 'away');
    await b.set('ann', 'away');
    expect(await a.status('ann')).toBe('away');
    await a.disconnected('ann');
    await b.connected('ann');
    expect(await a.status('ann')).toBe('online');
    expect(changes).toEqual([['ann', 'online'], ['ann', 'away'], ['ann', 'offline'], ['ann', 'online']]);
  });

  it('a node that stops beating is reaped by the next beat of another: its agents go offline unless another node has them', async () => {
    const [a, b] = [node('a'), node('b')];
    await a.beat();
    await b.beat();
    await a.connected('ann');
    await a.connected('cid');
    await b.connected('cid');
    // Node a dies: its deadline passes.
    await redis.zadd(`${prefix}:presence:nodes`, 0, 'a');
    changes.length = 0;
    await b.beat();
    expect(changes).toEqual([['ann', 'offline']]);
    expect(await b.statuses(['ann', 'cid'])).toEqual(new Map([['ann', 'offline'], ['cid', 'online']]));
    // Reaped once: the next beat finds nothing more to do.
    await b.beat();
    expect(changes).toEqual([['ann', 'offline']]);
  });

  it('a node whose entries Redis lost (a restart) puts them back on its next beat, and its agents are online again', async () => {
    const a = node('a');
    await a.connected('ann');
    await dropRedisPrefix(prefix);
    expect(await a.status('ann')).toBe('offline');
    changes.length = 0;
    await a.beat();
    expect(changes).toEqual([['ann', 'online']]);
    expect(await node('b').status('ann')).toBe('online');
  });

  it('leaving (a node shutting down) announces its agents offline, and its sockets closing afterwards change nothing', async () => {
    const [a, b] = [node('a'), node('b')];
    await a.connected('ann');
    await a.connected('cid');
    await b.connected('cid');
    changes.length = 0;
    await a.close();
    expect(changes).toEqual([['ann', 'offline']]);
    await a.disconnected('ann');
    expect(changes).toEqual([['ann', 'offline']]);
    expect(await b.status('cid')).toBe('online');
  });
});
