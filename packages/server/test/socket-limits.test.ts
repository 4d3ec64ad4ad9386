/**
 * The socket side's limits beyond message:send: every event per connection,
 * query:join on its own, raw engine.io handshakes per IP (keyed by the IP the
 * TRUST_PROXY rule resolves), browser Origins and unknown namespaces.
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { storedSeqs } from './support/database.js';
import { openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connect, connectAs, type AnySocket } from './support/sockets.js';

describe('socket limits', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  async function customerSocket(overrides: Parameters<typeof startTestServer>[0]) {
    server = await startTestServer(overrides);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    return { customer, query, socket };
  }

  it('every event counts against the connection’s budget, invalid and unknown ones too', async () => {
    const { query, socket } = await customerSocket({ eventRateLimit: 5 });
    const acks = await Promise.all([
      ...Array.from({ length: 10 }, () => call(socket, 'typing', { queryId: query.id, typing: true })),
      ...Array.from({ length: 10 }, () => call(socket, 'typing', { nonsense: true })),
      ...Array.from({ length: 10 }, () => call(socket, 'no:such:event', {})),
    ]);
    const codes = acks.map((a) => (a.ok ? 'ok' : a.error.code));
    // 5 a second with a burst of twice that, whatever the events were.
    expect(codes.filter((c) => c !== 'rate_limited')).toHaveLength(10);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(20);
    for (const a of acks.filter((x) => !x.ok && x.error.code === 'rate_limited')) expect(a.error.retryAfterMs).toBeGreaterThan(0);
  });

  it('query:join has its own tighter limit', async () => {
    const { query, socket } = await customerSocket({ joinRateLimit: 2 });
    const acks = await Promise.all(Array.from({ length: 10 }, () => call(socket, 'query:join', { queryId: query.id })));
    expect(acks.filter((a) => a.ok)).toHaveLength(4);
    expect(acks.filter((a) => !a.ok).map((a) => a.error.code)).toEqual(Array(6).fill('rate_limited'));
  });

  it("a customer's joins are also limited over all their sockets: more sockets are not more reads", async () => {
    const { customer, query } = await customerSocket({ joinRateLimit: 2 });
    // Six sockets, each within its own budget (2 a second, bursts of 4): 24 joins, where the customer may burst 16.
    const many = await Promise.all(Array.from({ length: 6 }, () => connectAs(server.url, '/chat', customer.token)));
    sockets.push(...many);
    const acks = (await Promise.all(many.map((socket) => Promise.all(Array.from({ length: 4 }, () => call(socket, 'query:join', { queryId: query.id })))))).flat();
    const refused = acks.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(new Set(refused.map((a) => a.error.code))).toEqual(new Set(['rate_limited']));
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(16);
  });

  it('one connection’s concurrent sends get seqs in the order it sent them, with the rate limiter on', async () => {
    const { query, socket } = await customerSocket({ rateLimitMessages: 100 });
    const bodies = Array.from({ length: 150 }, (_, i) => `m${i}`);
    const acks = await Promise.all(bodies.map((body) => call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body })));
    const ok = acks.filter((a) => a.ok).map((a) => a.message);
    expect(ok).toHaveLength(150); // 100 a second, burst 200
    // In send order, the stored seqs only grow.
    const seqs = ok.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(storedSeqs(server.dataDir, query.id)).toEqual(Array.from({ length: ok.length + 1 }, (_, i) => i + 1));
  });

  it('raw engine.io handshakes are limited per IP before any namespace is involved', async () => {
    server = await startTestServer({ handshakeRateLimit: 2 });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`).then((r) => r.status)),
    );
    // The engine allows twice the namespace limit: 4 a second, burst 8.
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 403)).toHaveLength(4);
  });

  it('behind a trusted proxy each forwarded client has its own handshake budget; without TRUST_PROXY the header is ignored', async () => {
    const attempt = (url: string, token: string, forwardedFor: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${url}/chat`, {
          auth: { token, protocol: PROTOCOL_VERSION },
          forceNew: true,
          reconnection: false,
          transports: ['websocket'],
          extraHeaders: { 'x-forwarded-for': forwardedFor },
        });
        socket.once('connect', () => (sockets.push(socket), resolve('ok')));
        socket.once('connect_error', (e: Error & { data?: { code: string } }) => (socket.close(), resolve(e.data?.code ?? e.message)));
      });
    const run = async (trustProxy: string[]) => {
      server = await startTestServer({ handshakeRateLimit: 1, trustProxy });
      const { token } = await signInVisitor(server.url);
      // A client that also forges the left-most hop: only the hop the trusted proxy appended counts.
      const results = await Promise.all(
        ['9.9.9.9, 203.0.113.1', '8.8.8.8, 203.0.113.1', '203.0.113.2', '203.0.113.2', '7.7.7.7, 203.0.113.1'].map((xff) => attempt(server.url, token, xff)),
      );
      for (const s of sockets.splice(0)) s.close();
      await server.dispose();
      return results;
    };
    // Trusted: 203.0.113.1 has 3 tries (burst 2), 203.0.113.2 has 2.
    const trusted = await run(['loopback']);
    expect(trusted.filter((r) => r === 'ok')).toHaveLength(4);
    // Not trusted: all five come from 127.0.0.1, burst 2.
    const untrusted = await run([]);
    expect(untrusted.filter((r) => r === 'ok')).toHaveLength(2);
    server = await startTestServer(); // for afterEach
  });

  it('a browser Origin not allowed by CORS_ORIGINS cannot open a WebSocket; the same origin and listed ones can', async () => {
    server = await startTestServer({ corsOrigins: ['https://shop.example'] });
    const { token } = await signInVisitor(server.url);
    const withOrigin = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${server.url}/chat`, {
          auth: { token, protocol: PROTOCOL_VERSION }, forceNew: true, reconnection: false, transports: ['websocket'], extraHeaders: { origin },
        });
        socket.once('connect', () => (sockets.push(socket), resolve('ok')));
        socket.once('connect_error', () => (socket.close(), resolve('refused')));
      });
    expect(await withOrigin('https://evil.example')).toBe('refused');
    expect(await withOrigin('https://shop.example')).toBe('ok');
    expect(await withOrigin(server.url)).toBe('ok');
    // Our host and port, but another scheme: a page served over https is not this plain-http origin.
    expect(await withOrigin(server.url.replace('http:', 'https:'))).toBe('refused');
  });

  it('behind a trusted proxy, the scheme the client used (X-Forwarded-Proto) is the origin’s scheme', async () => {
    server = await startTestServer({ trustProxy: ['loopback'] });
    const { token } = await signInVisitor(server.url);
    const via = (origin: string, proto: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${server.url}/chat`, {
          auth: { token, protocol: PROTOCOL_VERSION }, forceNew: true, reconnection: false, transports: ['websocket'],
          extraHeaders: { origin, 'x-forwarded-proto': proto },
        });
        socket.once('connect', () => (sockets.push(socket), resolve('ok')));
        socket.once('connect_error', () => (socket.close(), resolve('refused')));
      });
    const https = server.url.replace('http:', 'https:');
    expect(await via(https, 'https')).toBe('ok');
    expect(await via(server.url, 'https')).toBe('refused');
  });

  it('an unknown namespace is refused with not_found in connect_error data', async () => {
    server = await startTestServer();
    const { token } = await signInVisitor(server.url);
    for (const nsp of ['/', '/nope', '/chat2']) {
      const error = await connect(server.url, nsp, { token }).then(
        () => 'connected',
        (e: { data?: { code?: string } }) => e.data?.code,
      );
      expect(error, nsp).toBe('not_found');
    }
  });
});
