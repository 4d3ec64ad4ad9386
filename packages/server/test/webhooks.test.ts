/**
 * Webhooks against a real server and a real receiver on 127.0.0.1: signed
 * deliveries of every event, retries with backoff, redelivery, the SSRF guard,
 * the per-endpoint concurrency limit, a slow endpoint that never holds up the
 * chat, and the outbox surviving a restart.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookDelivery, WebhookResponse } from '@parley/protocol';
import { WEBHOOK_EVENT_TYPES, WebhookHeaders } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type ServerConfig } from '../src/index.js';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature.js';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, tempDataDir, type TestServer } from './support/server.js';
import { type AnySocket, call, connectAs, until } from './support/sockets.js';
import { type Respond, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/** Reads until `ok` holds (the dispatcher records attempts after the receiver saw them). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const webhooks = (over: Partial<ServerConfig['webhooks']> = {}): ServerConfig['webhooks'] => ({
  ...defaultConfig.webhooks, allowPrivateAddresses: true, pollMs: 50, firstRetryMs: 50, ...over,
});

describe('webhooks', () => {
  const servers: TestServer[] = [];
  const receivers: WebhookReceiver[] = [];
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const r of receivers.splice(0)) await r.close();
    for (const s of servers.splice(0)) await s.dispose();
  });

  async function setUp(options: { respond?: Respond; config?: Partial<ServerConfig['webhooks']>; dataDir?: string } = {}) {
    const server = await startTestServer({ webhooks: webhooks(options.config), ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
    servers.push(server);
    const receiver = await startWebhookReceiver(options.respond);
    receivers.push(receiver);
    const admin = await login(server.url);
    const register = async (body: Record<string, unknown>) => {
      const res = await api<WebhookResponse>(server.url, 'POST', '/api/webhooks', { token: admin.token, body: { url: receiver.url, ...body } });
      expect(res.status).toBe(201);
      return res.body;
    };
    const deliveries = async (id: string) =>
      (await api<{ deliveries: WebhookDelivery[] }>(server.url, 'GET', `/api/webhooks/${id}/deliveries`, { token: admin.token })).body.deliveries;
    return { server, receiver, admin, register, deliveries };
  }

  it('every event reaches the endpoint once, signed with its secret; notes only when asked for; each attempt is listed', async () => {
    const { server, receiver, admin, register, deliveries } = await setUp();
    const { webhook, secret } = await register({ events: WEBHOOK_EVENT_TYPES });
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: receiver.url, includeNotes: false, active: true, secretHint: secret!.slice(-4) });
    const listed = await api(server.url, 'GET', '/api/webhooks', { token: admin.token });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const visitor = await signInVisitor(server.url, 'Vera');
    const query = await openQuery(server.url, visitor.token, 'Parcel', 'Where is my parcel?');
    const chat = await connectAs(server.url, '/chat', visitor.token);
    const console = await connectAs(server.url, '/admin', admin.token);
    sockets.push(chat, console);
    for (const s of [chat, console]) await call(s, 'query:join', { queryId: query.id });
    expect((await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Order 42' })).ok).toBe(true);
    expect((await call(console, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'vip', internal: true })).ok).toBe(true);
    const patch = (body: unknown) => api(server.url, 'PATCH', `/api/queries/${query.id}`, { token: admin.token, body });
    expect((await patch({ assigneeId: admin.agent.id })).status).toBe(200);
    expect((await patch({ status: 'resolved' })).status).toBe(200);
    expect((await api(server.url, 'POST', `/api/queries/${query.id}/rating`, { token: visitor.token, body: { score: 5 } })).status).toBe(200);

    const expected = ['message.created', 'message.created', 'query.assigned', 'query.created', 'query.resolved', 'rating.created'];
    await until(() => receiver.received.length >= expected.length, 5000, 'six deliveries');
    expect(receiver.received.map((d) => d.body.type).sort()).toEqual(expected);
    for (const d of receiver.received) {
      expect(verifyWebhookSignature(secret!, d.raw, d.headers[WebhookHeaders.signature] as string)).toBe(true);
      expect(d.headers[WebhookHeaders.eventId]).toBe(d.body.id);
      expect(d.headers[WebhookHeaders.eventType]).toBe(d.body.type);
      expect(d.headers['content-type']).toBe('application/json');
      expect(d.body.data.query.id).toBe(query.id);
    }
    expect(new Set(receiver.received.map((d) => d.body.id)).size).toBe(expected.length);
    const bodies = receiver.received.filter((d) => d.body.type === 'message.created').map((d) => (d.body.data as { message: { body: string } }).message.body);
    expect(bodies.sort()).toEqual(['Order 42', 'Where is my parcel?']);

    const listedDeliveries = await eventually(
      () => deliveries(webhook.id), (all) => all.every((d) => d.status !== 'pending'), 'every attempt recorded',
    );
    expect(listedDeliveries).toHaveLength(expected.length);
    for (const d of listedDeliveries) expect(d).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 200, responseBody: 'ok', error: null });
  });

  it('a failing endpoint is retried with backoff until it answers 2xx; an admin can redeliver', async () => {
    const { server, receiver, admin, register, deliveries } = await setUp({ respond: (_, i) => (i < 2 ? 503 : 200) });
    const { webhook } = await register({ events: ['query.created'] });
    const visitor = await signInVisitor(server.url);
    await openQuery(server.url, visitor.token);
    await until(() => receiver.received.length >= 3, 5000, 'three attempts');
    expect(new Set(receiver.received.map((d) => d.body.id)).size).toBe(1);
    const [delivery] = await eventually(() => deliveries(webhook.id), ([d]) => d?.status !== 'pending', 'the attempt recorded');
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, responseStatus: 200 });

    const redo = await api(server.url, 'POST', `/api/webhooks/${webhook.id}/deliveries/${delivery!.id}/redeliver`, { token: admin.token });
    expect(redo.status).toBe(202);
    await until(() => receiver.received.length >= 4, 5000, 'the redelivery');
    expect(receiver.received[3]!.body.id).toBe(receiver.received[0]!.body.id);
    const unknown = await api(server.url, 'POST', `/api/webhooks/${webhook.id}/deliveries/${randomUUID()}/redeliver`, { token: admin.token });
    expect(unknown.status).toBe(404);
  });

  it('a slow endpoint never holds up the chat, and gets at most its concurrency of attempts at once', async () => {
    const { server, receiver, register } = await setUp({ respond: () => 'hold', config: { concurrencyPerEndpoint: 2 } });
    await register({ events: ['message.created'] });
    const visitor = await signInVisitor(server.url);
    const query = await openQuery(server.url, visitor.token);
    await until(() => receiver.held === 1, 5000, 'the first delivery held');
    const chat = await connectAs(server.url, '/chat', visitor.token);
    sockets.push(chat);
    await call(chat, 'query:join', { queryId: query.id });
    for (let i = 0; i < 5; i++) {
      const ack = await call(chat, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `message ${i}` });
      expect(ack.ok).toBe(true);
    }
    // Every send was acked while the endpoint still held its requests.
    expect(receiver.held).toBeGreaterThan(0);
    let most = 0;
    while (receiver.received.length < 6) {
      await until(() => receiver.held === 2 || receiver.received.length + receiver.held >= 6 && receiver.held > 0, 5000, 'held requests');
      most = Math.max(most, receiver.held);
      receiver.release();
    }
    expect(most).toBe(2);
    expect(new Set(receiver.received.map((d) => d.body.id)).size).toBe(6);
  });

  it('an endpoint that was down while the server restarted gets what it missed from the next process', async () => {
    const dataDir = tempDataDir();
    const first = await setUp({ dataDir, config: { firstRetryMs: 1500 } });
    const { port } = first.receiver;
    await first.receiver.close();
    receivers.splice(receivers.indexOf(first.receiver), 1);
    const { webhook } = await first.register({ events: ['query.created'] });
    const visitor = await signInVisitor(first.server.url);
    await openQuery(first.server.url, visitor.token);
    const [failed] = await eventually(() => first.deliveries(webhook.id), ([d]) => (d?.attempts ?? 0) > 0, 'the failed attempt');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, error: expect.stringContaining('ECONNREFUSED') });
    await first.server.close();
    servers.splice(servers.indexOf(first.server), 1);

    const receiver = await startWebhookReceiver(() => 200, port);
    receivers.push(receiver);
    const second = await startTestServer({ dataDir, webhooks: webhooks({ firstRetryMs: 1500 }) });
    servers.push(second);
    await until(() => receiver.received.length === 1, 10_000, 'the missed delivery');
    expect(receiver.received[0]!.body.type).toBe('query.created');
  });

  it('only admins manage webhooks; private addresses and bad input are refused with what is wrong', async () => {
    const server = await startTestServer();
    servers.push(server);
    const admin = await login(server.url);
    const agent = await createAgent(server.url, admin.token, { email: `a-${randomUUID()}@example.test`, name: 'Ann' });
    const visitor = await signInVisitor(server.url);
    const post = (token: string, body: unknown) => api(server.url, 'POST', '/api/webhooks', { token, body });
    const good = { url: 'https://hooks.example.com/x', events: ['query.created'] };
    expect((await post(agent.token, good)).status).toBe(403);
    expect((await post(visitor.token, good)).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/webhooks', { token: agent.token })).status).toBe(403);
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost:8080/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.8/x']) {
      const res = await post(admin.token, { ...good, url });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_payload', message: expect.stringContaining('private or reserved') });
    }
    for (const body of [{ ...good, url: 'ftp://hooks.example.com/x' }, { ...good, events: [] }, { ...good, events: ['query.deleted'] }, { ...good, extra: 1 }]) {
      const res = await post(admin.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_payload');
    }
    expect((await api(server.url, 'PATCH', `/api/webhooks/${randomUUID()}`, { token: admin.token, body: { active: false } })).status).toBe(404);
  });
});
