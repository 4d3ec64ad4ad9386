/** Over a limit the answer is rate_limited with retryAfterMs; refused messages are not stored; acked ones all are. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { storedSeqs } from './support/database.js';
import { api, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connect, connectAs, sleep, type AnySocket } from './support/sockets.js';

describe('rate limits', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  it('message rate per user, across their sockets: rate_limited with retryAfterMs, refused ones not stored, every ok-acked one stored', async () => {
    server = await startTestServer({ rateLimitMessages: 5 });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` })),
    );
    const ok = acks.filter((a) => a.ok);
    const refused = acks.filter((a) => !a.ok);
    // 5 per second sustained with a burst of twice that.
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(20);
    for (const r of refused) {
      expect(r.error.code).toBe('rate_limited');
      expect(r.error.retryAfterMs).toBeGreaterThan(0);
      expect(r.error.retryAfterMs).toBeLessThanOrEqual(1000);
    }
    expect(storedSeqs(server.dataDir, query.id)).toEqual([1, ...ok.map((a) => a.message.seq)].sort((a, b) => a - b));
    expect(storedSeqs(server.dataDir, query.id)).toHaveLength(11);

    // Another socket of the same customer spends the same budget; another customer has their own.
    const sameUser = await connectAs(server.url, '/chat', customer.token);
    sockets.push(sameUser);
    const again = await call(sameUser, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'second tab' });
    expect(again.error.code).toBe('rate_limited');
    const neighbour = await signInVisitor(server.url);
    const theirs = await openQuery(server.url, neighbour.token);
    const other = await connectAs(server.url, '/chat', neighbour.token);
    sockets.push(other);
    expect((await call(other, 'message:send', { queryId: theirs.id, clientId: randomUUID(), body: 'other' })).ok).toBe(true);
    // After retryAfterMs the first one can send again.
    await sleep(Math.max(...refused.map((r) => r.error.retryAfterMs), again.error.retryAfterMs) + 20);
    expect((await call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'later' })).ok).toBe(true);
  });

  it('handshakes per IP: over the limit connect_error says rate_limited', async () => {
    server = await startTestServer({ handshakeRateLimit: 3 });
    const customer = await signInVisitor(server.url);
    // All at once, so the test does not depend on how fast this machine is.
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        connect(server.url, '/chat', { token: customer.token }).then(
          (s) => (sockets.push(s), 'ok'),
          (e: { data?: { code: string; retryAfterMs?: number } }) => {
            expect(e.data?.retryAfterMs).toBeGreaterThan(0);
            return e.data?.code ?? 'unknown';
          },
        ),
      ),
    );
    // 3 per second with a burst of twice that.
    expect(results.filter((r) => r === 'ok')).toHaveLength(6);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(4);
  });

  it('REST sign-in routes are limited per IP with 429 rate_limited', async () => {
    server = await startTestServer({ authRateLimit: 3 });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api<any>>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await api(server.url, 'POST', '/api/auth/visitor', { body: {} });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(last?.body.error.code).toBe('rate_limited');
    expect(last?.body.error.retryAfterMs).toBeGreaterThan(0);
    expect(last?.headers.get('retry-after')).not.toBeNull();
  });

  it('a REST refusal is held for refusalDelayMs (a tarpit) while other addresses are answered; shutting down answers it at once', async () => {
    server = await startTestServer({ restRateLimit: 1, refusalDelayMs: 60_000, trustProxy: ['loopback'] });
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    expect((await api(server.url, 'GET', '/api/queries', from('203.0.113.1'))).status).not.toBe(429);
    let answered = false;
    const held = api(server.url, 'GET', '/api/queries', from('203.0.113.1')).finally(() => (answered = true));
    // Another address, within its own limit, is answered while the flooder's refusal is still held.
    expect((await api(server.url, 'GET', '/api/queries', from('203.0.113.2'))).status).not.toBe(429);
    expect(answered).toBe(false);
    await server.close();
    const refusal = await held;
    expect(refusal.status).toBe(429);
    expect(refusal.body.error.code).toBe('rate_limited');
  });

  it('0 turns the message limit off (benchmarks)', async () => {
    server = await startTestServer({ rateLimitMessages: 0 });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    const acks = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
  });
});
