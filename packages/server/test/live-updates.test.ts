/** Queue updates (immediate for state, coalesced for activity), presence, listing and PATCH. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Query } from '@parley/protocol';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, record, sleep, until, type AnySocket } from './support/sockets.js';

describe('live updates', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  it('message activity reaches the queue coalesced: one trailing query:updated with the latest state', async () => {
    const admin = await login(server.url);
    const watcher = await connectAs(server.url, '/admin', admin.token);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(watcher, chat);
    const updates = record<{ query: Query }>(watcher, 'query:updated');
    // Sent at once, so all the activity falls in one coalescing window however slow the machine is.
    const acks = await Promise.all(
      Array.from({ length: 15 }, (_, i) => call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await sleep(300);
    expect(updates).toHaveLength(0);
    await until(() => updates.length === 1, 3000, 'coalesced update');
    expect(updates[0]!.query).toMatchObject({ id: query.id, lastSeq: 16, customerReadSeq: 16 });
    expect(updates[0]!.query.lastMessage?.body).toBe('m14');
    await sleep(1200);
    expect(updates).toHaveLength(1);
  });

  it('an agent reading advances agentReadSeq and the queue hears it once, coalesced; customers do not get it', async () => {
    const admin = await login(server.url);
    const reader = await connectAs(server.url, '/admin', admin.token);
    const other = await createAgent(server.url, admin.token, { email: 'watcher@example.test', name: 'Watcher' });
    const watcher = await connectAs(server.url, '/admin', other.token);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(reader, watcher, chat);
    await call(chat, 'query:join', { queryId: query.id });
    for (let i = 0; i < 2; i += 1) await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` });
    await sleep(1300); // let the sends' own coalesced update pass
    const updates = record<{ query: Query }>(watcher, 'query:updated');
    const customerUpdates = record(chat, 'query:updated');
    await call(reader, 'query:join', { queryId: query.id });
    expect((await call(reader, 'message:read', { queryId: query.id, seq: 2 })).ok).toBe(true);
    expect((await call(reader, 'message:read', { queryId: query.id, seq: 3 })).ok).toBe(true);
    await until(() => updates.length === 1, 3000, 'coalesced read update');
    expect(updates[0]!.query).toMatchObject({ id: query.id, agentReadSeq: 3, lastSeq: 3 });
    await sleep(1200);
    expect(updates).toHaveLength(1);
    expect(customerUpdates).toHaveLength(0);
  });

  it('state changes reach the queue, the query room and the customer’s personal room at once', async () => {
    const admin = await login(server.url);
    const agentSocket = await connectAs(server.url, '/admin', admin.token);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const notJoined = await connectAs(server.url, '/chat', customer.token);
    sockets.push(agentSocket, notJoined);
    const queue = next<{ query: Query }>(agentSocket, 'query:updated', (e) => e.query.status === 'pending');
    const personal = next<{ query: Query }>(notJoined, 'query:updated', (e) => e.query.status === 'pending');
    const res = await api(server.url, 'PATCH', `/api/queries/${query.id}`, { token: admin.token, body: { status: 'pending', assigneeId: admin.agent.id } });
    expect(res.body.query).toMatchObject({ status: 'pending', assignee: { id: admin.agent.id } });
    expect((await queue).query.assignee?.id).toBe(admin.agent.id);
    expect((await personal).query.lastNoteSeq).toBe(0);
    // Nothing changed → nothing sent.
    const again = record(agentSocket, 'query:updated');
    await call(agentSocket, 'query:assign', { queryId: query.id, agentId: admin.agent.id });
    await sleep(100);
    expect(again).toHaveLength(0);
  });

  it('presence: online on first socket, away on request, offline after the last; customers of assigned queries hear it', async () => {
    const admin = await login(server.url);
    const watcher = await connectAs(server.url, '/admin', admin.token);
    sockets.push(watcher);
    const ann = await createAgent(server.url, admin.token, { email: 'ann@example.test', name: 'Ann' });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    const seen = record<{ agentId: string; status: string }>(watcher, 'presence');
    const customerSeen = record<{ agentId: string; status: string }>(chat, 'presence');

    const first = await connectAs(server.url, '/admin', ann.token);
    const second = await connectAs(server.url, '/admin', ann.token);
    await call(first, 'query:assign', { queryId: query.id });
    await call(first, 'presence:set', { status: 'away' });
    first.close();
    await sleep(100);
    second.close();
    await until(() => seen.filter((e) => e.agentId === ann.agent.id).length === 3, 3000, 'presence events');
    expect(seen.filter((e) => e.agentId === ann.agent.id).map((e) => e.status)).toEqual(['online', 'away', 'offline']);
    await until(() => customerSeen.some((e) => e.status === 'offline'), 3000, 'customer presence');
    expect(customerSeen.map((e) => e.status)).toEqual(['online', 'away', 'offline']);
  });

  it('lists queries: agents all with filters and a cursor, customers only theirs', async () => {
    const admin = await login(server.url);
    const a = await signInVisitor(server.url);
    const b = await signInVisitor(server.url);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await openQuery(server.url, a.token, `a${i}`)).id);
    const bq = await openQuery(server.url, b.token, 'b');
    await api(server.url, 'PATCH', `/api/queries/${ids[0]}`, { token: admin.token, body: { assigneeId: admin.agent.id } });
    await api(server.url, 'PATCH', `/api/queries/${ids[1]}`, { token: admin.token, body: { status: 'resolved' } });

    const page1 = await api(server.url, 'GET', '/api/queries?limit=2', { token: admin.token });
    expect(page1.body.queries).toHaveLength(2);
    const page2 = await api(server.url, 'GET', `/api/queries?limit=2&cursor=${page1.body.nextCursor}`, { token: admin.token });
    expect(page2.body.nextCursor).toBeNull();
    expect([...page1.body.queries, ...page2.body.queries].map((q: Query) => q.id).sort()).toEqual([...ids, bq.id].sort());
    const byMe = await api(server.url, 'GET', '/api/queries?assigneeId=me', { token: admin.token });
    expect(byMe.body.queries.map((q: Query) => q.id)).toEqual([ids[0]]);
    expect((await api(server.url, 'GET', '/api/queries?assigneeId=none', { token: admin.token })).body.queries).toHaveLength(3);
    expect((await api(server.url, 'GET', '/api/queries?status=resolved', { token: admin.token })).body.queries.map((q: Query) => q.id)).toEqual([ids[1]]);
    const mine = await api(server.url, 'GET', '/api/queries', { token: b.token });
    expect(mine.body.queries.map((q: Query) => q.id)).toEqual([bq.id]);
    const one = await api(server.url, 'GET', `/api/queries/${bq.id}`, { token: b.token });
    expect(one.body.query).toMatchObject({ id: bq.id, subject: 'b', lastSeq: 1 });
    expect((await api(server.url, 'GET', `/api/queries/${randomUUID()}`, { token: admin.token })).status).toBe(404);
  });
});
