/**
 * Who hears a query's coalesced message activity: the whole queue while the
 * query is unassigned, only its assignee (and agents who have it open) once
 * assigned; state changes reach every agent at once; the customer's own list
 * hears public activity. Real server, real socket.io-clients.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Query } from '@parley/protocol';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, record, sleep, until, type AnySocket } from './support/sockets.js';

/** Longer than one coalescing window (QUEUE_COALESCE_MS = 1 s) plus delivery. */
const PAST_WINDOW_MS = 1400;

type Updates = Array<{ query: Query }>;

describe('coalesced activity routing', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  /** The bootstrap admin and two agents, each with an /admin socket, plus a customer with one open query. */
  async function team() {
    const admin = await login(server.url);
    const ann = await createAgent(server.url, admin.token, { email: 'ann@example.test', name: 'Ann' });
    const bob = await createAgent(server.url, admin.token, { email: 'bob@example.test', name: 'Bob' });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const [adminSocket, annSocket, bobSocket, chat] = await Promise.all([
      connectAs(server.url, '/admin', admin.token),
      connectAs(server.url, '/admin', ann.token),
      connectAs(server.url, '/admin', bob.token),
      connectAs(server.url, '/chat', customer.token),
    ]);
    sockets.push(adminSocket, annSocket, bobSocket, chat);
    // Let query creation's own traffic pass before anyone records.
    await sleep(50);
    return { admin, ann, bob, customer, query, adminSocket, annSocket, bobSocket, chat };
  }

  const send = (socket: AnySocket, queryId: string, body: string, internal?: boolean) =>
    call(socket, 'message:send', { queryId, clientId: randomUUID(), body, ...(internal ? { internal } : {}) });

  const forQuery = (updates: Updates, id: string, lastSeq: number) => updates.filter((u) => u.query.id === id && u.query.lastSeq === lastSeq);

  it('an unassigned query’s activity reaches every agent, coalesced, with the latest state', async () => {
    const t = await team();
    const heard = [t.adminSocket, t.annSocket, t.bobSocket].map((s) => record<{ query: Query }>(s, 'query:updated'));
    for (let i = 0; i < 3; i += 1) expect((await send(t.chat, t.query.id, `m${i}`)).ok).toBe(true);
    await until(() => heard.every((h) => forQuery(h, t.query.id, 4).length === 1), 3000, 'every agent hears the activity');
    for (const h of heard) {
      expect(h).toHaveLength(1);
      expect(h[0]!.query).toMatchObject({ assignee: null, lastSeq: 4, lastMessage: { seq: 4, body: 'm2' } });
    }
  });

  it('an assigned query’s activity reaches its assignee and not the other agents', async () => {
    const t = await team();
    expect((await call(t.annSocket, 'query:assign', { queryId: t.query.id })).ok).toBe(true);
    await sleep(PAST_WINDOW_MS); // the assignment's own update has gone out
    const toAdmin = record<{ query: Query }>(t.adminSocket, 'query:updated');
    const toAnn = record<{ query: Query }>(t.annSocket, 'query:updated');
    const toBob = record<{ query: Query }>(t.bobSocket, 'query:updated');
    const annAlt = await connectAs(server.url, '/admin', t.ann.token); // a second tab of the assignee
    sockets.push(annAlt);
    const toAnnAlt = record<{ query: Query }>(annAlt, 'query:updated');

    for (let i = 0; i < 3; i += 1) expect((await send(t.chat, t.query.id, `m${i}`)).ok).toBe(true);
    await until(() => forQuery(toAnn, t.query.id, 4).length === 1, 3000, 'the assignee hears the activity');
    await until(() => toAnnAlt.length === 1, 3000, 'the assignee’s other socket hears it too');
    expect(toAnn[0]!.query).toMatchObject({ assignee: { id: t.ann.agent.id }, lastSeq: 4, waitingSince: expect.any(String) });
    await sleep(PAST_WINDOW_MS);
    expect(toAdmin).toEqual([]);
    expect(toBob).toEqual([]);
    expect(toAnn).toHaveLength(1);
  });

  it('an agent who has an assigned query open hears its activity too', async () => {
    const t = await team();
    await call(t.annSocket, 'query:assign', { queryId: t.query.id });
    expect((await call(t.bobSocket, 'query:join', { queryId: t.query.id })).ok).toBe(true);
    await sleep(PAST_WINDOW_MS);
    const toAdmin = record<{ query: Query }>(t.adminSocket, 'query:updated');
    const toBob = record<{ query: Query }>(t.bobSocket, 'query:updated');
    expect((await send(t.annSocket, t.query.id, 'on it')).ok).toBe(true);
    await until(() => forQuery(toBob, t.query.id, 2).length === 1, 3000, 'the watching agent hears the activity');
    expect(toBob[0]!.query.lastMessage).toMatchObject({ body: 'on it', author: { id: t.ann.agent.id } });
    await sleep(300);
    expect(toAdmin).toEqual([]);
  });

  it('state changes reach every agent at once, assigned or not', async () => {
    const t = await team();
    const agents = [t.adminSocket, t.annSocket, t.bobSocket];
    const assigned = agents.map((s) => next<{ query: Query }>(s, 'query:updated', (e) => e.query.assignee?.id === t.ann.agent.id, 800));
    await call(t.annSocket, 'query:assign', { queryId: t.query.id });
    for (const e of await Promise.all(assigned)) expect(e.query).toMatchObject({ id: t.query.id, assignee: { id: t.ann.agent.id } });

    const resolved = agents.map((s) => next<{ query: Query }>(s, 'query:updated', (e) => e.query.status === 'resolved', 800));
    expect((await call(t.annSocket, 'query:resolve', { queryId: t.query.id })).ok).toBe(true);
    await Promise.all(resolved);

    // A customer writing to a resolved query reopens it: a state change, so everyone hears it at once.
    const reopened = agents.map((s) => next<{ query: Query }>(s, 'query:updated', (e) => e.query.status === 'open', 800));
    expect((await send(t.chat, t.query.id, 'still broken')).ok).toBe(true);
    await Promise.all(reopened);

    // Unassigning hands the activity back to the whole queue.
    const res = await api(server.url, 'PATCH', `/api/queries/${t.query.id}`, { token: t.admin.token, body: { assigneeId: null } });
    expect(res.status).toBe(200);
    await sleep(PAST_WINDOW_MS);
    const toBob = record<{ query: Query }>(t.bobSocket, 'query:updated');
    expect((await send(t.chat, t.query.id, 'anyone?')).ok).toBe(true);
    await until(() => forQuery(toBob, t.query.id, 3).length === 1, 3000, 'the queue hears an unassigned query again');
  });

  it('the customer’s list hears public activity (customer view), not internal notes', async () => {
    const t = await team();
    await call(t.annSocket, 'query:assign', { queryId: t.query.id });
    await sleep(PAST_WINDOW_MS);
    // The customer's socket has not joined the query: only its personal room can carry this.
    const toCustomer = record<{ query: Query }>(t.chat, 'query:updated');
    expect((await send(t.annSocket, t.query.id, 'note to self', true)).ok).toBe(true);
    await sleep(PAST_WINDOW_MS);
    expect(toCustomer).toEqual([]);

    expect((await send(t.annSocket, t.query.id, 'we are on it')).ok).toBe(true);
    await until(() => toCustomer.length === 1, 3000, 'the customer hears the reply in their list');
    expect(toCustomer[0]!.query).toMatchObject({ id: t.query.id, lastSeq: 2, lastNoteSeq: 0, waitingSince: null, lastMessage: { body: 'we are on it' } });
    await sleep(PAST_WINDOW_MS);
    expect(toCustomer).toHaveLength(1);
  });
});
