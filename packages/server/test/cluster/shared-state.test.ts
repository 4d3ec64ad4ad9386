/**
 * What nodes share through Redis besides broadcasts, with two in-process nodes
 * on one database: rate limits counted across nodes (and from memory while
 * Redis is away), and the refusal of a node whose secrets differ from the
 * running nodes'.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/index.js';
import { api, signInVisitor } from '../support/http.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { dropRedisPrefix, OwnRedis, REDIS_URL } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('state shared through Redis', () => {
  const servers: TestServer[] = [];
  const databases: TestDatabase[] = [];
  const prefixes: string[] = [];
  const redises: OwnRedis[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0).reverse()) await s.dispose().catch(() => {});
    for (const r of redises.splice(0)) await r.stop();
    for (const d of databases.splice(0)) await d.drop();
    for (const p of prefixes.splice(0)) await dropRedisPrefix(p);
  });

  async function cluster(overrides: Parameters<typeof startTestServer>[0] = {}, redisUrl = REDIS_URL) {
    const database = await createTestDatabase('shared');
    databases.push(database);
    const redisPrefix = `parley-test-${randomUUID()}`;
    prefixes.push(redisPrefix);
    const base = { databaseUrl: database.url, redisUrl, redisPrefix, ...overrides };
    const start = async (more: Parameters<typeof startTestServer>[0] = {}) => {
      const server = await startTestServer({ ...base, ...more });
      servers.push(server);
      return server;
    };
    return { start, base };
  }

  it('counts a client’s sign-ins across nodes: the limit holds wherever the requests land', async () => {
    const { start } = await cluster({ authRateLimit: 4 });
    const [a, b] = [await start(), await start()];
    const statuses: number[] = [];
    for (const node of [a, b, a, b, a, b]) statuses.push((await api(node.url, 'POST', '/api/auth/visitor', { body: {} })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
  });

  it('counts handshakes per IP across nodes too', async () => {
    const { start } = await cluster({ handshakeRateLimit: 1 });
    const [a, b] = [await start(), await start()];
    const visitor = await signInVisitor(a.url);
    const { connect } = await import('../support/sockets.js');
    const codes: string[] = [];
    // 1 per second with a burst of 1 more: the third handshake of this IP is refused, on either node.
    for (const node of [a, b, a]) {
      await connect(node.url, '/chat', { token: visitor.token }).then(
        (socket) => (socket.close(), codes.push('ok')),
        (error: { data?: { code: string } }) => codes.push(error.data?.code ?? 'refused'),
      );
    }
    expect(codes).toEqual(['ok', 'ok', 'rate_limited']);
  });

  it('while Redis is away, each node still limits from memory (the insurance limiter), and serves', async () => {
    const redis = await OwnRedis.start();
    redises.push(redis);
    const { start } = await cluster({ authRateLimit: 3 }, redis.url);
    const a = await start();
    await redis.kill();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(a.url, 'POST', '/api/auth/visitor', { body: {} })).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('refuses to start a node whose JWT_SECRET or IDENTITY_SECRET differs from the running nodes’', async () => {
    const { start } = await cluster();
    await start({ jwtSecret: 'a'.repeat(40), identitySecret: 'identity-one-1234' });
    await expect(start({ jwtSecret: 'b'.repeat(40), identitySecret: 'identity-one-1234' })).rejects.toThrow(
      /JWT_SECRET differs from the one the running nodes of this cluster/,
    );
    await expect(start({ jwtSecret: 'a'.repeat(40), identitySecret: 'identity-two-1234' })).rejects.toThrow(
      /IDENTITY_SECRET differs/,
    );
    // The same secrets: welcome.
    await expect(start({ jwtSecret: 'a'.repeat(40), identitySecret: 'identity-one-1234' })).resolves.toBeDefined();
  });

  it('without JWT_SECRET, the nodes of a PostgreSQL cluster share one generated secret: a token from one works on the other', async () => {
    const { start } = await cluster({ jwtSecret: undefined });
    const a = await start({ jwtSecret: undefined });
    const b = await start({ jwtSecret: undefined });
    const visitor = await signInVisitor(a.url);
    expect((await api(b.url, 'GET', '/api/queries', { token: visitor.token })).status).toBe(200);
  });

  it('refuses REDIS_URL without DATABASE_URL before touching anything', async () => {
    await expect(startTestServer({ redisUrl: REDIS_URL })).rejects.toBeInstanceOf(ConfigError);
  });
});
