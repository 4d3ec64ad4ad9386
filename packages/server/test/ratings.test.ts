/** POST /api/queries/:id/rating: the query's own customer rates it once resolved; agents hear it live. */
import { randomUUID } from 'node:crypto';
import type { Query } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, type AnySocket } from './support/sockets.js';

describe('ratings', () => {
  let server: TestServer | undefined;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server?.dispose();
    server = undefined;
  });

  async function setUp() {
    server = await startTestServer();
    const customer = await signInVisitor(server.url, 'Ada');
    const agent = await login(server.url);
    const query = await openQuery(server.url, customer.token, 'Refund', 'Please refund order 7.');
    const rate = (token: string | undefined, body: unknown, id = query.id) =>
      api<{ query: Query }>(server!.url, 'POST', `/api/queries/${id}/rating`, { token, body });
    const resolve = () => api(server!.url, 'PATCH', `/api/queries/${query.id}`, { token: agent.token, body: { status: 'resolved' } });
    return { url: server.url, customer, agent, query, rate, resolve };
  }

  it('refuses a rating while the query is not resolved', async () => {
    const { customer, rate } = await setUp();
    const res = await rate(customer.token, { score: 5 });
    expect(res.status).toBe(409);
    expect((res.body as any).error.code).toBe('conflict');
  });

  it('stores the customer rating of a resolved query and tells the agents with query:updated', async () => {
    const { url, customer, agent, query, rate, resolve } = await setUp();
    const admin = await connectAs(url, '/admin', agent.token);
    sockets.push(admin);
    await resolve();
    const heard = next<{ query: Query }>(admin, 'query:updated', (e) => e.query.id === query.id && e.query.rating !== null);
    const res = await rate(customer.token, { score: 4, comment: '  Quick and kind.  ' });
    expect(res.status).toBe(200);
    expect(res.body.query.rating).toMatchObject({ score: 4, comment: 'Quick and kind.' });
    expect((await heard).query.rating).toMatchObject({ score: 4, comment: 'Quick and kind.' });
    const seen = await api<{ query: Query }>(url, 'GET', `/api/queries/${query.id}`, { token: agent.token });
    expect(seen.body.query.rating).toMatchObject({ score: 4, comment: 'Quick and kind.' });
    // A later rating replaces the first; the comment is optional.
    const again = await rate(customer.token, { score: 5 });
    expect(again.body.query.rating).toMatchObject({ score: 5, comment: null });
  });

  it('tells the customer socket in the query room too', async () => {
    const { url, customer, query, rate, resolve } = await setUp();
    const chat = await connectAs(url, '/chat', customer.token);
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    await resolve();
    const heard = next<{ query: Query }>(chat, 'query:updated', (e) => e.query.rating !== null);
    await rate(customer.token, { score: 2 });
    expect((await heard).query.rating?.score).toBe(2);
  });

  it('lets only the query own customer rate: agents and other customers are forbidden', async () => {
    const { url, agent, query, rate, resolve } = await setUp();
    await resolve();
    const other = await signInVisitor(url, 'Eve');
    for (const token of [agent.token, other.token]) {
      const res = await rate(token, { score: 1 });
      expect(res.status).toBe(403);
      expect((res.body as any).error.code).toBe('forbidden');
    }
    expect((await rate(undefined, { score: 1 })).status).toBe(401);
    const seen = await api<{ query: Query }>(url, 'GET', `/api/queries/${query.id}`, { token: agent.token });
    expect(seen.body.query.rating).toBeNull();
  });

  it('rejects scores outside 1–5, unknown fields and unknown queries, changing nothing', async () => {
    const { url, customer, agent, query, rate, resolve } = await setUp();
    await resolve();
    for (const body of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '4' }, {}, { score: 4, stars: 4 }, { score: 4, comment: 'x'.repeat(2001) }]) {
      const res = await rate(customer.token, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect((res.body as any).error.code).toBe('invalid_payload');
    }
    expect((await rate(customer.token, { score: 3 }, randomUUID())).status).toBe(404);
    const seen = await api<{ query: Query }>(url, 'GET', `/api/queries/${query.id}`, { token: agent.token });
    expect(seen.body.query.rating).toBeNull();
  });

  it('forgets the rating of an earlier resolution when the customer reopens by writing again', async () => {
    const { url, customer, agent, query, rate, resolve } = await setUp();
    await resolve();
    expect((await rate(customer.token, { score: 2 })).status).toBe(200);
    const chat = await connectAs(url, '/chat', customer.token);
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    const ack = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'It broke again' });
    expect(ack.ok).toBe(true);
    const reopened = await api<{ query: Query }>(url, 'GET', `/api/queries/${query.id}`, { token: agent.token });
    expect(reopened.body.query.status).toBe('open');
    expect(reopened.body.query.rating).toBeNull();
    // Open again: no rating until the next resolution, which is then rated afresh.
    expect((await rate(customer.token, { score: 5 })).status).toBe(409);
    await resolve();
    const fresh = await rate(customer.token, { score: 5 });
    expect(fresh.body.query.rating).toMatchObject({ score: 5 });
  });
});
