/**
 * Workspace settings (GET/PATCH /api/settings) and the one they hold today: an agent's reply to an unassigned
 * query assigns it to them, in the reply's own commit, so two agents never answer the same customer unaware.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Query, SettingsResponse } from '@parley/protocol';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, type AnySocket } from './support/sockets.js';

describe('reply assigns', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  async function setUp() {
    const admin = await login(server.url);
    const bo = await createAgent(server.url, admin.token, { email: `bo-${randomUUID()}@example.test`, name: 'Bo' });
    const customer = await signInVisitor(server.url, 'Cleo');
    const query = await openQuery(server.url, customer.token);
    const adminSocket = await connectAs(server.url, '/admin', admin.token);
    const boSocket = await connectAs(server.url, '/admin', bo.token);
    sockets.push(adminSocket, boSocket);
    return { admin, bo, customer, query, adminSocket, boSocket };
  }

  it('on by default: the first agent to reply takes the query, everyone hears it, and a colleague replying at the same moment does not', async () => {
    const { admin, bo, query, adminSocket, boSocket } = await setUp();
    expect((await api<SettingsResponse>(server.url, 'GET', '/api/settings', { token: admin.token })).body.settings).toEqual({ replyAssigns: true });
    const heard = next<{ query: Query }>(boSocket, 'query:updated', (e) => e.query.id === query.id && e.query.assignee !== null);
    const [first, second] = await Promise.all([
      call(adminSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'I can help' }),
      call(boSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Me too' }),
    ]);
    expect(first.ok && second.ok).toBe(true);
    const assignee = (await heard).query.assignee!;
    expect([admin.agent.id, bo.agent.id]).toContain(assignee.id);
    const stored = await api<{ query: Query }>(server.url, 'GET', `/api/queries/${query.id}`, { token: admin.token });
    expect(stored.body.query.assignee).toEqual(assignee);
    // One assignment in the timeline, by the replier.
    const join = await call(adminSocket, 'query:join', { queryId: query.id });
    expect(join.timeline.map((e: { type: string; actor: { id: string } }) => [e.type, e.actor.id])).toEqual([['assigned', assignee.id]]);
  });

  it('a customer who joins after a reply took the query is told at once whether its agent is online', async () => {
    const { admin, customer, query, adminSocket } = await setUp();
    await call(adminSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'I can help' });
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(chat);
    const presence = next<{ agentId: string; status: string }>(chat, 'presence');
    expect((await call(chat, 'query:join', { queryId: query.id })).ok).toBe(true);
    expect(await presence).toEqual({ agentId: admin.agent.id, status: 'online' });
  });

  it('an internal note does not take the query, and with the setting off no reply does', async () => {
    const { admin, query, adminSocket } = await setUp();
    await call(adminSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'note to self', internal: true });
    expect((await api<{ query: Query }>(server.url, 'GET', `/api/queries/${query.id}`, { token: admin.token })).body.query.assignee).toBeNull();

    const changed = next<SettingsResponse>(adminSocket, 'settings:updated');
    const off = await api<SettingsResponse>(server.url, 'PATCH', '/api/settings', { token: admin.token, body: { replyAssigns: false } });
    expect(off.body.settings).toEqual({ replyAssigns: false });
    expect((await changed).settings).toEqual({ replyAssigns: false });
    await call(adminSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'a reply' });
    expect((await api<{ query: Query }>(server.url, 'GET', `/api/queries/${query.id}`, { token: admin.token })).body.query.assignee).toBeNull();
  });

  it('only admins change settings, with a clear refusal for bad input; every agent reads them', async () => {
    const { admin, bo, customer } = await setUp();
    expect((await api(server.url, 'GET', '/api/settings', { token: bo.token })).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/settings', { token: customer.token })).status).toBe(403);
    expect((await api(server.url, 'PATCH', '/api/settings', { token: bo.token, body: { replyAssigns: false } })).status).toBe(403);
    for (const body of [{}, { replyAssigns: 'no' }, { somethingElse: true }]) {
      const refused = await api(server.url, 'PATCH', '/api/settings', { token: admin.token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('invalid_payload');
    }
  });
});
