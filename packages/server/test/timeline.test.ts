/**
 * A query's timeline over the wire: every assignment, transfer, resolution and reopening reaches the query's
 * rooms live (agents: all of it, with who; customers: who joined, resolved, reopened) and comes back on every
 * join, so a reconnect or a reload shows the same history.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueryTimelineEvent, TimelineEvent } from '@parley/protocol';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, type AnySocket } from './support/sockets.js';

describe('timeline', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  it('agents hear every change with who made it; the customer hears who joined, resolved and reopened, and nothing else', async () => {
    const admin = await login(server.url);
    const maria = await createAgent(server.url, admin.token, { email: 'maria@example.test', name: 'Maria' });
    const customer = await signInVisitor(server.url, 'Cleo');
    const query = await openQuery(server.url, customer.token);
    const agentSocket = await connectAs(server.url, '/admin', admin.token);
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(agentSocket, chat);
    for (const s of [agentSocket, chat]) expect((await call(s, 'query:join', { queryId: query.id })).ok).toBe(true);
    const heard = { agent: [] as TimelineEvent[], customer: [] as TimelineEvent[] };
    agentSocket.on('query:timeline', (e: QueryTimelineEvent) => heard.agent.push(e.event));
    chat.on('query:timeline', (e: QueryTimelineEvent) => heard.customer.push(e.event));

    const step = async (run: () => Promise<unknown>, agentCount: number) => {
      const got = new Promise<void>((resolve) => {
        const check = () => (heard.agent.length >= agentCount ? resolve() : setTimeout(check, 5));
        check();
      });
      await run();
      await got;
    };
    await step(() => call(agentSocket, 'query:assign', { queryId: query.id }), 1);
    await step(() => api(server.url, 'PATCH', `/api/queries/${query.id}`, { token: admin.token, body: { assigneeId: maria.agent.id } }), 2);
    await step(() => api(server.url, 'PATCH', `/api/queries/${query.id}`, { token: maria.token, body: { assigneeId: null } }), 3);
    await step(() => call(agentSocket, 'query:resolve', { queryId: query.id }), 4);
    const reopened = next<QueryTimelineEvent>(chat, 'query:timeline', (e) => e.event.type === 'reopened');
    await step(() => call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Not fixed, sorry' }), 5);
    await reopened;

    const adminName = admin.agent.name;
    expect(heard.agent.map((e) => [e.type, e.actor?.name ?? null, e.assignee?.name ?? null, e.previousAssignee?.name ?? null])).toEqual([
      ['assigned', adminName, adminName, null],
      ['assigned', adminName, 'Maria', adminName],
      ['unassigned', 'Maria', null, 'Maria'],
      ['resolved', adminName, null, null],
      ['reopened', 'Cleo', null, null],
    ]);
    expect(heard.customer.map((e) => [e.type, e.actor?.name ?? null, e.assignee?.name ?? null, e.previousAssignee])).toEqual([
      ['assigned', null, adminName, null],
      ['assigned', null, 'Maria', null],
      ['resolved', adminName, null, null],
      ['reopened', 'Cleo', null, null],
    ]);

    // A new join (a reload, a reconnect) gets the same history, each side its own view.
    const agentJoin = await call(agentSocket, 'query:join', { queryId: query.id });
    expect(agentJoin.timeline).toEqual(heard.agent);
    const customerJoin = await call(chat, 'query:join', { queryId: query.id });
    expect(customerJoin.timeline).toEqual(heard.customer);
  });

  it('a change that changes nothing (assigning the assignee again) adds no event', async () => {
    const admin = await login(server.url);
    const customer = await signInVisitor(server.url, 'Cleo');
    const query = await openQuery(server.url, customer.token);
    const agentSocket = await connectAs(server.url, '/admin', admin.token);
    sockets.push(agentSocket);
    await call(agentSocket, 'query:join', { queryId: query.id });
    await call(agentSocket, 'query:assign', { queryId: query.id });
    await call(agentSocket, 'query:assign', { queryId: query.id });
    const join = await call(agentSocket, 'query:join', { queryId: query.id });
    expect(join.timeline.map((e: TimelineEvent) => e.type)).toEqual(['assigned']);
  });
});
