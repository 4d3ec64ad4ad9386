/**
 * createQuery() against the real server: a retry after a lost response or an
 * expired token reuses the clientId, so it can never open a second query.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CustomerClient, signInVisitor } from '../src/index.js';
import { closeClients, track } from './support/clients.js';
import { signToken, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.server.url;
});
afterEach(closeClients);
afterAll(() => server.close());

/** fetch that records the bodies POSTed to /api/queries and loses the first response after the server handled it. */
function losingFirstResponse(): { fetch: typeof fetch; bodies: Array<Record<string, unknown>> } {
  const bodies: Array<Record<string, unknown>> = [];
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (init?.method === 'POST' && String(input).endsWith('/api/queries')) {
      bodies.push(JSON.parse(String(init.body)));
      if (bodies.length === 1) throw new TypeError('network connection lost');
    }
    return response;
  };
  return { fetch: wrapped, bodies };
}

describe('createQuery', () => {
  it('retries a lost response with the same clientId and opens one query', async () => {
    const visitor = await signInVisitor(url, {});
    const net = losingFirstResponse();
    const client = track(new CustomerClient({ baseUrl: url, session: visitor, fetch: net.fetch }));

    const query = await client.createQuery({ subject: 'Lost response', body: 'hello' });

    expect(net.bodies).toHaveLength(2);
    expect(net.bodies[0]!.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(net.bodies[1]!.clientId).toBe(net.bodies[0]!.clientId);
    await client.loadQueries();
    expect(client.queries.getSnapshot().items.map((q) => q.id)).toEqual([query.id]);
  });

  it('keeps the caller’s clientId, so the caller’s own retry returns the same query', async () => {
    const visitor = await signInVisitor(url, {});
    const client = track(new CustomerClient({ baseUrl: url, session: visitor }));
    const clientId = crypto.randomUUID();

    const first = await client.createQuery({ subject: 'Draft', body: 'one', clientId });
    const again = await client.createQuery({ subject: 'Draft', body: 'one', clientId });

    expect(again.id).toBe(first.id);
    expect(client.queries.getSnapshot().items.map((q) => q.id)).toEqual([first.id]);
  });

  it('reuses its clientId when it renews an expired token and asks again', async () => {
    const visitor = await signInVisitor(url, {});
    const expired = signToken({ sub: visitor.user.id, role: 'customer', name: visitor.user.name }, -5);
    const bodies: Array<Record<string, unknown>> = [];
    const recording: typeof fetch = (input, init) => {
      if (init?.method === 'POST' && String(input).endsWith('/api/queries')) bodies.push(JSON.parse(String(init.body)));
      return fetch(input, init);
    };
    const client = track(new CustomerClient({ baseUrl: url, session: { ...visitor, token: expired }, fetch: recording }));

    await client.createQuery({ subject: 'After renewal', body: 'x' });

    expect(bodies).toHaveLength(2);
    expect(bodies[1]!.clientId).toBe(bodies[0]!.clientId);
  });

  it('gives each call without a clientId a new one: two calls open two queries', async () => {
    const visitor = await signInVisitor(url, {});
    const client = track(new CustomerClient({ baseUrl: url, session: visitor }));
    const a = await client.createQuery({ subject: 'A', body: 'a' });
    const b = await client.createQuery({ subject: 'B', body: 'b' });
    expect(a.id).not.toBe(b.id);
  });
});
