/**
 * One abuser must not hurt anyone else: a connection flooding packets is cut
 * and its address and user cool down; sockets are capped per user and per
 * address; messages are limited per customer per minute. Clients are told
 * apart by X-Forwarded-For (the server trusts loopback as its proxy), as they
 * would be behind HAProxy. Clients that keep going after a refusal (sending
 * inside the wait they were told, retrying a refused socket over and over) are
 * cut and cooled down too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { connect as connectRaw } from 'node:net';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, next } from './support/sockets.js';

let server: TestServer;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.dispose();
});

/** A socket from client address `ip`; rejects with the connect_error. */
function open(token: string, ip: string, namespace: '/chat' | '/admin' = '/chat'): Promise<Socket> {
  const socket = io(server.url + namespace, {
    auth: { token, protocol: PROTOCOL_VERSION },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
    extraHeaders: { 'x-forwarded-for': ip },
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => null,
    (error: Error & { data?: { code?: string; retryAfterMs?: number } }) => ({ code: error.data?.code, retryAfterMs: error.data?.retryAfterMs }),
  );

async function metric(name: string): Promise<number> {
  const text = (await api(server.url, 'GET', '/metrics')).body as string;
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('a connection flooding packets', () => {
  it('is cut with server:closing rate_limited; its user and address cool down; others carry on', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 50, floodCooldownSeconds: 30 });
    const flooder = await signInVisitor(server.url, 'Flooder');
    const theirs = await openQuery(server.url, flooder.token);
    const socket = await open(flooder.token, '10.0.0.66');
    const closing = next(socket, 'server:closing');
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    for (let i = 0; i < 5_000; i++) socket.emit('typing', { queryId: theirs.id, typing: i % 2 === 0 });
    expect(await closing).toEqual({ reason: 'rate_limited' });
    expect(await gone).toBe('transport close');
    expect(await metric('parley_flood_cuts_total')).toBe(1);

    // The user, from anywhere: refused with the time left. The address, whoever signs in: refused before the handshake.
    const again = await refusal(open(flooder.token, '10.0.0.67'));
    expect(again?.code).toBe('rate_limited');
    expect(again?.retryAfterMs).toBeGreaterThan(25_000);
    const neighbour = await signInVisitor(server.url, 'Neighbour');
    expect(await refusal(open(neighbour.token, '10.0.0.66'))).not.toBeNull();

    // Everyone else: unaffected.
    const bystander = await signInVisitor(server.url, 'Bystander');
    const query = await openQuery(server.url, bystander.token);
    const calm = await open(bystander.token, '10.0.0.7');
    expect((await call(calm, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'still here' })).ok).toBe(true);
  });

  it('a flooder that never answers the close is dropped at once, not after the WebSocket close timeout', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 50 });
    const flooder = await signInVisitor(server.url, 'Raw');
    const started = performance.now();
    const raw = connectRaw(server.port);
    raw.on('error', () => {});
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    let received = '';
    raw.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const key = randomBytes(16).toString('base64');
    raw.write(
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nX-Forwarded-For: 10.0.0.99\r\n\r\n`,
    );
    raw.write(maskedTextFrame(`40/chat,${JSON.stringify({ token: flooder.token, protocol: PROTOCOL_VERSION })}`));
    while (!received.includes('40/chat,')) await new Promise((resolve) => setTimeout(resolve, 10));
    // Like a flooding script: write as fast as the socket takes it, answer nothing (not even the close).
    const frame = maskedTextFrame('42/chat,["typing",{"queryId":"x","typing":true}]');
    let open = true;
    void closed.then(() => (open = false));
    while (open) {
      if (!raw.write(frame)) await Promise.race([new Promise((resolve) => raw.once('drain', resolve)), closed]);
    }
    expect(received).toContain('server:closing');
    // The WebSocket close handshake alone would have kept it (and the server parsing it) for 30 s.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await metric('parley_flood_cuts_total')).toBe(1);
  });

  it('a burst within the budget is served, not cut', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 50 });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await open(customer.token, '10.0.0.8');
    for (let i = 0; i < 60; i++) socket.emit('typing', { queryId: query.id, typing: true });
    expect((await call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'after typing' })).ok).toBe(true);
    expect(socket.connected).toBe(true);
    expect(await metric('parley_flood_cuts_total')).toBe(0);
  });
});

describe('caps on sockets held at once', () => {
  it('one user holds at most maxSocketsPerUser sockets: the next is refused quota_exceeded until one closes', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], maxSocketsPerUser: 2 });
    const customer = await signInVisitor(server.url);
    const first = await open(customer.token, '10.0.1.1');
    await open(customer.token, '10.0.1.2');
    expect((await refusal(open(customer.token, '10.0.1.3')))?.code).toBe('quota_exceeded');
    const other = await signInVisitor(server.url);
    await open(other.token, '10.0.1.1');
    first.close();
    // The server learns of the close a moment later: until then the cap still counts it.
    let third: Socket | null = null;
    while (!third) third = await open(customer.token, '10.0.1.3').catch(() => null);
    expect(third.connected).toBe(true);
  });

  it('one address holds at most maxConnectionsPerIp connections; other addresses are not counted with it', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], maxConnectionsPerIp: 3 });
    const customer = await signInVisitor(server.url);
    const held = await Promise.all([1, 2, 3].map(() => open(customer.token, '10.0.2.1')));
    expect(await refusal(open(customer.token, '10.0.2.1'))).not.toBeNull();
    await open(customer.token, '10.0.2.2');
    held[0]!.close();
    let again: Socket | null = null;
    while (!again) again = await open(customer.token, '10.0.2.1').catch(() => null);
    expect(again.connected).toBe(true);
  });
});

describe('messages per customer per minute', () => {
  it('counts the customers of one address together past customerMessagesPerMinutePerIp; other addresses are not', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], customerMessagesPerMinutePerIp: 4 });
    const send = async (token: string, ip: string) => {
      const query = await openQuery(server.url, token);
      const socket = await open(token, ip);
      return (n: number) => call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${n}` });
    };
    const [first, second] = await Promise.all([signInVisitor(server.url), signInVisitor(server.url)]);
    const a = await send(first.token, '10.0.4.1');
    const b = await send(second.token, '10.0.4.1');
    const acks = [await a(1), await b(2), await a(3), await b(4), await a(5)];
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, true, false]);
    expect(acks[4].error.code).toBe('rate_limited');
    const elsewhere = await send((await signInVisitor(server.url)).token, '10.0.4.2');
    expect((await elsewhere(6)).ok).toBe(true);
  });

  it('refuses the customer past customerMessagesPerMinute with rate_limited, not the agent in the same query', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], customerMessagesPerMinute: 3 });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await open(customer.token, '10.0.3.1');
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push(await call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(acks[3].error.code).toBe('rate_limited');
    expect(acks[3].error.retryAfterMs).toBeGreaterThan(1_000);
    const admin = await login(server.url);
    const agent = await open(admin.token, '10.0.3.2', '/admin');
    for (let i = 0; i < 5; i++) {
      expect((await call(agent, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `a${i}` })).ok).toBe(true);
    }
  });
});

describe('clients that ignore what they are told', () => {
  it('a connection that keeps sending inside the wait its refusals told it is cut, and its address is then refused before engine.io', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 200, customerMessagesPerMinute: 2 });
    const script = await signInVisitor(server.url, 'Script');
    const query = await openQuery(server.url, script.token);
    const socket = await open(script.token, '10.0.5.1');
    const closing = next(socket, 'server:closing');
    const codes: string[] = [];
    // Eight a second, as a script would, whatever retryAfterMs says.
    while (socket.connected && codes.length < 200) {
      const ack = await Promise.race([call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'again' }), closing.then(() => null)]);
      if (!ack) break;
      codes.push(ack.ok ? 'ok' : ack.error.code);
      await new Promise((resolve) => setTimeout(resolve, 125));
    }
    expect(await closing).toEqual({ reason: 'rate_limited' });
    expect(codes.slice(0, 2)).toEqual(['ok', 'ok']);
    // Cut after its allowance of ignored waits (20), the first refusals of each wait being in flight: not much more.
    expect(codes.length).toBeLessThan(40);
    expect(await metric('parley_flood_cuts_total')).toBe(1);

    // Its address: refused before engine.io reads the upgrade (a bare 429), whoever signs in from it.
    const neighbour = await signInVisitor(server.url, 'Neighbour');
    const refused = await refusal(open(neighbour.token, '10.0.5.1'));
    expect(refused).not.toBeNull();
    expect(await metric('parley_rate_limited_total{kind="cooldown"}')).toBeGreaterThanOrEqual(1);
  });

  it('a client that waits retryAfterMs after each refusal is never cut', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 200, rateLimitMessages: 2 });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await open(customer.token, '10.0.5.2');
    let refused = 0;
    for (let stored = 0; stored < 12; ) {
      const ack = await call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${stored}` });
      if (ack.ok) stored += 1;
      else {
        refused += 1;
        await new Promise((resolve) => setTimeout(resolve, ack.error.retryAfterMs));
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(socket.connected).toBe(true);
    expect(await metric('parley_flood_cuts_total')).toBe(0);
  });

  it('a user refused quota_exceeded again and again cools down with its address', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 200, maxSocketsPerUser: 1, floodCooldownSeconds: 30 });
    const customer = await signInVisitor(server.url);
    await open(customer.token, '10.0.6.1');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 12; i++) codes.push((await refusal(open(customer.token, '10.0.6.1')))?.code);
    // Ten refusals within ten seconds are allowed (a user with one tab too many); past that, the cooldown.
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('quota_exceeded'));
    const later = await refusal(open(customer.token, '10.0.6.9'));
    expect(later?.code).toBe('rate_limited');
    expect(later?.retryAfterMs).toBeGreaterThan(25_000);
    const neighbour = await signInVisitor(server.url);
    expect(await refusal(open(neighbour.token, '10.0.6.1'))).not.toBeNull();
    expect(await metric('parley_rate_limited_total{kind="cooldown"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('an address cooling down', () => {
  it('gets no answer to an upgrade: with the tarpit on it is held unread until the cooldown ends, then closed', async () => {
    server = await startTestServer({ trustProxy: ['loopback'], packetRateLimit: 200, maxSocketsPerUser: 1, floodCooldownSeconds: 2, refusalDelayMs: 1000 });
    const customer = await signInVisitor(server.url);
    await open(customer.token, '10.0.7.1');
    for (let i = 0; i <= 10; i++) await refusal(open(customer.token, '10.0.7.1'));
    const raw = connectRaw(server.port);
    raw.on('error', () => {});
    let received = '';
    raw.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const sent = performance.now();
    raw.write(
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nX-Forwarded-For: 10.0.7.1\r\n\r\n`,
    );
    await closed;
    expect(received).toBe('');
    // Held, not closed at once: the cooldown (2 s) had most of its time left.
    expect(performance.now() - sent).toBeGreaterThan(500);
    expect(await metric('parley_rate_limited_total{kind="cooldown"}')).toBe(1);
  });
});

/** One masked client WebSocket text frame (RFC 6455 §5.2), as a raw flooder writes it. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const extended = payload.length >= 126;
  if (payload.length > 0xffff) throw new Error('frames up to 64 KiB only');
  const header = extended ? 4 : 2;
  const mask = randomBytes(4);
  const frame = Buffer.alloc(header + 4 + payload.length);
  frame[0] = 0x81;
  frame[1] = 0x80 | (extended ? 126 : payload.length);
  if (extended) frame.writeUInt16BE(payload.length, 2);
  mask.copy(frame, header);
  for (let i = 0; i < payload.length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}
