/**
 * REDIS_URL selects the Redis streams adapter: a message sent through one node
 * reaches a socket on another. (Both nodes share one SQLite DATA_DIR here only
 * to have one store; the multi-node store is PostgreSQL, a later issue.)
 * Skipped when no Redis answers on 127.0.0.1:6379 — .ci/run starts one.
 */
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Message, Query } from '@parley/protocol';
import { login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, tempDataDir, type TestServer } from './support/server.js';
import { call, connectAs, next, type AnySocket } from './support/sockets.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const redisUp = await new Promise<boolean>((resolve) => {
  const url = new URL(REDIS_URL);
  const socket = createConnection({ host: url.hostname, port: Number(url.port || 6379) });
  socket.once('connect', () => (socket.end(), resolve(true)));
  socket.once('error', () => resolve(false));
});

describe.skipIf(!redisUp)('Redis adapter (REDIS_URL)', () => {
  const servers: TestServer[] = [];
  const sockets: AnySocket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const s of servers.reverse()) await s.dispose().catch(() => {});
  });

  it('broadcasts reach sockets connected to another node', async () => {
    const dataDir = tempDataDir();
    const a = await startTestServer({ dataDir, redisUrl: REDIS_URL });
    servers.push(a);
    const b = await startTestServer({ dataDir, redisUrl: REDIS_URL });
    servers.push(b);

    const agent = await login(b.url);
    const agentSocket = await connectAs(b.url, '/admin', agent.token);
    sockets.push(agentSocket);
    const created = next<{ query: Query }>(agentSocket, 'query:created');
    const customer = await signInVisitor(a.url);
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
});
