/**
 * Connection state recovery must never hand a revoked or expired session what
 * it missed: Socket.IO writes the missed packets before middleware runs, so the
 * server refuses the recovery itself (realtime/session-recovery.ts). Recovery
 * is off by default; these tests turn it on.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, sleep, until, type AnySocket } from './support/sockets.js';
import { signTestToken } from './support/tokens.js';

describe('session recovery', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server?.dispose();
  });

  /**
   * Every event on the wire from now on — read from the manager's decoded
   * packets, since socket.io-client silently buffers events that arrive before
   * the CONNECT and drops them on connect_error — and every connect_error code.
   */
  function watch(socket: AnySocket) {
    const events: string[] = [];
    const refusals: string[] = [];
    socket.io.on('packet', (packet: { type: number; data?: unknown }) => {
      if (packet.type === 2 && Array.isArray(packet.data)) events.push(String(packet.data[0]));
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => refusals.push(error.data?.code ?? error.message));
    return { events, refusals };
  }

  async function conversation() {
    const admin = await login(server.url);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const chat = await connectAs(server.url, '/chat', customer.token);
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    const say = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` })).ok).toBe(true);
    };
    return { admin, customer, query, say };
  }

  it('is off by default: a dropped socket reconnects fresh (recovered = false)', async () => {
    server = await startTestServer();
    const { admin, query, say } = await conversation();
    const agent = await connectAs(server.url, '/admin', admin.token, { reconnection: true });
    sockets.push(agent);
    await call(agent, 'query:join', { queryId: query.id });
    const seen = watch(agent);
    agent.io.engine.close();
    await say(2);
    await until(() => agent.connected, 8000, 'reconnect');
    expect(agent.recovered).not.toBe(true);
    expect(seen.events).not.toContain('message:new');
  });

  it('when on, a live user’s short drop is recovered with the missed messages', async () => {
    server = await startTestServer({ recoveryWindowMs: 30_000 });
    const { admin, query, say } = await conversation();
    const agent = await connectAs(server.url, '/admin', admin.token, { reconnection: true });
    sockets.push(agent);
    await call(agent, 'query:join', { queryId: query.id });
    const seen = watch(agent);
    agent.io.engine.close();
    await sleep(100);
    await say(2);
    await until(() => agent.connected, 8000, 'reconnect');
    expect(agent.recovered).toBe(true);
    await until(() => seen.events.filter((e) => e === 'message:new').length === 2, 3000, 'missed messages replayed');
  });

  it('when on, an agent deactivated while disconnected gets nothing it missed, only the handshake refusal', async () => {
    server = await startTestServer({ recoveryWindowMs: 30_000 });
    const { admin, query, say } = await conversation();
    const leaving = await createAgent(server.url, admin.token, { email: 'leaving@example.test', name: 'Leaving' });
    const agent = await connectAs(server.url, '/admin', leaving.token, { reconnection: true });
    sockets.push(agent);
    await call(agent, 'query:join', { queryId: query.id });
    const seen = watch(agent);
    agent.io.engine.close();
    await sleep(100);
    const res = await api(server.url, 'PATCH', `/api/agents/${leaving.agent.id}`, { token: admin.token, body: { active: false } });
    expect(res.body.agent.active).toBe(false);
    await say(3);
    await until(() => seen.refusals.length > 0, 8000, 'the reconnect to be refused');
    agent.close();
    expect(seen.refusals[0]).toBe('invalid_token');
    expect(seen.events).toEqual([]);
  });

  it('when on, an agent signed out everywhere while disconnected gets nothing it missed, only the handshake refusal', async () => {
    server = await startTestServer({ recoveryWindowMs: 30_000 });
    const { admin, query, say } = await conversation();
    const laptop = await login(server.url);
    const agent = await connectAs(server.url, '/admin', laptop.token, { reconnection: true });
    sockets.push(agent);
    await call(agent, 'query:join', { queryId: query.id });
    const seen = watch(agent);
    agent.io.engine.close();
    await sleep(100);
    expect((await api(server.url, 'POST', '/api/auth/sign-out-everywhere', { token: admin.token })).status).toBe(200);
    await say(3);
    await until(() => seen.refusals.length > 0, 8000, 'the reconnect to be refused');
    agent.close();
    expect(seen.refusals[0]).toBe('invalid_token');
    expect(seen.events).toEqual([]);
  });

  it('when on, a socket whose token expired while disconnected gets nothing it missed', async () => {
    server = await startTestServer({ recoveryWindowMs: 30_000 });
    const { customer, query } = await conversation();
    const admin = await login(server.url);
    const agentSocket = await connectAs(server.url, '/admin', admin.token);
    sockets.push(agentSocket);
    const shortLived = await signTestToken({ sub: customer.customer.id, role: 'customer' }, { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const chat = await connectAs(server.url, '/chat', shortLived, { reconnection: false });
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    // One live event first: the client only asks for recovery once it holds an offset.
    const live = new Promise((resolve) => chat.once('message:new', resolve));
    await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'live' });
    await live;
    const seen = watch(chat);
    chat.io.engine.close();
    for (let i = 0; i < 3; i++) await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `missed ${i}` });
    await sleep(2500); // the token is now expired
    chat.connect(); // same manager, same session id and offset, same (expired) token
    await until(() => seen.refusals.length > 0, 8000, 'the reconnect to be refused');
    chat.close();
    expect(seen.refusals[0]).toBe('token_expired');
    expect(seen.events).toEqual([]);
  });
});
