/** Bad input gets a clear error, changes nothing, and never wedges the server. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Limits } from '@parley/protocol';
import { tableSnapshot } from './support/database.js';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, sleep, type AnySocket } from './support/sockets.js';

let server: TestServer;
let chat: AnySocket;
let admin: AnySocket;
let queryId: string;
let customerToken: string;
let countsBefore: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  const agent = await login(server.url);
  const customer = await signInVisitor(server.url);
  customerToken = customer.token;
  queryId = (await openQuery(server.url, customer.token)).id;
  chat = await connectAs(server.url, '/chat', customer.token);
  admin = await connectAs(server.url, '/admin', agent.token);
  await call(chat, 'query:join', { queryId });
  await call(admin, 'query:join', { queryId });
  countsBefore = tableSnapshot(server.dataDir);
});
afterAll(async () => {
  chat?.close();
  admin?.close();
  await server.dispose();
});

const valid = () => ({
  'query:join': { queryId },
  'query:leave': { queryId },
  'message:send': { queryId, clientId: randomUUID(), body: 'hello' },
  typing: { queryId, typing: true },
  'message:read': { queryId, seq: 1 },
  'query:assign': { queryId },
  'query:resolve': { queryId },
  'query:reopen': { queryId },
  'presence:set': { status: 'away' },
});
type EventName = keyof ReturnType<typeof valid>;
const chatEvents: EventName[] = ['query:join', 'query:leave', 'message:send', 'typing', 'message:read'];
const adminOnly: EventName[] = ['query:assign', 'query:resolve', 'query:reopen', 'presence:set'];

function badPayloads(event: EventName): Array<[string, unknown]> {
  const good = valid()[event] as Record<string, unknown>;
  const cases: Array<[string, unknown]> = [
    ['a string', 'hello'],
    ['a number', 42],
    ['null', null],
    ['an array', [good]],
    ['nothing', undefined],
    ['an unknown field', { ...good, extra: true }],
  ];
  if ('queryId' in good) cases.push(['a bad uuid', { ...good, queryId: 'not-a-uuid' }], ['a missing queryId', { ...good, queryId: undefined }]);
  if (event === 'message:send') {
    cases.push(
      ['a bad clientId', { ...good, clientId: '123' }],
      ['an empty body', { ...good, body: '' }],
      ['a whitespace body', { ...good, body: '   \n\t ' }],
      ['a 4001-character body', { ...good, body: 'x'.repeat(Limits.MESSAGE_BODY_MAX + 1) }],
      ['a non-string body', { ...good, body: 12 }],
      ['a body of zero-width characters only', { ...good, body: '\u200B\u200D\uFEFF' }],
      // UTF-8 cannot carry it: stored, it would come back as U+FFFD, not what the ack said.
      ['a lone surrogate in the body', { ...good, body: 'a\ud800b' }],
      // PostgreSQL's text cannot hold it.
      ['a NUL character in the body', { ...good, body: 'a\u0000b' }],
    );
  }
  if (event === 'message:read') cases.push(['a negative seq', { ...good, seq: -1 }], ['a fractional seq', { ...good, seq: 1.5 }]);
  if (event === 'typing') cases.push(['a non-boolean typing', { ...good, typing: 'yes' }]);
  if (event === 'presence:set') cases.push(['an unknown status', { status: 'offline' }]);
  return cases;
}

describe('bad input on socket events', () => {
  for (const event of [...chatEvents, ...adminOnly]) {
    const socket = () => (adminOnly.includes(event) ? admin : chat);
    for (const [label, payload] of badPayloads(event)) {
      it(`${event} with ${label} → invalid_payload`, async () => {
        const ack = payload === undefined ? await call(socket(), event) : await call(socket(), event, payload);
        expect(ack.ok).toBe(false);
        expect(ack.error.code).toBe('invalid_payload');
        expect(typeof ack.error.message).toBe('string');
        expect(Array.isArray(ack.error.issues)).toBe(true);
      });
    }
  }

  it('a 4000-character body (after trimming) is accepted: the limit is exact', async () => {
    const ack = await call(chat, 'message:send', { queryId, clientId: randomUUID(), body: `  ${'y'.repeat(Limits.MESSAGE_BODY_MAX)}  ` });
    expect(ack.ok).toBe(true);
    expect(ack.message.body).toHaveLength(Limits.MESSAGE_BODY_MAX);
    countsBefore = tableSnapshot(server.dataDir);
  });

  it('/admin events on /chat are unknown events', async () => {
    for (const event of adminOnly) {
      const ack = await call(chat, event, valid()[event]);
      expect(ack).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    }
  });

  it('an unknown event with an ack gets unknown_event; without an ack it is ignored', async () => {
    expect(await call(chat, 'message:delete', { queryId })).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    chat.emit('no:such:event', { x: 1 });
    expect((await call(chat, 'query:join', { queryId })).ok).toBe(true);
  });

  it('an acknowledged event sent without an ack does nothing and harms nothing, on /chat and /admin', async () => {
    const before = tableSnapshot(server.dataDir);
    chat.emit('message:send', { queryId, clientId: randomUUID(), body: 'no ack' });
    chat.emit('query:resolve', { queryId });
    // The admin-only events, where they exist: still nothing without an ack.
    admin.emit('query:resolve', { queryId });
    admin.emit('query:assign', { queryId });
    admin.emit('message:send', { queryId, clientId: randomUUID(), body: 'no ack either', internal: true });
    await sleep(100);
    expect(tableSnapshot(server.dataDir)).toEqual(before);
    expect((await call(chat, 'query:join', { queryId })).ok).toBe(true);
  });

  it('a frame over maxHttpBufferSize closes only that connection; the server serves others', async () => {
    const victim = await connectAs(server.url, '/chat', customerToken);
    const closed = new Promise<string>((resolve) => victim.on('disconnect', (reason) => resolve(reason)));
    victim.emit('message:send', { queryId, clientId: randomUUID(), body: 'z'.repeat(Limits.MAX_FRAME_BYTES + 1024) });
    expect(await closed).toMatch(/transport (close|error)/);
    victim.close();
    expect(chat.connected).toBe(true);
    const ack = await call(chat, 'query:join', { queryId });
    expect(ack.ok).toBe(true);
    const fresh = await connectAs(server.url, '/chat', customerToken);
    expect((await call(fresh, 'query:join', { queryId })).ok).toBe(true);
    fresh.close();
  });

  it('none of the refused socket input changed the database', () => {
    expect(tableSnapshot(server.dataDir)).toEqual(countsBefore);
  });
});

describe('bad input on REST', () => {
  const post = (path: string, body: unknown, headers?: Record<string, string>) =>
    api(server.url, 'POST', path, { token: customerToken, body, headers });

  it.each([
    ['bad JSON', '/api/queries', '{"subject": "x",', 400, 'invalid_payload'],
    ['an empty JSON body', '/api/queries', '', 400, 'invalid_payload'],
    ['an unknown field', '/api/queries', { subject: 'S', body: 'B', priority: 'high' }, 400, 'invalid_payload'],
    ['a whitespace body', '/api/queries', { subject: 'S', body: '   ' }, 400, 'invalid_payload'],
    ['a non-object', '/api/queries', '[1,2]', 400, 'invalid_payload'],
    ['an oversize body', '/api/queries', { subject: 'S', body: 'x'.repeat(Limits.MAX_FRAME_BYTES + 10) }, 413, 'payload_too_large'],
    ['an unknown visitor field', '/api/auth/visitor', { name: 'A', admin: true }, 400, 'invalid_payload'],
    ['a malformed email', '/api/auth/login', { email: 'nope', password: 'x' }, 400, 'invalid_payload'],
  ])('%s → %i %s', async (_label, path, body, status, code) => {
    const res = await post(path as string, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
  });

  it('a body that is not valid UTF-8 is refused, not stored with replacement characters', async () => {
    const invalid = Buffer.concat([Buffer.from('{"subject":"S","body":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await fetch(`${server.url}/api/queries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
      body: invalid,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_payload', message: 'the body is not valid UTF-8' } });
  });

  it('an unsupported content type is refused', async () => {
    const res = await post('/api/queries', 'subject=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_payload');
  });

  it('bad ids and query strings are refused', async () => {
    expect((await api(server.url, 'GET', '/api/queries/not-a-uuid', { token: customerToken })).body.error.code).toBe('invalid_payload');
    const res = await api(server.url, 'GET', `/api/queries/${queryId}/messages?limit=100000`, { token: customerToken });
    expect(res.status).toBe(400);
    expect((await api(server.url, 'GET', `/api/queries?foo=1`, { token: customerToken })).status).toBe(400);
    expect((await api(server.url, 'GET', `/api/queries?cursor=garbage`, { token: customerToken })).body.error.code).toBe('invalid_payload');
  });

  it('an unknown API route is a JSON not_found', async () => {
    const res = await api(server.url, 'GET', '/api/nope', { token: customerToken });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect((await api(server.url, 'DELETE', '/api/queries', {})).body.error.code).toBe('not_found');
  });

  it('none of the refused REST input changed the database', () => {
    expect(tableSnapshot(server.dataDir)).toEqual(countsBefore);
  });
});
