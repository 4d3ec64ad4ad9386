import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message, Query } from '@parley/protocol';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, record, sleep, type AnySocket } from './support/sockets.js';

describe('whole flow', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  it('customer opens a query, agents see it at once, both talk, agent resolves, customer is told', async () => {
    const agent = await login(server.url);
    const agentSocket = await connectAs(server.url, '/admin', agent.token);
    sockets.push(agentSocket);
    const created = next<{ query: Query }>(agentSocket, 'query:created');

    const customer = await signInVisitor(server.url, 'Ada');
    const customerSocket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(customerSocket);
    const query = await openQuery(server.url, customer.token, 'Where is my order?', 'Order 42 is late');
    expect(query).toMatchObject({ status: 'open', lastSeq: 1, lastNoteSeq: 0, customer: { id: customer.customer.id, name: 'Ada' } });
    expect(query.waitingSince).not.toBeNull();

    const { query: announced } = await created;
    expect(announced.id).toBe(query.id);
    expect(announced.lastMessage?.body).toBe('Order 42 is late');

    const customerJoin = await call(customerSocket, 'query:join', { queryId: query.id });
    expect(customerJoin.ok).toBe(true);
    expect(customerJoin.messages.map((m: Message) => m.seq)).toEqual([1]);
    expect(customerJoin).not.toHaveProperty('notes');

    const agentJoin = await call(agentSocket, 'query:join', { queryId: query.id, afterSeq: 0 });
    expect(agentJoin).toMatchObject({ ok: true, hasMore: false, notes: [], hasMoreNotes: false });
    expect(agentJoin.messages).toHaveLength(1);

    const assign = await call(agentSocket, 'query:assign', { queryId: query.id });
    expect(assign.query.assignee).toEqual({ id: agent.agent.id, name: agent.agent.name });

    const toCustomer = next<{ message: Message }>(customerSocket, 'message:new');
    const agentEcho = record(agentSocket, 'message:new');
    const reply = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: '  Let me check  ' });
    expect(reply.ok).toBe(true);
    expect(reply.message).toMatchObject({ seq: 2, body: 'Let me check', internal: false, author: { id: agent.agent.id, role: 'admin' } });
    expect((await toCustomer).message).toEqual(reply.message);

    const toAgent = next<{ message: Message }>(agentSocket, 'message:new');
    const answer = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Thanks!' });
    expect(answer.message.seq).toBe(3);
    expect((await toAgent).message.id).toBe(answer.message.id);

    const resolvedForCustomer = next<{ query: Query }>(customerSocket, 'query:updated', (e) => e.query.status === 'resolved');
    const resolved = await call(agentSocket, 'query:resolve', { queryId: query.id });
    expect(resolved.query.status).toBe('resolved');
    const { query: seen } = await resolvedForCustomer;
    expect(seen).toMatchObject({ id: query.id, status: 'resolved', lastSeq: 3, lastNoteSeq: 0 });

    await sleep(50);
    // The sender gets its own message through the ack only.
    expect(agentEcho.filter((e) => e.message.id === reply.message.id)).toHaveLength(0);

    const history = await api(server.url, 'GET', `/api/queries/${query.id}/messages`, { token: customer.token });
    expect(history.body.messages.map((m: Message) => m.seq)).toEqual([1, 2, 3]);
  });

  it('works over HTTP long-polling too (no WebSocket)', async () => {
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const agent = await login(server.url);
    const agentSocket = await connectAs(server.url, '/admin', agent.token, { transports: ['polling'] });
    const customerSocket = await connectAs(server.url, '/chat', customer.token, { transports: ['polling'] });
    sockets.push(agentSocket, customerSocket);
    await call(agentSocket, 'query:join', { queryId: query.id });
    await call(customerSocket, 'query:join', { queryId: query.id });
    const received = next<{ message: Message }>(agentSocket, 'message:new');
    const sent = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'over polling' });
    expect(sent.message.seq).toBe(2);
    expect((await received).message.body).toBe('over polling');
  });
});
