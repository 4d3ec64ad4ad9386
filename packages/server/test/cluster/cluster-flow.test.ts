/**
 * Three node processes on one PostgreSQL database and one Redis prefix, behind
 * HAProxy with TLS (deploy/haproxy.cfg): started together, they all serve; a
 * conversation spread over the three nodes reaches everyone once and in order;
 * a polling-only client works through the balancer; presence, deactivation,
 * sign-out everywhere and attachments are the same from every node.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AgentWithPresence, CustomerResponse, Message, Query } from '@parley/protocol';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/postgres/migrations.js';
import { png, upload } from '../attachments-helpers.js';
import { startTestCluster, type LocalCluster } from '../support/cluster.js';
import { api, createAgent, login, openQuery, signInVisitor } from '../support/http.js';
import { sql } from '../support/postgres.js';
import { call, connectAs, next, record, until } from '../support/sockets.js';

describe('three nodes behind HAProxy', { timeout: 60_000 }, () => {
  let cluster: LocalCluster;
  const sockets: Socket[] = [];
  const node = (i: number) => cluster.nodes[i]!.url;
  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 3 });
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
  });

  it('three nodes started at once on an empty database all become ready; each migration ran once', async () => {
    for (const n of cluster.nodes) expect((await fetch(`${n.url}/readyz`)).status).toBe(200);
    const rows = await sql<{ version: number; applied: number }>(
      cluster.databaseUrl,
      'SELECT version, count(*)::integer AS applied FROM schema_migrations GROUP BY version ORDER BY version',
    );
    expect(rows).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => ({ version: i + 1, applied: 1 })));
    // One first admin, though three nodes found an empty database.
    expect(await sql(cluster.databaseUrl, 'SELECT email FROM agents')).toHaveLength(1);
    expect(await cluster.haproxy!.serverStates()).toEqual(new Map([['node1', 'up'], ['node2', 'up'], ['node3', 'up']]));
  });

  it('a customer on node A, agents on nodes B and C: the whole flow, seqs consecutive, every message seen once by each side', async () => {
    const admin = await login(node(1));
    const colleague = await createAgent(node(2), admin.token, { email: `c-${randomUUID()}@example.test`, name: 'Cora' });
    const onB = await connectAs(node(1), '/admin', admin.token);
    const onC = await connectAs(node(2), '/admin', colleague.token);
    sockets.push(onB, onC);
    const visitor = await signInVisitor(node(0), 'Vera');
    const createdOnB = next<{ query: Query }>(onB, 'query:created', (e) => e.query.customer.id === visitor.customer.id);
    const createdOnC = next<{ query: Query }>(onC, 'query:created', (e) => e.query.customer.id === visitor.customer.id);
    const query = await openQuery(node(0), visitor.token, 'Across nodes', 'hello from node A');
    expect((await createdOnB).query.id).toBe(query.id);
    expect((await createdOnC).query.id).toBe(query.id);

    const onA = await connectAs(node(0), '/chat', visitor.token);
    sockets.push(onA);
    for (const s of [onA, onB, onC]) expect((await call(s, 'query:join', { queryId: query.id })).ok).toBe(true);
    const assigned = next<{ query: Query }>(onA, 'query:updated', (e) => e.query.assignee?.id === admin.agent.id);
    expect((await call(onB, 'query:assign', { queryId: query.id })).ok).toBe(true);
    await assigned;

    const seen = new Map([onA, onB, onC].map((s) => [s, record<{ message: Message }>(s, 'message:new')]));
    const acked: Message[] = [];
    const send = async (socket: Socket, body: string, internal = false) => {
      const ack = await call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body, ...(internal ? { internal } : {}) });
      expect(ack.ok).toBe(true);
      acked.push(ack.message);
    };
    // Interleaved from all three nodes, some at the same moment.
    for (let round = 0; round < 5; round++) {
      await Promise.all([send(onA, `customer ${round}`), send(onB, `agent B ${round}`), send(onC, `agent C ${round}`)]);
      await send(onC, `note ${round}`, true);
    }
    const publicSeqs = acked.filter((m) => !m.internal).map((m) => m.seq).sort((a, b) => a - b);
    expect(publicSeqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 2));
    expect(acked.filter((m) => m.internal).map((m) => m.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);

    // Each side holds every message once: what it sent (from its acks) plus what it heard, nothing twice.
    const holds = (socket: Socket, internal: boolean) => {
      const own = acked.filter((m) => m.internal === internal && m.author.id === authorOf(socket));
      const heard = seen.get(socket)!.map((e) => e.message).filter((m) => m.internal === internal);
      return [...own, ...heard].map((m) => m.seq).sort((a, b) => a - b);
    };
    const authorOf = (socket: Socket) => (socket === onA ? visitor.customer.id : socket === onB ? admin.agent.id : colleague.agent.id);
    await until(() => [onA, onB, onC].every((s) => holds(s, false).length === 15), 5000, 'every public message everywhere');
    await until(() => [onB, onC].every((s) => holds(s, true).length === 5), 5000, 'every note at both agents');
    for (const s of [onA, onB, onC]) expect(holds(s, false)).toEqual(publicSeqs);
    for (const s of [onB, onC]) expect(holds(s, true)).toEqual([1, 2, 3, 4, 5]);
    // The customer never hears a note.
    expect(seen.get(onA)!.some((e) => e.message.internal)).toBe(false);

    const resolved = next<{ query: Query }>(onA, 'query:updated', (e) => e.query.status === 'resolved');
    expect((await call(onC, 'query:resolve', { queryId: query.id })).ok).toBe(true);
    expect((await resolved).query.lastNoteSeq).toBe(0);
  });

  it('a polling-only client through HAProxy over TLS chats normally, pinned to one node by the balancer’s cookie', async () => {
    const visitor = await signInVisitor(cluster.url, 'Polly');
    const query = await openQuery(cluster.url, visitor.token, 'Polling', 'over long-polling');
    const admin = await login(node(2));
    const agent = await connectAs(node(2), '/admin', admin.token);
    sockets.push(agent);
    await call(agent, 'query:join', { queryId: query.id });
    const heard = record<{ message: Message }>(agent, 'message:new');
    const customer = io(`${cluster.url}/chat`, {
      auth: { token: visitor.token, protocol: PROTOCOL_VERSION },
      transports: ['polling'],
      // What the SDK sets: socket.io-client in Node keeps the balancer's cookie only with it.
      withCredentials: true,
      forceNew: true,
      reconnection: false,
    });
    sockets.push(customer);
    await new Promise<void>((resolve, reject) => {
      customer.once('connect', () => resolve());
      customer.once('connect_error', reject);
    });
    expect(customer.io.engine.transport.name).toBe('polling');
    expect((await call(customer, 'query:join', { queryId: query.id })).ok).toBe(true);
    const toCustomer = record<{ message: Message }>(customer, 'message:new');
    for (let i = 0; i < 20; i++) {
      const ack = await call(customer, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `poll ${i}` });
      expect(ack).toMatchObject({ ok: true, message: { seq: i + 2 } });
    }
    expect((await call(agent, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'heard you' })).ok).toBe(true);
    await until(() => heard.length === 20 && toCustomer.length === 1, 5000, 'both directions');
    expect(heard.map((e) => e.message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(customer.io.engine.transport.name).toBe('polling');
  });

  it('HAProxy: HTTP is redirected to HTTPS, and its session cookie survives a third-party iframe', async () => {
    const redirect = await fetch(`${cluster.httpUrl}/admin/?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`${cluster.url}/admin/?x=1`);
    const ready = await fetch(`${cluster.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('set-cookie')).toMatch(/^PARLEY_NODE=node\d; path=\/; HttpOnly; Secure; SameSite=None; Partitioned$/);
  });

  it('presence is the same seen from every node: online while connected anywhere, offline after', async () => {
    const admin = await login(node(0));
    const agent = await createAgent(node(0), admin.token, { email: `p-${randomUUID()}@example.test`, name: 'Pia' });
    const statusFrom = async (url: string) => {
      const res = await api<{ agents: AgentWithPresence[] }>(url, 'GET', '/api/agents', { token: admin.token });
      return res.body.agents.find((a) => a.id === agent.agent.id)?.status;
    };
    const watcher = await connectAs(node(2), '/admin', admin.token);
    sockets.push(watcher);
    const online = next<{ agentId: string; status: string }>(watcher, 'presence', (e) => e.agentId === agent.agent.id && e.status === 'online');
    const socket = await connectAs(node(1), '/admin', agent.token);
    await online;
    expect(await Promise.all(cluster.nodes.map((n) => statusFrom(n.url)))).toEqual(['online', 'online', 'online']);
    const away = next<{ agentId: string; status: string }>(watcher, 'presence', (e) => e.agentId === agent.agent.id && e.status === 'away');
    await call(socket, 'presence:set', { status: 'away' });
    await away;
    expect(await Promise.all(cluster.nodes.map((n) => statusFrom(n.url)))).toEqual(['away', 'away', 'away']);
    const offline = next<{ agentId: string; status: string }>(watcher, 'presence', (e) => e.agentId === agent.agent.id && e.status === 'offline');
    socket.close();
    await offline;
    expect(await Promise.all(cluster.nodes.map((n) => statusFrom(n.url)))).toEqual(['offline', 'offline', 'offline']);
  });

  it('a customer online on node A is online in the panel of an agent on node C, with two tabs on two nodes, and offline once both close', async () => {
    const admin = await login(node(2));
    const visitor = await signInVisitor(node(0), 'Olga');
    const query = await openQuery(node(0), visitor.token);
    const watcher = await connectAs(node(2), '/admin', admin.token);
    sockets.push(watcher);
    expect((await call(watcher, 'query:join', { queryId: query.id })).ok).toBe(true);
    const heard = record<{ customerId: string; status: string }>(watcher, 'customer:presence');
    const panelFrom = async (url: string) =>
      (await api<CustomerResponse>(url, 'GET', `/api/customers/${visitor.customer.id}`, { token: admin.token })).body.presence;
    const online = next(watcher, 'customer:presence', (e: { status: string }) => e.status === 'online');
    const tabA = await connectAs(node(0), '/chat', visitor.token);
    const tabB = await connectAs(node(1), '/chat', visitor.token);
    await online;
    expect(await Promise.all(cluster.nodes.map((n) => panelFrom(n.url)))).toEqual(['online', 'online', 'online']);
    const offline = next(watcher, 'customer:presence', (e: { status: string }) => e.status === 'offline');
    tabA.close();
    tabB.close();
    await offline;
    // Announced once each way, by the node that saw the change, though two nodes had sockets.
    expect(heard).toEqual([
      { customerId: visitor.customer.id, status: 'online', at: expect.any(String) },
      { customerId: visitor.customer.id, status: 'offline', at: expect.any(String) },
    ]);
    expect(await Promise.all(cluster.nodes.map((n) => panelFrom(n.url)))).toEqual(['offline', 'offline', 'offline']);
  });

  it('auto-assignment with queries opened on three nodes at once: no agent above capacity, no query assigned twice', async () => {
    const admin = await login(node(0));
    const a1 = await createAgent(node(0), admin.token, { email: `t1-${randomUUID()}@example.test`, name: 'T1' });
    const a2 = await createAgent(node(1), admin.token, { email: `t2-${randomUUID()}@example.test`, name: 'T2' });
    const created = await api<{ team: { id: string } }>(node(2), 'POST', '/api/teams', {
      token: admin.token, body: { name: `Routing ${randomUUID().slice(0, 6)}`, autoAssign: true, capacity: 2, memberIds: [a1.agent.id, a2.agent.id] },
    });
    expect(created.status).toBe(201);
    const teamId = created.body.team.id;
    sockets.push(await connectAs(node(0), '/admin', a1.token), await connectAs(node(1), '/admin', a2.token));
    const customers = await Promise.all([0, 1, 2].map((i) => signInVisitor(node(i), `Routed ${i}`)));
    const opened = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        api<{ query: Query }>(node(i % 3), 'POST', '/api/queries', { token: customers[i % 3]!.token, body: { subject: `R${i}`, body: 'hello', teamId } }),
      ),
    );
    expect(opened.every((r) => r.status === 201)).toBe(true);
    const ids = opened.map((r) => r.body.query.id);
    const assignees = async () =>
      Promise.all(ids.map(async (id) => (await api<{ query: Query }>(node(0), 'GET', `/api/queries/${id}`, { token: admin.token })).body.query.assignee?.id ?? null));
    const deadline = Date.now() + 10_000;
    let now = await assignees();
    while (now.filter(Boolean).length < 4 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      now = await assignees();
    }
    expect(now.filter((a) => a === a1.agent.id)).toHaveLength(2);
    expect(now.filter((a) => a === a2.agent.id)).toHaveLength(2);
    expect(now.filter((a) => a === null)).toHaveLength(5);
    // One assignment each in the timelines of the handed-out queries (never twice).
    const timelines = await Promise.all(
      ids.map(async (id, i) => (now[i] ? (await call(sockets.at(-2)!, 'query:join', { queryId: id })).timeline.filter((e: { type: string }) => e.type === 'assigned').length : 0)),
    );
    expect(timelines.reduce((n, x) => n + x, 0)).toBe(4);
  });

  it('an agent deactivated through node B loses every socket on node C within a second', async () => {
    const admin = await login(node(1));
    const agent = await createAgent(node(1), admin.token, { email: `d-${randomUUID()}@example.test`, name: 'Dario' });
    const onC = await connectAs(node(2), '/admin', agent.token);
    const onA = await connectAs(node(0), '/admin', agent.token);
    sockets.push(onC, onA);
    const gone = Promise.all(
      [onC, onA].map((s) => new Promise<{ closing: unknown; at: number }>((resolve) => {
        let closing: unknown;
        s.on('server:closing', (e) => (closing = e));
        s.on('disconnect', () => resolve({ closing, at: performance.now() }));
      })),
    );
    const started = performance.now();
    expect((await api(node(1), 'PATCH', `/api/agents/${agent.agent.id}`, { token: admin.token, body: { active: false } })).status).toBe(200);
    const results = await gone;
    for (const r of results) {
      expect(r.closing).toEqual({ reason: 'deactivated' });
      expect(r.at - started).toBeLessThan(1000);
    }
    await expect(connectAs(node(2), '/admin', agent.token)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
  });

  it('sign-out everywhere through node A closes the agent’s socket on node C; the fresh token works on every node', async () => {
    const admin = await login(node(1));
    const agent = await createAgent(node(1), admin.token, { email: `s-${randomUUID()}@example.test`, name: 'Sana' });
    const onC = await connectAs(node(2), '/admin', agent.token);
    sockets.push(onC);
    const closing = next(onC, 'server:closing');
    const res = await api(node(0), 'POST', '/api/auth/sign-out-everywhere', { token: agent.token });
    expect(res.status).toBe(200);
    expect(await closing).toEqual({ reason: 'signed_out' });
    await expect(connectAs(node(1), '/admin', agent.token)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    for (const i of [0, 1, 2]) sockets.push(await connectAs(node(i), '/admin', res.body.token));
  });

  it('an attachment uploaded through node A downloads through node B, byte for byte', async () => {
    const visitor = await signInVisitor(node(0));
    const query = await openQuery(node(0), visitor.token);
    // A picture with 3 MiB of noise after it: several chunks in the database.
    const bytes = Buffer.concat([png(), randomBytes(3 * 1024 * 1024)]);
    const uploaded = await upload(node(0), visitor.token, query.id, { name: 'big.png', type: 'image/png', bytes });
    expect(uploaded.status).toBe(201);
    const { attachment } = uploaded.body;
    expect(attachment.size).toBe(bytes.length);
    const downloaded = await fetch(`${node(1)}${attachment.url}`, { headers: { authorization: `Bearer ${visitor.token}` } });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    // Through the balancer too, whichever node it picks.
    const viaProxy = await fetch(`${cluster.url}${attachment.url}`, { headers: { authorization: `Bearer ${visitor.token}` } });
    expect(Buffer.from(await viaProxy.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
