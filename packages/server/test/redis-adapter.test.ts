/**
 * REDIS_URL selects the Redis streams adapter: a message sent through one node
 * reaches a socket on another. Two in-process nodes on one PostgreSQL database
 * of their own, with a Redis prefix of their own (the machine's Redis and
 * PostgreSQL, which .ci/run starts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Message, Query } from '@parley/protocol';
import { login, openQuery, signInVisitor } from './support/http.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { REDIS_URL } from './support/redis.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, record, sleep, type AnySocket } from './support/sockets.js';

describe('Redis adapter (REDIS_URL)', () => {
  const servers: TestServer[] = [];
  const sockets: AnySocket[] = [];
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const s of servers.reverse()) await s.dispose().catch(() => {});
    for (const d of databases) await d.drop();
  });

  /** Two nodes of one deployment: a database and a Redis prefix of their own, so concurrent test runs never cross. */
  async function twoNodes() {
    const database = await createTestDatabase('redis');
    databases.push(database);
    const redisPrefix = `parley-test-${randomUUID()}`;
    const shared = { databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix };
    const a = await startTestServer(shared);
    servers.push(a);
    const b = await startTestServer(shared);
    servers.push(b);
    return { a, b, shared };
  }

  it('broadcasts reach sockets connected to another node', async () => {
    const { a, b } = await twoNodes();

    const agent = await login(b.url);
    const agentSocket = await connectAs(b.url, '/admin', agent.token);
    sockets.push(agentSocket);
    const customer = await signInVisitor(a.url);
    const created = next<{ query: Query }>(agentSocket, 'query:created', (e) => e.query.customer.id === customer.customer.id);
    const query = await openQuery(a.url, customer.token);
    expect((await created).query.id).toBe(query.id);

    const customerSocket = await connectAs(a.url, '/chat', customer.token);
    sockets.push(customerSocket);
    await call(customerSocket, 'query:join', { queryId: query.id });
    await call(agentSocket, 'query:join', { queryId: query.id });
    const toAgent = next<{ message: Message }>(agentSocket, 'message:new');
    const sent = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'across nodes' });
    expect((await toAgent).message).toEqual(sent.message);
    const toCustomer = next<{ message: Message }>(customerSocket, 'message:new');
    const reply = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'heard you' });
    expect((await toCustomer).message.seq).toBe(reply.message.seq);
    expect(reply.message.seq).toBe(3);
  });

  it('shutting one node down tells only that node’s sockets, not the other nodes’', async () => {
    const { a, b } = await twoNodes();
    const admin = await login(b.url);
    const onA = await connectAs(a.url, '/admin', admin.token);
    const onB = await connectAs(b.url, '/admin', admin.token);
    sockets.push(onA, onB);
    const closingA = next(onA, 'server:closing');
    const seenOnB = record(onB, 'server:closing');
    await a.close();
    expect(await closingA).toEqual({ reason: 'shutdown' });
    await sleep(300);
    expect(seenOnB).toEqual([]);
    expect(onB.connected).toBe(true);
  });

  it('deployments with different REDIS_PREFIX do not see each other’s events', async () => {
    const { b } = await twoNodes();
    const otherDatabase = await createTestDatabase('redis');
    databases.push(otherDatabase);
    const other = await startTestServer({ databaseUrl: otherDatabase.url, redisUrl: REDIS_URL, redisPrefix: `parley-test-${randomUUID()}` });
    servers.push(other);
    const admin = await login(b.url);
    const watcher = await connectAs(b.url, '/admin', admin.token);
    sockets.push(watcher);
    const seen = record<{ query: Query }>(watcher, 'query:created');
    const stranger = await signInVisitor(other.url);
    await openQuery(other.url, stranger.token);
    const customer = await signInVisitor(b.url);
    const own = await openQuery(b.url, customer.token);
    await sleep(300);
    expect(seen.map((e) => e.query.id)).toEqual([own.id]);
  });
});
