/** GET /api/customers/:id: agents see who a query's customer is; customers are refused. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { api, login, openQuery } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('customers', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('shows agents the email a visitor left, and refuses customers and unknown ids', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const visitor = await api(server.url, 'POST', '/api/auth/visitor', { body: { name: 'Vic', email: 'vic@example.test' } });
    const query = await openQuery(server.url, visitor.body.token);
    const res = await api(server.url, 'GET', `/api/customers/${query.customer.id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: query.customer.id, name: 'Vic', email: 'vic@example.test', externalId: null });
    expect((await api(server.url, 'GET', `/api/customers/${query.customer.id}`, { token: visitor.body.token })).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/customers/${randomUUID()}`, { token: admin.token })).status).toBe(404);
    expect((await api(server.url, 'GET', '/api/customers/not-a-uuid', { token: admin.token })).status).toBe(400);
  });
});
