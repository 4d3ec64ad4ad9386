/** GET /api/search: agents find queries and messages of every status (notes too); customers only their own. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchResponse } from '@parley/protocol';
import { SEARCHES_PER_MINUTE } from '../src/search/search-service.js';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, type AnySocket } from './support/sockets.js';

describe('search', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  const search = (token: string, q: string, more = '') =>
    api<SearchResponse>(server.url, 'GET', `/api/search?q=${encodeURIComponent(q)}${more}`, { token });

  it("a user's searches past the minute's limit are refused with when to try again; another user's are not", async () => {
    const admin = await login(server.url);
    const visitor = await signInVisitor(server.url, 'Sam');
    const answers = [];
    for (let i = 0; i < SEARCHES_PER_MINUTE; i++) answers.push((await search(visitor.token, `parcel${i}`)).status);
    expect(answers.every((status) => status === 200)).toBe(true);
    const refused = await api(server.url, 'GET', '/api/search?q=parcel', { token: visitor.token });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
    expect(refused.body.error.retryAfterMs).toBeGreaterThan(0);
    expect((await search(admin.token, 'parcel')).status).toBe(200);
  });

  it('an agent finds a resolved query’s message and note by their words, with the matches marked, and queries by customer name', async () => {
    const admin = await login(server.url);
    const grace = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Grace Hopper', email: 'grace@navy.example' } });
    const query = await openQuery(server.url, grace.body.token, 'Compiler', 'My compiler crashed on line 42');
    const agent = await connectAs(server.url, '/admin', admin.token);
    sockets.push(agent);
    await call(agent, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Looks like the optimizer; checking', internal: true });
    await api(server.url, 'PATCH', `/api/queries/${query.id}`, { token: admin.token, body: { status: 'resolved' } });

    const found = await search(admin.token, 'Compiler CRASH');
    expect(found.status).toBe(200);
    expect(found.body.messages).toHaveLength(1);
    const hit = found.body.messages[0]!;
    expect(hit.query).toMatchObject({ id: query.id, status: 'resolved' });
    expect(hit.message.seq).toBe(1);
    expect(hit.snippet.matches.map(([s, e]) => hit.snippet.text.slice(s, e))).toEqual(['compiler', 'crashed']);
    expect((await search(admin.token, 'optimizer')).body.messages.map((m) => m.message.internal)).toEqual([true]);
    expect((await search(admin.token, 'grace hopper')).body.queries.map((q) => q.id)).toEqual([query.id]);
    expect((await search(admin.token, 'navy.example')).body.queries.map((q) => q.id)).toEqual([query.id]);
    expect((await search(admin.token, query.id.slice(0, 8))).body.queries.map((q) => q.id)).toEqual([query.id]);
  });

  it('a customer finds only their own public messages, never a note', async () => {
    const admin = await login(server.url);
    const mine = await signInVisitor(server.url, 'Mia');
    const other = await signInVisitor(server.url, 'Oto');
    const myQuery = await openQuery(server.url, mine.token, 'Refund', 'refund for order 7');
    await openQuery(server.url, other.token, 'Refund too', 'refund for order 8');
    const agent = await connectAs(server.url, '/admin', admin.token);
    sockets.push(agent);
    await call(agent, 'message:send', { queryId: myQuery.id, clientId: randomUUID(), body: 'refund abuse? check', internal: true });
    const found = await search(mine.token, 'refund');
    expect(found.body.messages.map((m) => m.message.body)).toEqual(['refund for order 7']);
    expect(found.body.queries.map((q) => q.id)).toEqual([myQuery.id]);
    expect(found.body.messages[0]!.query.lastNoteSeq).toBe(0);
  });

  it('pages with the cursor, and refuses what it cannot search with a reason', async () => {
    const admin = await login(server.url);
    const customer = await signInVisitor(server.url, 'Pat');
    const query = await openQuery(server.url, customer.token, 'Many', 'widget one');
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(chat);
    for (let i = 2; i <= 5; i++) await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `widget ${i}` });
    const first = await search(admin.token, 'widget', '&limit=3');
    const second = await search(admin.token, 'widget', `&limit=3&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect([...first.body.messages, ...second.body.messages].map((m) => m.message.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.queries).toEqual([]);
    for (const bad of ['', '?!', 'x'.repeat(201)]) {
      const refused = await search(admin.token, bad);
      expect(refused.status, bad).toBe(400);
      expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('invalid_payload');
    }
    expect((await search(admin.token, 'widget', '&limit=500')).status).toBe(400);
    expect((await search(admin.token, 'widget', '&cursor=garbage')).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/search?q=widget')).status).toBe(401);
  });
});
