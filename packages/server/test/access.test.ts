/** Who may do what: another customer's query is forbidden everywhere; every handshake refusal has its code. */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts, tableSnapshot } from './support/database.js';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connect, connectAs, next, type AnySocket } from './support/sockets.js';
import { rs256HeaderToken, signTestToken, unsignedToken } from './support/tokens.js';

let server: TestServer;
let owner: Awaited<ReturnType<typeof signInVisitor>>;
let intruder: Awaited<ReturnType<typeof signInVisitor>>;
let admin: Awaited<ReturnType<typeof login>>;
let queryId: string;
const sockets: AnySocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await login(server.url);
  owner = await signInVisitor(server.url, 'Owner');
  intruder = await signInVisitor(server.url, 'Intruder');
  queryId = (await openQuery(server.url, owner.token)).id;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.dispose();
});

describe('another customer’s query is forbidden', () => {
  it('on every REST route', async () => {
    const before = tableSnapshot(server.dataDir);
    const t = intruder.token;
    const cases = [
      await api(server.url, 'GET', `/api/queries/${queryId}`, { token: t }),
      await api(server.url, 'PATCH', `/api/queries/${queryId}`, { token: t, body: { status: 'resolved' } }),
      await api(server.url, 'GET', `/api/queries/${queryId}/messages`, { token: t }),
      await api(server.url, 'GET', `/api/queries/${queryId}/messages?internal=true`, { token: t }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const list = await api(server.url, 'GET', '/api/queries', { token: t });
    expect(list.body.queries).toEqual([]);
    expect(tableSnapshot(server.dataDir)).toEqual(before);
  });

  it('on every socket event', async () => {
    const before = tableCounts(server.dataDir);
    const socket = await connectAs(server.url, '/chat', intruder.token);
    sockets.push(socket);
    const events: Array<[string, object]> = [
      ['query:join', { queryId }],
      ['query:join', { queryId, afterSeq: 0 }],
      ['query:leave', { queryId }],
      ['message:send', { queryId, clientId: randomUUID(), body: 'let me in' }],
      ['typing', { queryId, typing: true }],
      ['message:read', { queryId, seq: 1 }],
    ];
    for (const [event, payload] of events) {
      expect(await call(socket, event, payload), event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // The refused join did not subscribe the intruder to the room.
    const ownerSocket = await connectAs(server.url, '/chat', owner.token);
    sockets.push(ownerSocket);
    const leaked = next(socket, 'message:new', () => true, 300).then(() => true, () => false);
    await call(ownerSocket, 'message:send', { queryId, clientId: randomUUID(), body: 'private' });
    expect(await leaked).toBe(false);
    expect(tableCounts(server.dataDir).messages).toBe(before.messages! + 1);
  });

  it('message:send stays forbidden after the owner’s sends, and an unknown query is not_found for customers and agents', async () => {
    // The send path decides from the remembered owner (queries/query-owners.ts): hold it to the same answers.
    const before = tableCounts(server.dataDir);
    const ownerSocket = await connectAs(server.url, '/chat', owner.token);
    const intruderSocket = await connectAs(server.url, '/chat', intruder.token);
    const agentSocket = await connectAs(server.url, '/admin', admin.token);
    sockets.push(ownerSocket, intruderSocket, agentSocket);
    for (let i = 0; i < 3; i++) {
      expect(await call(ownerSocket, 'message:send', { queryId, clientId: randomUUID(), body: `mine ${i}` })).toMatchObject({ ok: true });
      expect(await call(intruderSocket, 'message:send', { queryId, clientId: randomUUID(), body: 'let me in' })).toMatchObject({
        ok: false, error: { code: 'forbidden' },
      });
    }
    const unknown = randomUUID();
    for (const socket of [ownerSocket, agentSocket]) {
      expect(await call(socket, 'message:send', { queryId: unknown, clientId: randomUUID(), body: 'anyone?' })).toMatchObject({
        ok: false, error: { code: 'not_found' },
      });
    }
    expect(tableCounts(server.dataDir).messages).toBe(before.messages! + 3);
  });

  it('internal notes stay with agents, even for the query’s own customer', async () => {
    const res = await api(server.url, 'GET', `/api/queries/${queryId}/messages?internal=true`, { token: owner.token });
    expect(res.status).toBe(403);
    expect((await api(server.url, 'GET', `/api/queries/${queryId}/messages?internal=true`, { token: admin.token })).status).toBe(200);
  });

  it('staff-only and admin-only routes refuse the wrong role', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'plain@example.test', name: 'Plain' });
    const body = { email: 'new@example.test', name: 'New', password: 'password-123', role: 'agent' };
    expect((await api(server.url, 'GET', '/api/agents', { token: owner.token })).body.error.code).toBe('forbidden');
    expect((await api(server.url, 'POST', '/api/agents', { token: owner.token, body })).body.error.code).toBe('forbidden');
    expect((await api(server.url, 'POST', '/api/agents', { token: agent.token, body })).body.error.code).toBe('forbidden');
    expect((await api(server.url, 'PATCH', `/api/agents/${admin.agent.id}`, { token: agent.token, body: { name: 'x' } })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/queries', { token: agent.token, body: { subject: 'S', body: 'B' } })).status).toBe(403);
    expect((await api(server.url, 'PATCH', `/api/queries/${queryId}`, { token: owner.token, body: { status: 'resolved' } })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/agents', { token: agent.token })).status).toBe(200);
  });
});

const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'connected', (e: { data?: { code: string } }) => e.data?.code ?? String(e));

describe('handshake refusals', () => {
  const uuid = randomUUID();

  it.each<[string, string, () => unknown]>([
    ['no auth at all', 'unauthorized', () => undefined],
    ['no token', 'unauthorized', () => ({ protocol: PROTOCOL_VERSION })],
    ['a malformed token', 'unauthorized', () => ({ token: 'not.a-jwt' })],
    ['a non-string token', 'unauthorized', () => ({ token: 12345 })],
    ['an expired token', 'token_expired', async () => ({ token: await signTestToken({ sub: uuid, role: 'customer' }, { expiresIn: Math.floor(Date.now() / 1000) - 10 }) })],
    ['a token signed with another secret', 'invalid_token', async () => ({ token: await signTestToken({ sub: uuid, role: 'customer' }, { secret: 'another-secret-another-secret-another-secret' }) })],
    ['an alg none token', 'invalid_token', () => ({ token: unsignedToken({ sub: uuid, role: 'customer', name: 'x', iss: 'parley', exp: 9999999999 }) })],
    ['an HS512 token', 'invalid_token', async () => ({ token: await signTestToken({ sub: uuid, role: 'customer' }, { alg: 'HS512' }) })],
    ['an RS256-style header', 'invalid_token', async () => ({ token: await rs256HeaderToken({ sub: uuid, role: 'customer' }) })],
    ['a foreign issuer', 'invalid_token', async () => ({ token: await signTestToken({ sub: uuid, role: 'customer' }, { issuer: 'evil' }) })],
    ['bad claims', 'invalid_token', async () => ({ token: await signTestToken({ sub: 'not-a-uuid', role: 'customer' }) })],
    ['another protocol version', 'incompatible_protocol', async () => ({ token: await signTestToken({ sub: uuid, role: 'customer' }), protocol: PROTOCOL_VERSION + 1 })],
  ])('/chat with %s → %s', async (_label, code, auth) => {
    expect(await codeOf(connect(server.url, '/chat', (await auth()) as Record<string, unknown> | undefined))).toBe(code);
  });

  it('a customer on /admin and an agent on /chat are forbidden', async () => {
    expect(await codeOf(connectAs(server.url, '/admin', owner.token))).toBe('forbidden');
    expect(await codeOf(connectAs(server.url, '/chat', admin.token))).toBe('forbidden');
  });

  it('the main namespace is not served', async () => {
    expect(await codeOf(connect(server.url, '/', { token: owner.token }))).toBe('not_found');
  });

  it('REST answers the same codes for bearer tokens', async () => {
    const get = (headers: Record<string, string>) => api(server.url, 'GET', '/api/queries', { headers }).then((r) => [r.status, r.body.error?.code]);
    expect(await get({})).toEqual([401, 'unauthorized']);
    expect(await get({ authorization: 'Basic abc' })).toEqual([401, 'unauthorized']);
    expect(await get({ authorization: `Bearer ${await signTestToken({ sub: uuid, role: 'customer' }, { alg: 'HS512' })}` })).toEqual([401, 'invalid_token']);
    expect(await get({ authorization: `Bearer ${await signTestToken({ sub: uuid, role: 'customer' }, { expiresIn: 1 })}` })).toEqual([401, 'token_expired']);
  });
});

describe('tokens for users that do not exist', () => {
  it('a customer token whose customer does not exist is invalid_token on REST and in the handshake, not a 500', async () => {
    const ghost = await signTestToken({ sub: randomUUID(), role: 'customer' });
    const res = await api(server.url, 'POST', '/api/queries', { token: ghost, body: { subject: 'Hi', body: 'anyone?' } });
    expect([res.status, res.body.error.code]).toEqual([401, 'invalid_token']);
    const refused = await connect(server.url, '/chat', { token: ghost, protocol: PROTOCOL_VERSION }).then(
      (s) => (sockets.push(s), 'connected'),
      (e: { data?: { code: string } }) => e.data?.code,
    );
    expect(refused).toBe('invalid_token');
  });
});

describe('sessions that end while connected', () => {
  it('a token that expires on a live socket gets server:closing token_expired and is disconnected', async () => {
    const token = await signTestToken({ sub: owner.customer.id, role: 'customer' }, { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const socket = await connectAs(server.url, '/chat', token);
    sockets.push(socket);
    const closing = next(socket, 'server:closing', () => true, 5000);
    const disconnected = new Promise((resolve) => socket.on('disconnect', resolve));
    expect(await closing).toEqual({ reason: 'token_expired' });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('a deactivated agent is told, disconnected, and can no longer sign in or connect', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'leaving@example.test', name: 'Leaving', password: 'password-123' });
    const socket = await connectAs(server.url, '/admin', agent.token);
    sockets.push(socket);
    const closing = next(socket, 'server:closing');
    const res = await api(server.url, 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { active: false } });
    expect(res.body.agent.active).toBe(false);
    expect(await closing).toEqual({ reason: 'deactivated' });
    const login2 = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'leaving@example.test', password: 'password-123' } });
    expect(login2.body.error.code).toBe('invalid_credentials');
    expect(await codeOf(connectAs(server.url, '/admin', agent.token))).toBe('invalid_token');
    const assign = await api(server.url, 'PATCH', `/api/queries/${queryId}`, { token: admin.token, body: { assigneeId: agent.agent.id } });
    expect(assign.body.error.code).toBe('invalid_payload');
    const unknown = await api(server.url, 'PATCH', `/api/queries/${queryId}`, { token: admin.token, body: { assigneeId: randomUUID() } });
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('reactivating an agent does not bring back the tokens they had before deactivation', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'returning@example.test', name: 'Returning', password: 'password-123' });
    expect((await api(server.url, 'GET', '/api/queries', { token: agent.token })).status).toBe(200);
    await api(server.url, 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { active: false } });
    const back = await api(server.url, 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { active: true } });
    expect(back.body.agent.active).toBe(true);
    expect((await api(server.url, 'GET', '/api/queries', { token: agent.token })).body.error.code).toBe('invalid_token');
    expect(await codeOf(connectAs(server.url, '/admin', agent.token))).toBe('invalid_token');
    const fresh = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'returning@example.test', password: 'password-123' } });
    expect((await api(server.url, 'GET', '/api/queries', { token: fresh.body.token })).status).toBe(200);
  });
});
