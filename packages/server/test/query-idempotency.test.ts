import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Query } from '@parley/protocol';
import { api, login, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { connectAs, next, record, type AnySocket } from './support/sockets.js';

describe('POST /api/queries with a clientId', () => {
  let server: TestServer;
  let agentSocket: AnySocket;
  beforeEach(async () => {
    server = await startTestServer();
    agentSocket = await connectAs(server.url, '/admin', (await login(server.url)).token);
  });
  afterEach(async () => {
    agentSocket.close();
    await server.dispose();
  });

  const open = (token: string, body: Record<string, unknown>) => api<{ query: Query; error: { code: string } }>(server.url, 'POST', '/api/queries', { token, body });

  /** Opens an unrelated query and waits for its announcement: anything announced before it has arrived by then. */
  async function drainAnnouncements(token: string): Promise<void> {
    const marker = next<{ query: Query }>(agentSocket, 'query:created', (e) => e.query.subject === 'marker');
    expect((await open(token, { subject: 'marker', body: 'marker' })).status).toBe(201);
    await marker;
  }

  it('a retry with the same clientId returns the stored query with 200 and announces nothing again', async () => {
    const customer = await signInVisitor(server.url, 'Ada');
    const created = record<{ query: Query }>(agentSocket, 'query:created');
    const clientId = randomUUID();

    const first = await open(customer.token, { subject: 'Late order', body: 'Order 42', clientId });
    const retry = await open(customer.token, { subject: 'Late order', body: 'Order 42', clientId });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.query.id).toBe(first.body.query.id);
    await drainAnnouncements(customer.token);
    expect(created.filter((e) => e.query.id === first.body.query.id)).toHaveLength(1);
    const mine = await api<{ queries: Query[] }>(server.url, 'GET', '/api/queries', { token: customer.token });
    expect(mine.body.queries.filter((q) => q.subject === 'Late order')).toHaveLength(1);
    const messages = await api(server.url, 'GET', `/api/queries/${first.body.query.id}/messages`, { token: customer.token });
    expect(messages.body.messages).toHaveLength(1);
  });

  it('concurrent requests with one clientId open one query', async () => {
    const customer = await signInVisitor(server.url);
    const clientId = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => open(customer.token, { subject: 'Twice', body: 'b', clientId })));
    expect(new Set(results.map((r) => r.body.query.id)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
  });

  it('returns the query as it is now, even after it moved on', async () => {
    const customer = await signInVisitor(server.url);
    const clientId = randomUUID();
    const first = await open(customer.token, { subject: 'S', body: 'b', clientId });
    const admin = await login(server.url);
    await api(server.url, 'PATCH', `/api/queries/${first.body.query.id}`, { token: admin.token, body: { status: 'resolved' } });
    const retry = await open(customer.token, { subject: 'S', body: 'b', clientId });
    expect(retry.status).toBe(200);
    expect(retry.body.query).toMatchObject({ id: first.body.query.id, status: 'resolved' });
  });

  it('the same clientId from another customer opens that customer its own query', async () => {
    const ada = await signInVisitor(server.url, 'Ada');
    const bob = await signInVisitor(server.url, 'Bob');
    const created = record<{ query: Query }>(agentSocket, 'query:created');
    const clientId = randomUUID();

    const forAda = await open(ada.token, { subject: 'S', body: 'b', clientId });
    const forBob = await open(bob.token, { subject: 'S', body: 'b', clientId });

    expect([forAda.status, forBob.status]).toEqual([201, 201]);
    expect(forBob.body.query.id).not.toBe(forAda.body.query.id);
    expect(forBob.body.query.customer.id).toBe(bob.customer.id);
    await drainAnnouncements(ada.token);
    expect(created.filter((e) => e.query.subject === 'S')).toHaveLength(2);
  });

  it('queries opened without a clientId never collide', async () => {
    const customer = await signInVisitor(server.url);
    const a = await open(customer.token, { subject: 'S', body: 'b' });
    const b = await open(customer.token, { subject: 'S', body: 'b' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.query.id).not.toBe(b.body.query.id);
  });

  it('refuses a clientId that is not a UUID', async () => {
    const customer = await signInVisitor(server.url);
    const res = await open(customer.token, { subject: 'S', body: 'b', clientId: 'draft-1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_payload');
  });
});
