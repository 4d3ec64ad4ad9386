/**
 * Teams and routing without a dispatcher: customers pick a team, an auto-assigning team hands each new query to
 * its online agent with the fewest open queries below capacity, queues the rest, and hands them out as soon as
 * someone comes online or frees capacity.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Query, Team, TeamChoice, TeamListResponse } from '@parley/protocol';
import { api, createAgent, login, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, eventually, next, type AnySocket } from './support/sockets.js';

describe('teams', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer({ maxOpenQueries: 0 });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  const open = async (token: string, teamId?: string) => {
    const res = await api<{ query: Query }>(server.url, 'POST', '/api/queries', { token, body: { subject: 'Help', body: 'hello', ...(teamId ? { teamId } : {}) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.query;
  };
  const assigneeOf = async (token: string, id: string) =>
    (await api<{ query: Query }>(server.url, 'GET', `/api/queries/${id}`, { token })).body.query.assignee?.id ?? null;

  it('a customer picks a team from the list; without a pick the query goes to the default team', async () => {
    const admin = await login(server.url);
    const sales = (await api<{ team: Team }>(server.url, 'POST', '/api/teams', { token: admin.token, body: { name: 'Sales' } })).body.team;
    const support = (await api<{ team: Team }>(server.url, 'POST', '/api/teams', { token: admin.token, body: { name: 'Support', isDefault: true } })).body.team;
    const customer = await signInVisitor(server.url, 'Cy');
    const choices = await api<{ teams: TeamChoice[] }>(server.url, 'GET', '/api/teams', { token: customer.token });
    expect(choices.body.teams).toEqual([
      { id: sales.id, name: 'Sales', isDefault: false, openNow: true, nextOpenAt: null },
      { id: support.id, name: 'Support', isDefault: true, openNow: true, nextOpenAt: null },
    ]);
    expect((await open(customer.token, sales.id)).team).toEqual({ id: sales.id, name: 'Sales' });
    expect((await open(customer.token)).team).toEqual({ id: support.id, name: 'Support' });
    const refused = await api(server.url, 'POST', '/api/queries', { token: customer.token, body: { subject: 'x', body: 'y', teamId: randomUUID() } });
    expect(refused.status).toBe(400);
    expect((await api(server.url, 'POST', '/api/teams', { token: customer.token, body: { name: 'Mine' } })).status).toBe(403);
  });

  it("tells every console each team change as it happens (teams:changed, every team as it is now), agents included, customers not", async () => {
    const admin = await login(server.url);
    const bo = await createAgent(server.url, admin.token, { email: `bo-${randomUUID()}@example.test`, name: 'Bo' });
    const agentSocket = await connectAs(server.url, '/admin', bo.token);
    const customer = await signInVisitor(server.url, 'Cy');
    const customerSocket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(agentSocket, customerSocket);
    let customerHeard = 0;
    customerSocket.on('teams:changed', () => customerHeard++);

    const created = next<TeamListResponse>(agentSocket, 'teams:changed');
    const sales = (await api<{ team: Team }>(server.url, 'POST', '/api/teams', { token: admin.token, body: { name: 'Sales' } })).body.team;
    expect((await created).teams).toEqual([sales]);

    const renamed = next<TeamListResponse>(agentSocket, 'teams:changed');
    const patched = (await api<{ team: Team }>(server.url, 'PATCH', `/api/teams/${sales.id}`, { token: admin.token, body: { name: 'Sales EMEA' } })).body.team;
    expect((await renamed).teams).toEqual([patched]);

    const deleted = next<TeamListResponse>(agentSocket, 'teams:changed');
    expect((await api(server.url, 'DELETE', `/api/teams/${sales.id}`, { token: admin.token })).status).toBe(204);
    expect((await deleted).teams).toEqual([]);
    // The customer's socket, connected all along, heard none of the three (a ping proves it is still served).
    await call(customerSocket, 'query:join', { queryId: randomUUID() });
    expect(customerHeard).toBe(0);
  });

  it('hands new queries to the online agent with the fewest open ones, queues them at capacity, and hands them out when capacity frees or someone comes online', async () => {
    const admin = await login(server.url);
    const bo = await createAgent(server.url, admin.token, { email: `bo-${randomUUID()}@example.test`, name: 'Bo' });
    const di = await createAgent(server.url, admin.token, { email: `di-${randomUUID()}@example.test`, name: 'Di' });
    const team = (await api<{ team: Team }>(server.url, 'POST', '/api/teams', {
      token: admin.token, body: { name: 'Support', isDefault: true, autoAssign: true, capacity: 1, memberIds: [bo.agent.id, di.agent.id] },
    })).body.team;
    expect(team).toMatchObject({ autoAssign: true, capacity: 1 });
    const boSocket = await connectAs(server.url, '/admin', bo.token);
    sockets.push(boSocket);
    const customer = await signInVisitor(server.url, 'Cy');
    const first = await open(customer.token);
    await eventually(async () => (await assigneeOf(admin.token, first.id)) === bo.agent.id, 5000, 'the first query to go to Bo');
    const second = await open(customer.token);
    // Bo is at capacity and Di is offline: the second waits in the team's queue.
    await call(boSocket, 'query:join', { queryId: first.id });
    expect(await assigneeOf(admin.token, second.id)).toBeNull();

    // Di comes online: the waiting query is hers at once.
    const diSocket = await connectAs(server.url, '/admin', di.token);
    sockets.push(diSocket);
    await eventually(async () => (await assigneeOf(admin.token, second.id)) === di.agent.id, 5000, 'the second query to go to Di');

    // Both at capacity; Bo resolves his: the third goes to him.
    const third = await open(customer.token);
    expect((await call(boSocket, 'query:resolve', { queryId: first.id })).ok).toBe(true);
    await eventually(async () => (await assigneeOf(admin.token, third.id)) === bo.agent.id, 5000, 'the third query to go to Bo once he had room');
    // An away agent takes nothing.
    await call(diSocket, 'presence:set', { status: 'away' });
    expect((await call(diSocket, 'query:resolve', { queryId: second.id })).ok).toBe(true);
    const fourth = await open(customer.token);
    expect(await assigneeOf(admin.token, fourth.id)).toBeNull();
    // It waited for her (Bo is full): back online, it is hers.
    await call(diSocket, 'presence:set', { status: 'online' });
    await eventually(async () => (await assigneeOf(admin.token, fourth.id)) === di.agent.id, 5000, 'the fourth query to go to Di once she is back');
  });

  it('only admins manage teams, with clear refusals', async () => {
    const admin = await login(server.url);
    const bo = await createAgent(server.url, admin.token, { email: `bo-${randomUUID()}@example.test`, name: 'Bo' });
    expect((await api(server.url, 'POST', '/api/teams', { token: bo.token, body: { name: 'X' } })).status).toBe(403);
    for (const body of [{}, { name: '' }, { name: 'X', capacity: 0 }, { name: 'X', memberIds: ['nope'] }, { name: 'X', extra: 1 }]) {
      const refused = await api(server.url, 'POST', '/api/teams', { token: admin.token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api(server.url, 'POST', '/api/teams', { token: admin.token, body: { name: 'X', memberIds: [randomUUID()] } })).status).toBe(400);
    expect((await api(server.url, 'PATCH', `/api/teams/${randomUUID()}`, { token: admin.token, body: { name: 'Y' } })).status).toBe(404);
    const team = (await api<{ team: Team }>(server.url, 'POST', '/api/teams', { token: admin.token, body: { name: 'X' } })).body.team;
    expect((await api(server.url, 'DELETE', `/api/teams/${team.id}`, { token: admin.token })).status).toBe(204);
    expect((await api(server.url, 'DELETE', `/api/teams/${team.id}`, { token: admin.token })).status).toBe(404);
  });

  it('outside business hours the customer sees when the team opens, and gets its automatic reply once, which leaves them waiting', async () => {
    const admin = await login(server.url);
    // Open only on a weekday other than today, in UTC: closed now, opening within a week.
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const day = (today % 7) + 1;
    const team = (await api<{ team: Team }>(server.url, 'POST', '/api/teams', {
      token: admin.token,
      body: { name: 'Night shift', isDefault: true, hours: { timeZone: 'UTC', ranges: [{ day, open: '09:00', close: '17:00' }] }, autoReply: 'We are closed now; we answer from 9:00.' },
    })).body.team;
    expect(team.hours).toEqual({ timeZone: 'UTC', ranges: [{ day, open: '09:00', close: '17:00' }] });
    const customer = await signInVisitor(server.url, 'Owl');
    const [choice] = (await api<{ teams: TeamChoice[] }>(server.url, 'GET', '/api/teams', { token: customer.token })).body.teams;
    expect(choice).toMatchObject({ openNow: false });
    expect(new Date(choice!.nextOpenAt!).getUTCHours()).toBe(9);
    expect(Date.parse(choice!.nextOpenAt!)).toBeGreaterThan(Date.now());

    const query = await open(customer.token);
    let messages: Array<{ seq: number; body: string; author: { role: string; name: string } }> = [];
    await eventually(async () => {
      messages = (await api(server.url, 'GET', `/api/queries/${query.id}/messages`, { token: customer.token })).body.messages;
      return messages.length === 2;
    }, 5000, 'the automatic reply');
    expect(messages[1]).toMatchObject({ seq: 2, body: 'We are closed now; we answer from 9:00.', author: { role: 'system', name: 'Night shift' } });
    const stored = (await api<{ query: Query }>(server.url, 'GET', `/api/queries/${query.id}`, { token: admin.token })).body.query;
    // Still waiting for a person, nothing read by anyone, nobody assigned; agents have one message to read, not two.
    expect(stored.waitingSince).toBe(query.createdAt);
    expect(stored).toMatchObject({ agentReadSeq: 0, agentUnread: 1, assignee: null, lastSeq: 2 });
    // The customer's own view does not carry the agents' count.
    const mine = (await api<{ query: Query }>(server.url, 'GET', `/api/queries/${query.id}`, { token: customer.token })).body.query;
    expect(mine).toMatchObject({ lastSeq: 2, agentUnread: 0 });
    const bad = await api(server.url, 'PATCH', `/api/teams/${team.id}`, { token: admin.token, body: { hours: { timeZone: 'UTC', ranges: [{ day: 8, open: '09:00', close: '08:00' }] } } });
    expect(bad.status).toBe(400);
  });
});
