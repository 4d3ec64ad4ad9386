/**
 * Webhooks on two nodes sharing PostgreSQL and Redis: events written on
 * either node are delivered once each, by one node, and the concurrency limit
 * per endpoint holds for the cluster.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookDelivery, WebhookResponse } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/index.js';
import { api, login, openQuery, signInVisitor } from '../support/http.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { dropRedisPrefix, REDIS_URL } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { type AnySocket, call, connectAs, until } from '../support/sockets.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

describe('webhooks on two nodes', () => {
  const servers: TestServer[] = [];
  const sockets: AnySocket[] = [];
  let database: TestDatabase | undefined;
  let receiver: WebhookReceiver | undefined;
  const prefix = `parley-test-${randomUUID()}`;
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await receiver?.close();
    for (const s of servers.splice(0)) await s.dispose();
    await database?.drop();
    await dropRedisPrefix(prefix);
  });

  it('messages sent through both nodes each reach the endpoint once, at most two at a time across the cluster', async () => {
    database = await createTestDatabase('webhooks');
    let open = 0;
    let most = 0;
    receiver = await startWebhookReceiver(() => {
      most = Math.max(most, ++open);
      return 'hold';
    });
    const webhooks = { ...defaultConfig.webhooks, allowPrivateAddresses: true, pollMs: 20, concurrencyPerEndpoint: 2 };
    for (let i = 0; i < 2; i++) {
      servers.push(await startTestServer({ databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: prefix, webhooks }));
    }
    const [a, b] = servers as [TestServer, TestServer];
    const admin = await login(a.url);
    const created = await api<WebhookResponse>(b.url, 'POST', '/api/webhooks', {
      token: admin.token, body: { url: receiver.url, events: ['message.created'] },
    });
    expect(created.status).toBe(201);
    const visitor = await signInVisitor(a.url);
    const query = await openQuery(b.url, visitor.token);
    for (const node of [a, b]) {
      const chat = await connectAs(node.url, '/chat', visitor.token);
      sockets.push(chat);
      await call(chat, 'query:join', { queryId: query.id });
    }
    for (let i = 0; i < 10; i++) {
      const ack = await call(sockets[i % 2]!, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `message ${i}` });
      expect(ack.ok).toBe(true);
    }
    // Answer the held requests two by two until all eleven messages (the first one included) arrived.
    while (receiver.received.length < 11 || receiver.held > 0) {
      await until(() => receiver!.held > 0, 5000, 'a held delivery');
      open -= receiver.held;
      receiver.release();
    }
    expect(most).toBeLessThanOrEqual(2);
    const seqs = receiver.received.map((d) => (d.body.data as { message: { seq: number } }).message.seq);
    expect(seqs.sort((x, y) => x - y)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    const list = async () =>
      (await api<{ deliveries: WebhookDelivery[] }>(a.url, 'GET', `/api/webhooks/${created.body.webhook.id}/deliveries`, { token: admin.token })).body.deliveries;
    let deliveries = await list();
    for (let i = 0; i < 250 && deliveries.some((d) => d.status === 'pending'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      deliveries = await list();
    }
    // Each sent by one node, once.
    expect(deliveries.map((d) => [d.status, d.attempts])).toEqual(Array.from({ length: 11 }, () => ['succeeded', 1]));
  });
});
