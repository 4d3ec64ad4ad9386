/** GET /api/reports: figures from what is stored, admins for the team, agents for themselves. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportResponse } from '@parley/protocol';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, type AnySocket } from './support/sockets.js';

describe('reports', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  // Yesterday to tomorrow (UTC): a run across midnight still has its conversations in the period.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const report = (token: string, more = '') =>
    api<ReportResponse>(server.url, 'GET', `/api/reports?from=${day(-1)}&to=${day(1)}${more}`, { token });

  it('counts today’s conversations, replies, resolutions and ratings, per agent; an agent sees only theirs', async () => {
    const admin = await login(server.url);
    const bo = await createAgent(server.url, admin.token, { email: `bo-${randomUUID()}@example.test`, name: 'Bo' });
    const customer = await signInVisitor(server.url, 'Cy');
    const answered = await openQuery(server.url, customer.token, 'One', 'hello');
    await openQuery(server.url, customer.token, 'Two', 'hello again');
    const boSocket = await connectAs(server.url, '/admin', bo.token);
    sockets.push(boSocket);
    // Bo's reply takes the query (replyAssigns), then Bo resolves it and the customer rates it.
    await call(boSocket, 'message:send', { queryId: answered.id, clientId: randomUUID(), body: 'Hi!' });
    await call(boSocket, 'query:resolve', { queryId: answered.id });
    expect((await api(server.url, 'POST', `/api/queries/${answered.id}/rating`, { token: customer.token, body: { score: 5 } })).status).toBe(200);

    const team = await report(admin.token);
    expect(team.status).toBe(200);
    expect(team.body.openedPerDay.map((d) => d.day)).toEqual([day(-1), day(0), day(1)]);
    expect(team.body.openedPerDay.reduce((n, d) => n + d.count, 0)).toBe(2);
    expect(team.body.total).toMatchObject({
      opened: 2,
      firstResponse: { count: 1 },
      resolution: { count: 1 },
      satisfaction: { count: 1, average: 5, distribution: [0, 0, 0, 0, 1] },
    });
    expect(team.body.total.firstResponse.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(team.body.agents.map((a) => [a.agent?.name ?? null, a.opened])).toEqual([
      ['Bo', 1],
      [null, 1],
    ]);

    const own = await report(bo.token);
    expect(own.body.total.opened).toBe(1);
    expect(own.body.agents.map((a) => a.agent?.id)).toEqual([bo.agent.id]);
    expect((await report(bo.token, `&agentId=${admin.agent.id}`)).status).toBe(403);
    expect((await report(admin.token, `&agentId=${bo.agent.id}`)).body.total.opened).toBe(1);
    expect((await report(customer.token)).status).toBe(403);
  });

  it('refuses a period it cannot report on, saying why', async () => {
    const admin = await login(server.url);
    for (const query of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-02&to=2026-03-01', 'from=2024-01-01&to=2026-01-01', 'from=2026-03-01&to=2026-03-02&timeZone=Mars/Olympus', 'to=2026-03-01']) {
      const refused = await api(server.url, 'GET', `/api/reports?${query}`, { token: admin.token });
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('invalid_payload');
    }
  });
});
