/** `auth:renew`: a live socket takes a fresh token and outlives the one it connected with. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, login, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, record, sleep, type AnySocket } from './support/sockets.js';
import { signTestToken, unsignedToken } from './support/tokens.js';

let server: TestServer;
let customer: Awaited<ReturnType<typeof signInVisitor>>;
let other: Awaited<ReturnType<typeof signInVisitor>>;
let admin: Awaited<ReturnType<typeof login>>;
const sockets: AnySocket[] = [];
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = await startTestServer();
  admin = await login(server.url);
  customer = await signInVisitor(server.url, 'Renewing');
  other = await signInVisitor(server.url, 'Other');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.dispose();
});

async function shortLivedSocket(namespace: '/chat' | '/admin', sub: string, role: string, seconds: number) {
  const token = await signTestToken({ sub, role }, { expiresIn: nowSeconds() + seconds });
  const socket = await connectAs(server.url, namespace, token);
  sockets.push(socket);
  return socket;
}

describe('auth:renew', () => {
  it('a customer socket renewed before expiry stays connected past the old exp', async () => {
    const socket = await shortLivedSocket('/chat', customer.customer.id, 'customer', 2);
    const closings = record(socket, 'server:closing');
    const fresh = await signTestToken({ sub: customer.customer.id, role: 'customer' }, { expiresIn: '1h' });
    const ack = await call(socket, 'auth:renew', { token: fresh });
    expect(ack.ok).toBe(true);
    expect(Date.parse(ack.expiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    await sleep(3000);
    expect(closings).toEqual([]);
    expect(socket.connected).toBe(true);
    // The socket still works, not merely stays open.
    expect((await call(socket, 'query:join', { queryId: crypto.randomUUID() })).error.code).toBe('not_found');
  });

  it('an agent socket renewed with a fresh sign-in token stays connected past the old exp', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'renew@example.test', name: 'Renew' });
    const socket = await shortLivedSocket('/admin', agent.agent.id, 'agent', 2);
    const closings = record(socket, 'server:closing');
    const ack = await call(socket, 'auth:renew', { token: agent.token });
    expect(ack).toMatchObject({ ok: true, expiresAt: expect.any(String) });
    await sleep(3000);
    expect(closings).toEqual([]);
    expect(socket.connected).toBe(true);
  });

  it('a token that expires sooner than the current one moves the close earlier', async () => {
    const socket = await shortLivedSocket('/chat', customer.customer.id, 'customer', 3600);
    const closings = record(socket, 'server:closing');
    const soon = await signTestToken({ sub: customer.customer.id, role: 'customer' }, { expiresIn: nowSeconds() + 1 });
    expect((await call(socket, 'auth:renew', { token: soon })).ok).toBe(true);
    await sleep(2500);
    expect(closings).toEqual([{ reason: 'token_expired' }]);
    expect(socket.connected).toBe(false);
  });

  it('another user’s token (customer or staff) is forbidden and the old expiry still applies', async () => {
    const socket = await shortLivedSocket('/chat', customer.customer.id, 'customer', 2);
    const closings = record(socket, 'server:closing');
    const wrongUser = await call(socket, 'auth:renew', { token: other.token });
    expect(wrongUser).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const staff = await call(socket, 'auth:renew', { token: admin.token });
    expect(staff).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The old expiry still applies.
    await sleep(2500);
    expect(closings).toEqual([{ reason: 'token_expired' }]);
  });

  it('a token for the same user whose role has changed since the socket connected is forbidden', async () => {
    const second = await createAgent(server.url, admin.token, { email: 'demoted@example.test', name: 'Demoted', role: 'admin' });
    const socket = await connectAs(server.url, '/admin', second.token);
    sockets.push(socket);
    const patched = await api(server.url, 'PATCH', `/api/agents/${second.agent.id}`, { token: admin.token, body: { role: 'agent' } });
    expect(patched.body.agent.role).toBe('agent');
    const fresh = await login(server.url, 'demoted@example.test', 'agent-password-1');
    expect((await call(socket, 'auth:renew', { token: fresh.token })).error.code).toBe('forbidden');
  });

  it('a token for a customer that does not exist is invalid_token', async () => {
    const socket = await shortLivedSocket('/chat', customer.customer.id, 'customer', 3600);
    const ghost = await signTestToken({ sub: crypto.randomUUID(), role: 'customer' });
    expect((await call(socket, 'auth:renew', { token: ghost })).error.code).toBe('invalid_token');
  });

  it('an expired token is token_expired; a forged, wrongly signed, HS512 or non-JWT one is invalid_token; a bad payload is invalid_payload', async () => {
    const socket = await shortLivedSocket('/chat', customer.customer.id, 'customer', 3600);
    const sub = customer.customer.id;
    const expired = await signTestToken({ sub, role: 'customer' }, { expiresIn: nowSeconds() - 10 });
    expect((await call(socket, 'auth:renew', { token: expired })).error.code).toBe('token_expired');
    const cases = [
      await signTestToken({ sub, role: 'customer' }, { secret: 'another-secret-another-secret-another-secret' }),
      await signTestToken({ sub, role: 'customer' }, { alg: 'HS512' }),
      await signTestToken({ sub, role: 'customer' }, { issuer: 'someone-else' }),
      unsignedToken({ sub, role: 'customer', name: 'X', iss: 'parley', exp: nowSeconds() + 3600 }),
      'not-a-jwt',
    ];
    for (const token of cases) expect((await call(socket, 'auth:renew', { token })).error.code, token).toBe('invalid_token');
    for (const payload of [{}, { token: '' }, { token: 42 }, { token: 'x', extra: 1 }, null, 'token']) {
      expect((await call(socket, 'auth:renew', payload)).error.code).toBe('invalid_payload');
    }
    expect(socket.connected).toBe(true);
  });

  it('a deactivated agent’s fresh token is refused', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'renew-gone@example.test', name: 'Gone' });
    // Deactivation closes the agent's own sockets; an admin socket presenting the agent's token shows the check.
    const token = agent.token;
    await api(server.url, 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { active: false } });
    const adminSocket = await connectAs(server.url, '/admin', admin.token);
    sockets.push(adminSocket);
    // An admin socket renewing with the deactivated agent's token: invalid_token (checked before the same-user rule).
    expect((await call(adminSocket, 'auth:renew', { token })).error.code).toBe('invalid_token');
  });
});
