/** /api/canned-replies: agents read the team's replies, admins manage them; persisted in the store. */
import { randomUUID } from 'node:crypto';
import type { CannedReply } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { api, createAgent, login, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';

const ROUTE = '/api/canned-replies';

describe('canned replies', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  async function setUp() {
    server = await startTestServer();
    const admin = await login(server.url);
    const agent = await createAgent(server.url, admin.token, { email: 'agent@example.test', name: 'Agent' });
    return { url: server.url, admin: admin.token, agent: agent.token };
  }

  async function create(url: string, token: string, body: object) {
    return api<{ cannedReply: CannedReply }>(url, 'POST', ROUTE, { token, body });
  }

  it('admins create replies that every agent then lists, ordered by shortcut', async () => {
    const { url, admin, agent } = await setUp();
    const refund = await create(url, admin, { shortcut: 'refund', title: 'Refund policy', body: '  Refunds take 5 days.  ' });
    expect(refund.status).toBe(201);
    expect(refund.body.cannedReply).toMatchObject({ shortcut: 'refund', title: 'Refund policy', body: 'Refunds take 5 days.' });
    expect(refund.body.cannedReply.createdAt).toBe(refund.body.cannedReply.updatedAt);
    await create(url, admin, { shortcut: 'hello', title: 'Greeting', body: 'Hi! How can I help?' });

    const listed = await api<{ cannedReplies: CannedReply[] }>(url, 'GET', ROUTE, { token: agent });
    expect(listed.status).toBe(200);
    expect(listed.body.cannedReplies.map((r) => r.shortcut)).toEqual(['hello', 'refund']);
  });

  it('refuses customers, unauthenticated callers, and agents who try to change anything', async () => {
    const { url, admin, agent } = await setUp();
    const visitor = await signInVisitor(url, 'Vera');
    const reply = (await create(url, admin, { shortcut: 'hi', title: 'Hi', body: 'Hello!' })).body.cannedReply;

    expect((await api(url, 'GET', ROUTE)).status).toBe(401);
    expect((await api(url, 'GET', ROUTE, { token: visitor.token })).body.error.code).toBe('forbidden');
    const byAgent = [
      await create(url, agent, { shortcut: 'x', title: 'X', body: 'x' }),
      await api(url, 'PATCH', `${ROUTE}/${reply.id}`, { token: agent, body: { title: 'Changed' } }),
      await api(url, 'DELETE', `${ROUTE}/${reply.id}`, { token: agent }),
    ];
    for (const res of byAgent) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const listed = await api<{ cannedReplies: CannedReply[] }>(url, 'GET', ROUTE, { token: admin });
    expect(listed.body.cannedReplies).toEqual([reply]);
  });

  it('rejects bad input with invalid_payload and stores nothing', async () => {
    const { url, admin } = await setUp();
    const bad: object[] = [
      { shortcut: 'Refund!', title: 'Refund', body: 'x' },
      { shortcut: 'refund', title: '', body: 'x' },
      { shortcut: 'refund', title: 'Refund', body: '   ' },
      { shortcut: 'refund', title: 'Refund', body: 'x'.repeat(4001) },
      { shortcut: 'refund', title: 'Refund', body: 'x', extra: true },
    ];
    for (const body of bad) {
      const res = await create(url, admin, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect((res.body as any).error.code).toBe('invalid_payload');
    }
    expect((await api(url, 'PATCH', `${ROUTE}/not-a-uuid`, { token: admin, body: { title: 'x' } })).status).toBe(400);
    const emptyPatch = await create(url, admin, { shortcut: 'ok', title: 'Ok', body: 'ok' });
    const noChange = await api(url, 'PATCH', `${ROUTE}/${emptyPatch.body.cannedReply.id}`, { token: admin, body: {} });
    expect(noChange.body.error.code).toBe('invalid_payload');
    const listed = await api<{ cannedReplies: CannedReply[] }>(url, 'GET', ROUTE, { token: admin });
    expect(listed.body.cannedReplies.map((r) => r.shortcut)).toEqual(['ok']);
  });

  it('keeps shortcuts unique on create and on update (409 conflict)', async () => {
    const { url, admin } = await setUp();
    await create(url, admin, { shortcut: 'refund', title: 'Refund', body: 'a' });
    const other = (await create(url, admin, { shortcut: 'ship', title: 'Shipping', body: 'b' })).body.cannedReply;

    const duplicate = await create(url, admin, { shortcut: 'refund', title: 'Again', body: 'c' });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as any).error.code).toBe('conflict');
    const renamed = await api(url, 'PATCH', `${ROUTE}/${other.id}`, { token: admin, body: { shortcut: 'refund' } });
    expect(renamed.status).toBe(409);
    // Keeping one's own shortcut is not a collision.
    const same = await api(url, 'PATCH', `${ROUTE}/${other.id}`, { token: admin, body: { shortcut: 'ship', title: 'Shipping times' } });
    expect(same.status).toBe(200);
  });

  it('updates fields and updatedAt, deletes, and answers not_found for unknown ids', async () => {
    const { url, admin } = await setUp();
    const created = (await create(url, admin, { shortcut: 'refund', title: 'Refund', body: 'Old text' })).body.cannedReply;
    await new Promise((r) => setTimeout(r, 5));
    const updated = await api<{ cannedReply: CannedReply }>(url, 'PATCH', `${ROUTE}/${created.id}`, {
      token: admin,
      body: { body: 'New text' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.cannedReply).toMatchObject({ id: created.id, shortcut: 'refund', title: 'Refund', body: 'New text' });
    expect(updated.body.cannedReply.createdAt).toBe(created.createdAt);
    expect(updated.body.cannedReply.updatedAt > created.updatedAt).toBe(true);

    const unknown = randomUUID();
    expect((await api(url, 'PATCH', `${ROUTE}/${unknown}`, { token: admin, body: { title: 'x' } })).status).toBe(404);
    expect((await api(url, 'DELETE', `${ROUTE}/${unknown}`, { token: admin })).status).toBe(404);

    const deleted = await api(url, 'DELETE', `${ROUTE}/${created.id}`, { token: admin });
    expect(deleted.status).toBe(204);
    expect((await api(url, 'DELETE', `${ROUTE}/${created.id}`, { token: admin })).status).toBe(404);
    expect((await api(url, 'GET', ROUTE, { token: admin })).body.cannedReplies).toEqual([]);
  });

  it('survives a restart on the same data directory', async () => {
    const { url, admin } = await setUp();
    const created = (await create(url, admin, { shortcut: 'hello', title: 'Greeting', body: 'Hi!' })).body.cannedReply;
    // Same port is not needed here: only the data directory carries over.
    const dataDir = server!.dataDir;
    await server!.close();
    server = await startTestServer({ dataDir });
    const token = (await login(server.url)).token;
    const listed = await api<{ cannedReplies: CannedReply[] }>(server.url, 'GET', ROUTE, { token });
    expect(listed.body.cannedReplies).toEqual([created]);
  });
});
