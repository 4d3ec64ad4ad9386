/** Signing in: visitors (and renewal by resumeKey), signed customers, agents, refresh, admin bootstrap. */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { signIdentityToken } from '../src/index.js';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { ADMIN_EMAIL, IDENTITY_SECRET, startTestServer, tempDataDir, type TestServer } from './support/server.js';
import { call, connectAs } from './support/sockets.js';

describe('auth', () => {
  let server: TestServer;
  afterEach(async () => server?.dispose());

  it('a visitor gets a 24 h HS256 customer token and a resumeKey that signs in as the same visitor again', async () => {
    server = await startTestServer();
    const first = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Vera', email: 'vera@example.test' } });
    expect(first.status).toBe(201);
    expect(first.body.customer).toMatchObject({ name: 'Vera', email: 'vera@example.test', externalId: null });
    expect(first.body.resumeKey).toEqual(expect.any(String));
    expect(decodeProtectedHeader(first.body.token).alg).toBe('HS256');
    const claims = decodeJwt(first.body.token);
    expect(claims).toMatchObject({ sub: first.body.customer.id, role: 'customer', name: 'Vera', iss: 'parley' });
    expect(claims.exp! - claims.iat!).toBe(24 * 3600);

    const query = await openQuery(server.url, first.body.token);
    const again = await api(server.url, 'POST', '/api/auth/visitor', { body: { resumeKey: first.body.resumeKey } });
    expect(again.status).toBe(201);
    expect(again.body.customer.id).toBe(first.body.customer.id);
    const mine = await api(server.url, 'GET', '/api/queries', { token: again.body.token });
    expect(mine.body.queries.map((q: { id: string }) => q.id)).toEqual([query.id]);

    const wrong = await api(server.url, 'POST', '/api/auth/visitor', { body: { resumeKey: 'x'.repeat(43) } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const anonymous = await signInVisitor(server.url);
    expect(anonymous.customer.name).toMatch(/^Visitor \d+$/);
  });

  it('a signed customer: the same externalId is always the same customer; a bad signature is invalid_credentials', async () => {
    server = await startTestServer();
    const signIn = async (identity: { externalId: string; name?: string; email?: string }, secret = IDENTITY_SECRET) =>
      api(server.url, 'POST', '/api/auth/customer', { body: { identity: await signIdentityToken(identity, secret) } });
    const a = await signIn({ externalId: 'crm-42', name: 'Carl' });
    const b = await signIn({ externalId: 'crm-42', name: 'Carl Jr', email: 'carl@example.test' });
    expect(a.status).toBe(201);
    expect(b.body.customer).toMatchObject({ id: a.body.customer.id, externalId: 'crm-42', name: 'Carl Jr', email: 'carl@example.test' });
    // A later sign-in without a name keeps the name on file (not the externalId).
    const c = await signIn({ externalId: 'crm-42' });
    expect(c.body.customer).toMatchObject({ id: a.body.customer.id, name: 'Carl Jr' });
    const bad = await signIn({ externalId: 'crm-42' }, 'another-secret-of-some-length');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_credentials');
  });

  it('signed customers are refused when IDENTITY_SECRET is unset', async () => {
    server = await startTestServer({ identitySecret: undefined });
    const res = await api(server.url, 'POST', '/api/auth/customer', { body: { identity: await signIdentityToken({ externalId: 'x' }, IDENTITY_SECRET) } });
    expect(res.status).toBe(403);
  });

  it('login gives a 12 h token; a wrong password or unknown email is 401 invalid_credentials', async () => {
    server = await startTestServer();
    const ok = await login(server.url);
    expect(ok.agent).toMatchObject({ email: ADMIN_EMAIL, role: 'admin', active: true });
    expect(ok.agent).not.toHaveProperty('passwordHash');
    const claims = decodeJwt(ok.token);
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    for (const body of [{ email: ADMIN_EMAIL, password: 'wrong-password' }, { email: 'nobody@example.test', password: 'whatever' }]) {
      const res = await api(server.url, 'POST', '/api/auth/login', { body });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'invalid_credentials', message: 'wrong email or password' });
    }
  });

  it('refresh returns a fresh token for a valid one and refuses a missing one', async () => {
    server = await startTestServer();
    const { token } = await login(server.url);
    const res = await api(server.url, 'POST', '/api/auth/refresh', { token });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.token).sub).toBe(decodeJwt(token).sub);
    const socket = await connectAs(server.url, '/admin', res.body.token);
    socket.close();
    expect((await api(server.url, 'POST', '/api/auth/refresh', {})).body.error.code).toBe('unauthorized');
    // A JSON content type with an empty body is "no body", not bad JSON.
    const empty = await api(server.url, 'POST', '/api/auth/refresh', { token, body: '' });
    expect(empty.status).toBe(200);
  });

  it('agents: admins create (email unique), list with presence, and change them; the last admin stays', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const agent = await createAgent(server.url, admin.token, { email: 'Ann@Example.test', name: 'Ann' });
    const dup = await api(server.url, 'POST', '/api/agents', { token: admin.token, body: { email: 'ann@example.test', name: 'A2', password: 'password-123', role: 'agent' } });
    expect(dup.status).toBe(409);
    const socket = await connectAs(server.url, '/admin', agent.token);
    const list = await api(server.url, 'GET', '/api/agents', { token: agent.token });
    expect(list.body.agents.map((a: { name: string; status: string }) => [a.name, a.status])).toEqual([
      ['Administrator', 'offline'],
      ['Ann', 'online'],
    ]);
    expect(await call(socket, 'presence:set', { status: 'away' })).toEqual({ ok: true });
    const away = await api(server.url, 'GET', '/api/agents', { token: admin.token });
    expect(away.body.agents.find((a: { name: string }) => a.name === 'Ann').status).toBe('away');
    socket.close();

    const renamed = await api(server.url, 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { name: 'Anne', password: 'new-password-1' } });
    expect(renamed.body.agent.name).toBe('Anne');
    expect((await login(server.url, 'ann@example.test', 'new-password-1')).agent.name).toBe('Anne');
    const demote = await api(server.url, 'PATCH', `/api/agents/${admin.agent.id}`, { token: admin.token, body: { role: 'agent' } });
    expect(demote.status).toBe(409);
    expect((await api(server.url, 'PATCH', `/api/agents/${admin.agent.id}`, { token: admin.token, body: {} })).status).toBe(400);
  });

  it('bootstrap: with no agent and no ADMIN_PASSWORD, an admin is created with an initial password printed once', async () => {
    const dataDir = tempDataDir();
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      server = await startTestServer({ dataDir, adminEmail: undefined, adminPassword: undefined });
    } finally {
      spy.mockRestore();
    }
    const line = printed.find((l) => l.includes('initial password'));
    expect(line).toBeDefined();
    const [, email, password] = /admin (\S+) with initial password (\S+)/.exec(line!)!;
    expect(email).toBe('admin@parley.local');
    expect((await login(server.url, email, password)).agent.role).toBe('admin');

    // A restart on the same DATA_DIR creates nobody and prints nothing.
    await server.close();
    const again: string[] = [];
    const spy2 = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (again.push(String(chunk)), true));
    try {
      server = await startTestServer({ dataDir, adminEmail: undefined, adminPassword: undefined });
    } finally {
      spy2.mockRestore();
    }
    expect(again.some((l) => l.includes('initial password'))).toBe(false);
    expect((await login(server.url, email, password)).agent.email).toBe(email);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
