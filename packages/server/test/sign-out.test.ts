/**
 * Revoking an agent's tokens: a new password or "sign out everywhere" raises the
 * agent's token version, so every token signed before is refused — on REST, on
 * refresh, on a live socket (closed at once) and on its reconnect — while the
 * caller of sign-out-everywhere keeps working with the fresh token it was given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, login } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, next, type AnySocket } from './support/sockets.js';
import { signTestToken } from './support/tokens.js';

let server: TestServer;
let admin: Awaited<ReturnType<typeof login>>;
const sockets: AnySocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await login(server.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.dispose();
});

async function codeOf(attempt: Promise<unknown>): Promise<string | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code;
  }
}

async function socketOf(token: string): Promise<AnySocket> {
  const socket = await connectAs(server.url, '/admin', token);
  sockets.push(socket);
  return socket;
}

describe('a new password', () => {
  it('signs the agent out everywhere: live sockets close, the old token is refused on REST, refresh and reconnect', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'moving@example.test', name: 'Moving', password: 'old-password-1' });
    const laptop = await socketOf(agent.token);
    const closing = next(laptop, 'server:closing');
    const disconnected = new Promise((resolve) => laptop.once('disconnect', resolve));

    const res = await api(server.url, 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { password: 'new-password-1' } });
    expect(res.status).toBe(200);
    expect(await closing).toEqual({ reason: 'signed_out' });
    expect(await disconnected).toBe('io server disconnect');

    expect((await api(server.url, 'GET', '/api/agents', { token: agent.token })).body.error.code).toBe('invalid_token');
    expect((await api(server.url, 'POST', '/api/auth/refresh', { token: agent.token })).body.error.code).toBe('invalid_token');
    expect(await codeOf(connectAs(server.url, '/admin', agent.token))).toBe('invalid_token');
    const oldPassword = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'moving@example.test', password: 'old-password-1' } });
    expect(oldPassword.body.error.code).toBe('invalid_credentials');

    const again = await login(server.url, 'moving@example.test', 'new-password-1');
    expect((await api(server.url, 'GET', '/api/agents', { token: again.token })).status).toBe(200);
    await socketOf(again.token);
  });

  it('leaves other agents’ sessions alone', async () => {
    const stays = await createAgent(server.url, admin.token, { email: 'stays@example.test', name: 'Stays' });
    const other = await createAgent(server.url, admin.token, { email: 'other@example.test', name: 'Other' });
    const socket = await socketOf(stays.token);
    await api(server.url, 'PATCH', `/api/agents/${other.agent.id}`, { token: admin.token, body: { password: 'changed-password-1' } });
    expect((await call(socket, 'presence:set', { status: 'away' })).ok).toBe(true);
    expect(socket.connected).toBe(true);
    expect((await api(server.url, 'GET', '/api/agents', { token: stays.token })).status).toBe(200);
  });

  it('a rename keeps every session', async () => {
    const renamed = await createAgent(server.url, admin.token, { email: 'renamed@example.test', name: 'Before' });
    await api(server.url, 'PATCH', `/api/agents/${renamed.agent.id}`, { token: admin.token, body: { name: 'After' } });
    expect((await api(server.url, 'POST', '/api/auth/refresh', { token: renamed.token })).status).toBe(200);
  });
});

describe('POST /api/auth/sign-out-everywhere', () => {
  it('revokes every other session of the caller and hands the caller a fresh token that works everywhere', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'lost-phone@example.test', name: 'Lost Phone' });
    const phoneToken = (await login(server.url, 'lost-phone@example.test', 'agent-password-1')).token;
    const phone = await socketOf(phoneToken);
    const closing = next(phone, 'server:closing');

    const res = await api(server.url, 'POST', '/api/auth/sign-out-everywhere', { token: agent.token });
    expect(res.status).toBe(200);
    expect(await closing).toEqual({ reason: 'signed_out' });
    for (const old of [agent.token, phoneToken]) {
      expect((await api(server.url, 'POST', '/api/auth/refresh', { token: old })).body.error.code).toBe('invalid_token');
      expect(await codeOf(connectAs(server.url, '/admin', old))).toBe('invalid_token');
    }

    const fresh: string = res.body.token;
    expect((await api(server.url, 'GET', '/api/agents', { token: fresh })).status).toBe(200);
    const refreshed = await api(server.url, 'POST', '/api/auth/refresh', { token: fresh });
    expect(refreshed.status).toBe(200);
    const socket = await socketOf(refreshed.body.token);
    expect((await call(socket, 'auth:renew', { token: fresh })).ok).toBe(true);
  });

  it('is for staff: a customer token is forbidden, no token unauthorized', async () => {
    const visitor = await api(server.url, 'POST', '/api/auth/visitor', { body: {} });
    expect((await api(server.url, 'POST', '/api/auth/sign-out-everywhere', { token: visitor.body.token })).body.error.code).toBe('forbidden');
    expect((await api(server.url, 'POST', '/api/auth/sign-out-everywhere')).body.error.code).toBe('unauthorized');
  });

  it('a live socket cannot renew onto a revoked token', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'renewing@example.test', name: 'Renewing' });
    const spare = (await login(server.url, 'renewing@example.test', 'agent-password-1')).token;
    const fresh = (await api(server.url, 'POST', '/api/auth/sign-out-everywhere', { token: agent.token })).body.token as string;
    const socket = await socketOf(fresh);
    const renewed = await call(socket, 'auth:renew', { token: spare });
    expect(renewed).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
  });

  it('revokes tokens signed before token versions existed (no `ver` claim)', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'legacy@example.test', name: 'Legacy' });
    const legacy = await signTestToken({ sub: agent.agent.id, role: 'agent', name: 'Legacy' });
    expect((await api(server.url, 'GET', '/api/agents', { token: legacy })).status).toBe(200);
    await api(server.url, 'POST', '/api/auth/sign-out-everywhere', { token: agent.token });
    expect((await api(server.url, 'GET', '/api/agents', { token: legacy })).body.error.code).toBe('invalid_token');
  });

  it('a token claiming a version the agent never had is refused', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'future@example.test', name: 'Future' });
    const forged = await signTestToken({ sub: agent.agent.id, role: 'agent', name: 'Future', ver: 7 });
    expect((await api(server.url, 'GET', '/api/agents', { token: forged })).body.error.code).toBe('invalid_token');
  });
});

describe('an agent’s own profile (PATCH /api/auth/me)', () => {
  it('renames without touching any session', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'renamer@example.test', name: 'Old Name', password: 'renamer-password-1' });
    const res = await api(server.url, 'PATCH', '/api/auth/me', { token: agent.token, body: { name: 'New Name' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ agent: expect.objectContaining({ id: agent.agent.id, name: 'New Name' }) });
    expect((await api(server.url, 'GET', '/api/agents', { token: agent.token })).status).toBe(200);
  });

  it('a new password needs the current one, signs every other session out, and the caller carries on with the fresh token', async () => {
    const agent = await createAgent(server.url, admin.token, { email: 'changer@example.test', name: 'Changer', password: 'changer-password-1' });
    const other = await login(server.url, 'changer@example.test', 'changer-password-1');
    const phone = await socketOf(other.token);
    const missing = await api(server.url, 'PATCH', '/api/auth/me', { token: agent.token, body: { password: 'brand-new-password' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const wrong = await api(server.url, 'PATCH', '/api/auth/me', { token: agent.token, body: { password: 'brand-new-password', currentPassword: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const closing = next(phone, 'server:closing');
    const done = await api(server.url, 'PATCH', '/api/auth/me', {
      token: agent.token, body: { password: 'brand-new-password', currentPassword: 'changer-password-1' },
    });
    expect(done.status).toBe(200);
    expect(done.body.token).toEqual(expect.any(String));
    await closing;
    for (const stale of [agent.token, other.token]) expect((await api(server.url, 'GET', '/api/agents', { token: stale })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/agents', { token: done.body.token })).status).toBe(200);
    await expect(login(server.url, 'changer@example.test', 'changer-password-1')).rejects.toThrow();
    expect((await login(server.url, 'changer@example.test', 'brand-new-password')).token).toEqual(expect.any(String));
  });

  it('is for staff', async () => {
    const visitor = await api(server.url, 'POST', '/api/auth/visitor', { body: {} });
    expect((await api(server.url, 'PATCH', '/api/auth/me', { token: visitor.body.token, body: { name: 'X' } })).status).toBe(403);
  });
});
