/**
 * One visitor must not flood the agents' queue: open queries are capped per
 * customer, and openings are limited per customer and per client address.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { api, login, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
afterEach(async () => server?.dispose());

const create = (token: string, options: { clientId?: string; ip?: string } = {}) =>
  api(server.url, 'POST', '/api/queries', {
    token,
    body: { subject: 'Help', body: 'hello', ...(options.clientId ? { clientId: options.clientId } : {}) },
    headers: options.ip ? { 'x-forwarded-for': options.ip } : {},
  });

describe('open queries per customer', () => {
  it('past maxOpenQueries: 403 quota_exceeded with a message the customer can act on; a retry of an opened one is still answered; resolving frees a place', async () => {
    server = await startTestServer({ maxOpenQueries: 2 });
    const customer = await signInVisitor(server.url);
    const firstId = randomUUID();
    const first = await create(customer.token, { clientId: firstId });
    expect((await create(customer.token)).status).toBe(201);
    const third = await create(customer.token);
    expect(third.status).toBe(403);
    expect(third.body.error.code).toBe('quota_exceeded');
    expect(third.body.error.message).toMatch(/at most 2/);
    const retry = await create(customer.token, { clientId: firstId });
    expect(retry.status).toBe(200);
    expect(retry.body.query.id).toBe(first.body.query.id);

    expect((await api(server.url, 'GET', '/metrics')).body).toMatch(/parley_quota_refused_total\{kind="rest"\} 1\b/);

    const admin = await login(server.url);
    await api(server.url, 'PATCH', `/api/queries/${first.body.query.id}`, { token: admin.token, body: { status: 'resolved' } });
    expect((await create(customer.token)).status).toBe(201);
    // Another customer has their own places.
    const other = await signInVisitor(server.url);
    expect((await create(other.token)).status).toBe(201);
  });
});

describe('openings per hour', () => {
  it('per customer: past queriesPerHour, 429 rate_limited with retryAfterMs', async () => {
    server = await startTestServer({ queriesPerHour: 2 });
    const customer = await signInVisitor(server.url);
    expect((await create(customer.token)).status).toBe(201);
    expect((await create(customer.token)).status).toBe(201);
    const refused = await create(customer.token);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.retryAfterMs).toBeGreaterThan(60_000);
    // Counted like every REST refusal by a limit.
    expect((await api(server.url, 'GET', '/metrics')).body).toMatch(/parley_rate_limited_total\{kind="rest"\} 1\b/);
  });

  it('per address: new visitors from one address share queriesPerHourPerIp; other addresses do not', async () => {
    server = await startTestServer({ queriesPerHourPerIp: 3, trustProxy: ['loopback'] });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await create((await signInVisitor(server.url)).token, { ip: '10.9.9.9' })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await create((await signInVisitor(server.url)).token, { ip: '10.9.9.10' })).status).toBe(201);
  });
});
