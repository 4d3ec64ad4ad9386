/** Idempotent sends, concurrent senders and group commit, over real sockets. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { storedSeqs, tableCounts } from './support/database.js';
import { api, createAgent, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, record, sleep, until, type AnySocket } from './support/sockets.js';

describe('messages', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server.dispose();
  });

  async function pair() {
    const agent = await login(server.url);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const agentSocket = await connectAs(server.url, '/admin', agent.token);
    const customerSocket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(agentSocket, customerSocket);
    await call(agentSocket, 'query:join', { queryId: query.id });
    await call(customerSocket, 'query:join', { queryId: query.id });
    return { agent, customer, query, agentSocket, customerSocket };
  }

  it('a sequential retry with the same clientId returns the stored message and broadcasts nothing again', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    const received = record<{ message: Message }>(agentSocket, 'message:new');
    const payload = { queryId: query.id, clientId: randomUUID(), body: 'only once' };
    const first = await call(customerSocket, 'message:send', payload);
    const retry = await call(customerSocket, 'message:send', payload);
    expect(first.ok && retry.ok).toBe(true);
    expect(retry.message).toEqual(first.message);
    await sleep(100);
    expect(received.map((e) => e.message.id)).toEqual([first.message.id]);
    expect(storedSeqs(server.dataDir, query.id)).toEqual([1, 2]);
  });

  it('concurrent retries with the same clientId (on one socket and on a second connection of the same customer) store once and broadcast once', async () => {
    const { customer, query, agentSocket, customerSocket } = await pair();
    const received = record<{ message: Message }>(agentSocket, 'message:new');
    const payload = { queryId: query.id, clientId: randomUUID(), body: 'racing retries' };
    const other = await connectAs(server.url, '/chat', customer.token);
    sockets.push(other);
    const acks = await Promise.all([
      call(customerSocket, 'message:send', payload),
      call(customerSocket, 'message:send', payload),
      call(other, 'message:send', payload),
      call(other, 'message:send', payload),
    ]);
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(new Set(acks.map((a) => a.message.id)).size).toBe(1);
    expect(acks[0].message.seq).toBe(2);
    await sleep(100);
    expect(received).toHaveLength(1);
    expect(storedSeqs(server.dataDir, query.id)).toEqual([1, 2]);
  });

  it('the same clientId from another author in the query is a conflict and stores nothing', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    const clientId = randomUUID();
    await call(customerSocket, 'message:send', { queryId: query.id, clientId, body: 'mine' });
    const clash = await call(agentSocket, 'message:send', { queryId: query.id, clientId, body: 'theirs' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(storedSeqs(server.dataDir, query.id)).toEqual([1, 2]);
  });

  it('concurrent senders get gapless seq 1..N in commit order, and group commit shares commits', async () => {
    const admin = await login(server.url);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const senders: AnySocket[] = [];
    for (let i = 0; i < 4; i++) {
      const agent = await createAgent(server.url, admin.token, { email: `agent${i}@example.test`, name: `Agent ${i}` });
      senders.push(await connectAs(server.url, '/admin', agent.token));
    }
    for (let i = 0; i < 2; i++) senders.push(await connectAs(server.url, '/chat', customer.token));
    sockets.push(...senders);
    const watcher = await connectAs(server.url, '/admin', admin.token);
    sockets.push(watcher);
    await call(watcher, 'query:join', { queryId: query.id });
    const live = record<{ message: Message }>(watcher, 'message:new');
    const before = server.store.commitStats();

    const perSender = 25;
    const acks = (
      await Promise.all(
        senders.map((s, i) =>
          Promise.all(
            Array.from({ length: perSender }, (_, j) =>
              call(s, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `sender ${i} #${j}` }),
            ),
          ),
        ),
      )
    ).flat();
    expect(acks.every((a) => a.ok)).toBe(true);
    const total = senders.length * perSender;
    const seqs = acks.map((a) => a.message.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 2));
    // Each sender's own messages were committed in the order it sent them.
    for (let i = 0; i < senders.length; i++) {
      const own = acks.slice(i * perSender, (i + 1) * perSender).map((a) => a.message.seq as number);
      expect(own).toEqual([...own].sort((a, b) => a - b));
    }
    await until(() => live.length === total, 5000, 'all live messages');
    expect(live.map((e) => e.message.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 2));
    expect(storedSeqs(server.dataDir, query.id)).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));

    const after = server.store.commitStats();
    expect(after.messages - before.messages).toBe(total);
    expect(after.groupedCommits - before.groupedCommits).toBeGreaterThan(0);
    expect(after.commits - before.commits).toBeLessThan(total);
  });

  it('internal notes are their own stream and never reach customers', async () => {
    const { customer, query, agentSocket, customerSocket } = await pair();
    const customerSaw = record<{ message: Message }>(customerSocket, 'message:new');
    const note = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'VIP customer', internal: true });
    expect(note.message).toMatchObject({ seq: 1, internal: true });
    const reply = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Hello' });
    expect(reply.message.seq).toBe(2);
    await until(() => customerSaw.length === 1, 5000, 'public reply');
    await sleep(50);
    expect(customerSaw.map((e) => e.message.internal)).toEqual([false]);

    const rejoin = await call(customerSocket, 'query:join', { queryId: query.id, afterSeq: 0 });
    expect(rejoin.messages.every((m: Message) => !m.internal)).toBe(true);
    expect(rejoin.query.lastNoteSeq).toBe(0);
    const agentJoin = await call(agentSocket, 'query:join', { queryId: query.id, afterSeq: 0, afterNoteSeq: 0 });
    expect(agentJoin.notes.map((m: Message) => m.body)).toEqual(['VIP customer']);
    expect(agentJoin.query.lastNoteSeq).toBe(1);

    const refused = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'x', internal: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(tableCounts(server.dataDir).messages).toBe(3);
    void customer;
  });

  it('a note does not move the updatedAt customers see; note typing reaches other agents only', async () => {
    const { customer, query, agentSocket, customerSocket } = await pair();
    const before = (await api(server.url, 'GET', `/api/queries/${query.id}`, { token: customer.token })).body.query;
    await sleep(20);
    expect((await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'note', internal: true })).ok).toBe(true);
    const after = (await api(server.url, 'GET', `/api/queries/${query.id}`, { token: customer.token })).body.query;
    expect(after.updatedAt).toBe(before.updatedAt);

    const colleague = await createAgent(server.url, (await login(server.url)).token, { email: 'colleague@example.test', name: 'Colleague' });
    const colleagueSocket = await connectAs(server.url, '/admin', colleague.token);
    sockets.push(colleagueSocket);
    await call(colleagueSocket, 'query:join', { queryId: query.id });
    const customerSaw = record(customerSocket, 'typing');
    const colleagueSaw = record(colleagueSocket, 'typing');
    expect(await call(agentSocket, 'typing', { queryId: query.id, typing: true, internal: true })).toEqual({ ok: true });
    await until(() => colleagueSaw.length === 1, 5000, 'note typing to the other agent');
    await sleep(50);
    expect(customerSaw).toHaveLength(0);
    const refused = await call(customerSocket, 'typing', { queryId: query.id, typing: true, internal: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('read receipts are relayed to the room, kept as cursors, and never move back', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    const reply = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Hi' });
    const agentSaw = record(agentSocket, 'message:read');
    expect(await call(customerSocket, 'message:read', { queryId: query.id, seq: reply.message.seq })).toEqual({ ok: true });
    await until(() => agentSaw.length === 1, 5000, 'read receipt');
    expect(agentSaw[0]).toMatchObject({ queryId: query.id, seq: 2, user: { role: 'customer' } });
    expect(await call(customerSocket, 'message:read', { queryId: query.id, seq: 1 })).toEqual({ ok: true });
    const past = await call(customerSocket, 'message:read', { queryId: query.id, seq: 99 });
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await sleep(50);
    expect(agentSaw).toHaveLength(1);
    const joined = await call(agentSocket, 'query:join', { queryId: query.id });
    expect(joined.query.customerReadSeq).toBe(2);
  });

  it('typing is relayed to the others in the room, not back to the typist', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    const agentSaw = record(agentSocket, 'typing');
    const selfSaw = record(customerSocket, 'typing');
    customerSocket.emit('typing', { queryId: query.id, typing: true });
    await until(() => agentSaw.length === 1, 5000, 'typing');
    expect(agentSaw[0]).toMatchObject({ queryId: query.id, typing: true, user: { role: 'customer' } });
    expect(selfSaw).toHaveLength(0);
  });

  it('a customer writing to a resolved query reopens it, and everyone is told', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    await call(agentSocket, 'query:resolve', { queryId: query.id });
    const updates = record<{ query: { status: string } }>(agentSocket, 'query:updated');
    const back = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'Still broken' });
    expect(back.ok).toBe(true);
    await until(() => updates.some((u) => u.query.status === 'open'), 5000, 'reopen broadcast');
  });

  it('a message written offline keeps the time it was written (writtenAt) when it reaches the server later', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    const heard = record<{ message: Message }>(agentSocket, 'message:new');
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    const late = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'written in the tunnel', writtenAt: tenMinutesAgo });
    expect(late.message.writtenAt).toBe(tenMinutesAgo);
    const now = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'just now', writtenAt: new Date().toISOString() });
    expect(now.message).not.toHaveProperty('writtenAt');
    await until(() => heard.length === 2, 5000, 'both messages');
    expect(heard[0]!.message.writtenAt).toBe(tenMinutesAgo);
    const bad = await call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'x', writtenAt: 'yesterday' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('an agent replying on a resolved query reopens it as pending, and the customer is told', async () => {
    const { query, agentSocket, customerSocket } = await pair();
    await call(agentSocket, 'query:resolve', { queryId: query.id });
    const updates = record<{ query: { status: string } }>(customerSocket, 'query:updated');
    const back = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'One more thing: it shipped.' });
    expect(back.ok).toBe(true);
    await until(() => updates.some((u) => u.query.status === 'pending'), 5000, 'reopen broadcast');
    // A note is agents' business: it reopens nothing.
    await call(agentSocket, 'query:resolve', { queryId: query.id });
    const note = await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'follow up next week', internal: true });
    expect(note.ok).toBe(true);
    const seen = await api(server.url, 'GET', `/api/queries/${query.id}`, { token: (await login(server.url)).token });
    expect(seen.body.query.status).toBe('resolved');
  });
});
