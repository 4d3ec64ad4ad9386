/**
 * /api/customers: the agents' customer panel (who, first and last seen, online now, other queries), agents
 * correcting a customer, visitors editing their own details; customers' presence over /admin.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerPresenceEvent, CustomerResponse, CustomerUpdatedEvent, Query } from '@parley/protocol';
import { api, login, openQuery } from './support/http.js';
import { IDENTITY_SECRET, startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, record, type AnySocket } from './support/sockets.js';
import { signIdentityToken } from '../src/index.js';

describe('customers', () => {
  let server: TestServer | undefined;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server?.dispose();
    server = undefined;
  });

  it('shows agents the email a visitor left, and refuses customers and unknown ids', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const visitor = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Vic', email: 'vic@example.test' } });
    const query = await openQuery(server.url, visitor.body.token);
    const res = await api<CustomerResponse>(server.url, 'GET', `/api/customers/${query.customer.id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: query.customer.id, name: 'Vic', email: 'vic@example.test', externalId: null, lastSeenAt: null });
    expect(res.body.presence).toBe('offline');
    expect((await api(server.url, 'GET', `/api/customers/${query.customer.id}`, { token: visitor.body.token })).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/customers/${randomUUID()}`, { token: admin.token })).status).toBe(404);
    expect((await api(server.url, 'GET', '/api/customers/not-a-uuid', { token: admin.token })).status).toBe(400);
  });

  it('lists the customer’s queries of every status, newest first, and no one else’s', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const vic = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Vic' } });
    const other = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Other' } });
    const first = await openQuery(server.url, vic.body.token, 'First');
    await openQuery(server.url, other.body.token, 'Not hers');
    const second = await openQuery(server.url, vic.body.token, 'Second');
    expect((await api(server.url, 'PATCH', `/api/queries/${first.id}`, { token: admin.token, body: { status: 'resolved' } })).status).toBe(200);
    const { body } = await api<CustomerResponse>(server.url, 'GET', `/api/customers/${first.customer.id}`, { token: admin.token });
    expect(body.queries!.map((q: Query) => [q.subject, q.status]).sort()).toEqual([
      ['First', 'resolved'],
      ['Second', 'open'],
    ]);
    expect(body.queries!.map((q) => q.id).sort()).toEqual([first.id, second.id].sort());
    // Newest first (two created within one millisecond may come in either order).
    const times = body.queries!.map((q) => Date.parse(q.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('an agent who joined a customer’s query hears them come online and go, and the panel records when they were last seen', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const vic = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Vic' } });
    const query = await openQuery(server.url, vic.body.token);
    const agent = await connectAs(server.url, '/admin', admin.token);
    const bystander = await connectAs(server.url, '/admin', admin.token);
    sockets.push(agent, bystander);
    expect((await call(agent, 'query:join', { queryId: query.id })).ok).toBe(true);
    const heardByBystander = record<CustomerPresenceEvent>(bystander, 'customer:presence');

    const online = next<CustomerPresenceEvent>(agent, 'customer:presence');
    const chat = await connectAs(server.url, '/chat', vic.body.token);
    // A second tab of the same customer changes nothing.
    const secondTab = await connectAs(server.url, '/chat', vic.body.token);
    expect(await online).toEqual({ customerId: query.customer.id, status: 'online', at: expect.any(String) });
    const profile = await api<CustomerResponse>(server.url, 'GET', `/api/customers/${query.customer.id}`, { token: admin.token });
    expect(profile.body.presence).toBe('online');

    const offline = next<CustomerPresenceEvent>(agent, 'customer:presence');
    secondTab.close();
    chat.close();
    expect(await offline).toEqual({ customerId: query.customer.id, status: 'offline', at: expect.any(String) });
    // Written within a second (batched): poll the panel until it is there.
    let seen: CustomerResponse | undefined;
    const deadline = Date.now() + 5000;
    while (!seen?.customer.lastSeenAt && Date.now() < deadline) {
      seen = (await api<CustomerResponse>(server.url, 'GET', `/api/customers/${query.customer.id}`, { token: admin.token })).body;
      if (!seen.customer.lastSeenAt) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen?.presence).toBe('offline');
    expect(Date.parse(seen!.customer.lastSeenAt!)).toBeGreaterThan(Date.parse(query.createdAt));
    // The agent who never opened this customer's conversation was not told (the same broadcasts went out).
    expect(heardByBystander).toEqual([]);
  });

  it('agents correct a customer’s name and email: every agent hears it, the queue shows the new name, bad input is refused', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const vic = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'vic', email: 'typo@example.tset' } });
    const query = await openQuery(server.url, vic.body.token);
    const watcher = await connectAs(server.url, '/admin', admin.token);
    sockets.push(watcher);
    const updated = next<CustomerUpdatedEvent>(watcher, 'customer:updated');
    const res = await api<CustomerResponse>(server.url, 'PATCH', `/api/customers/${query.customer.id}`, {
      token: admin.token,
      body: { name: 'Victoria Lane', email: 'victoria@example.test' },
    });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ name: 'Victoria Lane', email: 'victoria@example.test' });
    expect((await updated).customer).toMatchObject({ id: query.customer.id, name: 'Victoria Lane' });
    const queue = await api<{ queries: Query[] }>(server.url, 'GET', '/api/queries', { token: admin.token });
    expect(queue.body.queries.find((q) => q.id === query.id)?.customer.name).toBe('Victoria Lane');

    // The customer's next connection carries the corrected name, though their token was signed before.
    const chat = await connectAs(server.url, '/chat', vic.body.token);
    sockets.push(chat);
    const sent = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'thanks' });
    expect(sent.message.author.name).toBe('Victoria Lane');

    const removed = await api<CustomerResponse>(server.url, 'PATCH', `/api/customers/${query.customer.id}`, { token: admin.token, body: { email: null } });
    expect(removed.body.customer.email).toBeNull();

    const path = `/api/customers/${query.customer.id}`;
    for (const body of [{}, { name: '' }, { name: '   ' }, { email: 'not an email' }, { name: 'x'.repeat(101) }, { name: 'Ok', role: 'admin' }]) {
      const refused = await api(server.url, 'PATCH', path, { token: admin.token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('invalid_payload');
    }
    expect((await api(server.url, 'PATCH', `/api/customers/${randomUUID()}`, { token: admin.token, body: { name: 'X' } })).status).toBe(404);
    expect((await api(server.url, 'PATCH', path, { token: vic.body.token, body: { name: 'Hacker' } })).status).toBe(403);
  });

  it('a visitor edits their own name and email; an identified customer is told to change them on the host site', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const vic = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Vic' } });
    const query = await openQuery(server.url, vic.body.token);
    const watcher = await connectAs(server.url, '/admin', admin.token);
    sockets.push(watcher);
    const updated = next<CustomerUpdatedEvent>(watcher, 'customer:updated');
    const before = await api<CustomerResponse>(server.url, 'GET', '/api/customers/me', { token: vic.body.token });
    expect(before.body.customer).toMatchObject({ id: query.customer.id, name: 'Vic', email: null, externalId: null });
    expect((await api(server.url, 'GET', '/api/customers/me', { token: admin.token })).status).toBe(403);
    const mine = await api<CustomerResponse>(server.url, 'PATCH', '/api/customers/me', { token: vic.body.token, body: { name: 'Vic Stone', email: 'vic@example.test' } });
    expect(mine.status).toBe(200);
    expect(mine.body.customer).toMatchObject({ id: query.customer.id, name: 'Vic Stone', email: 'vic@example.test' });
    expect((await updated).customer.name).toBe('Vic Stone');
    // The fresh token carries the new name: handed to a live socket, its next messages are signed with it.
    expect(mine.body.token).toEqual(expect.any(String));
    const chat = await connectAs(server.url, '/chat', vic.body.token);
    sockets.push(chat);
    expect((await call(chat, 'auth:renew', { token: mine.body.token })).ok).toBe(true);
    const sent = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'hello again' });
    expect(sent.message.author.name).toBe('Vic Stone');
    expect((await api(server.url, 'PATCH', '/api/customers/me', { token: vic.body.token, body: { email: 'nope' } })).status).toBe(400);
    expect((await api(server.url, 'PATCH', '/api/customers/me', { body: { name: 'Anon' } })).status).toBe(401);
    const staff = await api(server.url, 'PATCH', '/api/customers/me', { token: admin.token, body: { name: 'Admin' } });
    expect(staff.status).toBe(403);

    const identity = await signIdentityToken({ externalId: 'acct-7', name: 'Iris' }, IDENTITY_SECRET);
    const iris = await api(server.url, 'POST', '/api/auth/customer', { body: { identity } });
    expect(iris.status).toBe(201);
    const refused = await api(server.url, 'PATCH', '/api/customers/me', { token: iris.body.token, body: { name: 'Someone else' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/site you signed in on/);
  });
});
