/**
 * No gap, no duplicate: a client that loses its connection and re-joins with
 * afterSeq = the last seq it saw gets every missed message exactly once, in
 * order — over a dropped transport, a socket.io reconnect, and a server restart
 * on the same DATA_DIR. Connection state recovery is off or bypassed in each
 * case, so correctness rests on afterSeq alone.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { call, connectAs, sleep, until, type AnySocket } from './support/sockets.js';

/** What a client keeps: messages by seq, and whether any arrived twice. */
class Conversation {
  readonly bySeq = new Map<number, Message>();
  duplicates = 0;
  add(message: Message): void {
    if (this.bySeq.has(message.seq)) this.duplicates += 1;
    this.bySeq.set(message.seq, message);
  }
  get lastSeq(): number {
    return Math.max(0, ...this.bySeq.keys());
  }
  seqs(): number[] {
    return [...this.bySeq.keys()].sort((a, b) => a - b);
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('no gap, no duplicate', () => {
  const servers: TestServer[] = [];
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const s of servers.splice(0)) await s.dispose();
  });

  async function setUp(overrides = {}) {
    const server = await startTestServer(overrides);
    servers.push(server);
    const agent = await login(server.url);
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const agentSocket = await connectAs(server.url, '/admin', agent.token);
    sockets.push(agentSocket);
    await call(agentSocket, 'query:join', { queryId: query.id });
    return { server, agent, customer, query, agentSocket };
  }

  async function joinAndTrack(socket: AnySocket, queryId: string, conv: Conversation, afterSeq?: number) {
    const joined = await call(socket, 'query:join', { queryId, ...(afterSeq === undefined ? {} : { afterSeq }) });
    expect(joined.ok).toBe(true);
    // Each joined message must be new to this client, and in ascending order.
    const seqs = joined.messages.map((m: Message) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));
    for (const m of joined.messages) conv.add(m);
    return joined;
  }

  it('a client whose transport is killed mid-conversation gets every missed message once, in order, via afterSeq', async () => {
    const { server, customer, query, agentSocket } = await setUp();
    const conv = new Conversation();
    const first = await connectAs(server.url, '/chat', customer.token);
    sockets.push(first);
    first.on('message:new', ({ message }: { message: Message }) => conv.add(message));
    await joinAndTrack(first, query.id, conv);

    const send = (body: string) => call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body });
    const sending = (async () => {
      for (let i = 0; i < 40; i++) {
        expect((await send(`agent ${i}`)).ok).toBe(true);
        if (i % 5 === 0) await sleep(2);
      }
    })();
    await until(() => conv.lastSeq >= 8, 5000, 'a few live messages');
    first.io.engine.close(); // the transport dies; reconnection is off on this manager
    await sending;
    expect(conv.lastSeq).toBeLessThan(41);

    // A brand-new connection: no recovery session to lean on.
    const second = await connectAs(server.url, '/chat', customer.token);
    sockets.push(second);
    second.on('message:new', ({ message }: { message: Message }) => conv.add(message));
    const before = conv.lastSeq;
    const joined = await joinAndTrack(second, query.id, conv, before);
    expect(joined.messages[0].seq).toBe(before + 1);
    expect(joined.hasMore).toBe(false);
    expect(conv.duplicates).toBe(0);
    expect(conv.seqs()).toEqual(range(1, 41));

    // And the conversation carries on from there.
    const more = await send('after the drop');
    await until(() => conv.bySeq.has(more.message.seq), 5000, 'live message after resume');
    expect(conv.seqs()).toEqual(range(1, 42));
    expect(conv.duplicates).toBe(0);
  });

  it('socket.io reconnection without connection state recovery: re-joining with afterSeq fills the gap exactly', async () => {
    const { server, customer, query, agentSocket } = await setUp({ recoveryWindowMs: 0 });
    const conv = new Conversation();
    const socket = await connectAs(server.url, '/chat', customer.token, { reconnection: true });
    sockets.push(socket);
    socket.on('message:new', ({ message }: { message: Message }) => conv.add(message));
    let reconnects = 0;
    const recovered: boolean[] = [];
    socket.on('connect', () => {
      reconnects += 1;
      recovered.push(socket.recovered === true);
      void joinAndTrack(socket, query.id, conv, conv.lastSeq);
    });
    await joinAndTrack(socket, query.id, conv);

    for (let round = 0; round < 3; round++) {
      socket.io.engine.close(); // reconnects by itself after a short delay
      for (let i = 0; i < 5; i++) await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `r${round} m${i}` });
      await until(() => reconnects === round + 1 && conv.lastSeq === 1 + (round + 1) * 5, 8000, `round ${round} resumed`);
    }
    expect(conv.seqs()).toEqual(range(1, 16));
    expect(conv.duplicates).toBe(0);
    expect(recovered).toEqual([false, false, false]);
  });

  it('after a server restart on the same DATA_DIR, afterSeq resumes without gap or duplicate and seq continues', async () => {
    const { server, customer, query, agentSocket } = await setUp();
    const conv = new Conversation();
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    socket.on('message:new', ({ message }: { message: Message }) => conv.add(message));
    await joinAndTrack(socket, query.id, conv);
    for (let i = 0; i < 5; i++) await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `before ${i}` });
    await until(() => conv.lastSeq === 6, 5000, 'live messages');
    socket.io.engine.close();
    // Messages the customer misses, then the server goes down.
    for (let i = 0; i < 7; i++) await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `missed ${i}` });
    await server.close();

    const restarted = await startTestServer({ dataDir: server.dataDir });
    servers.push(restarted);
    const agentAgain = await login(restarted.url);
    const agentSocket2 = await connectAs(restarted.url, '/admin', agentAgain.token);
    sockets.push(agentSocket2);
    // The customer's token still works: the JWT secret is the same.
    const socket2 = await connectAs(restarted.url, '/chat', customer.token);
    sockets.push(socket2);
    socket2.on('message:new', ({ message }: { message: Message }) => conv.add(message));
    await joinAndTrack(socket2, query.id, conv, conv.lastSeq);
    expect(conv.seqs()).toEqual(range(1, 13));

    const after = await call(agentSocket2, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'after restart' });
    expect(after.message.seq).toBe(14);
    await until(() => conv.bySeq.has(14), 5000, 'live message after restart');
    expect(conv.seqs()).toEqual(range(1, 14));
    expect(conv.duplicates).toBe(0);
  });

  it('a join without afterSeq returns the latest page', async () => {
    const { server, customer, query, agentSocket } = await setUp();
    await Promise.all(
      range(1, 60).map((i) => call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` })),
    );
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    const tail = await call(socket, 'query:join', { queryId: query.id });
    expect(tail.messages.map((m: Message) => m.seq)).toEqual(range(12, 61));
    expect(tail.hasMore).toBe(false);
    const resumed = await call(socket, 'query:join', { queryId: query.id, afterSeq: 0 });
    expect(resumed.messages.map((m: Message) => m.seq)).toEqual(range(1, 61));
    expect(resumed.hasMore).toBe(false);
  });

  it('a gap larger than one join (500) says hasMore, and REST after= pages on to the end', async () => {
    const { server, customer, query, agentSocket } = await setUp();
    for (let from = 1; from <= 520; from += 130) {
      await Promise.all(range(from, from + 129).map((i) => call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `m${i}` })));
    }
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    const joined = await call(socket, 'query:join', { queryId: query.id, afterSeq: 0 });
    expect(joined.messages.map((m: Message) => m.seq)).toEqual(range(1, 500));
    expect(joined.hasMore).toBe(true);
    const rest = await api(server.url, 'GET', `/api/queries/${query.id}/messages?after=500`, { token: customer.token });
    expect(rest.body.messages.map((m: Message) => m.seq)).toEqual(range(501, 521));
  });

  it('messages committed while the client re-joins arrive once: live or in the join, deduplicated by seq', async () => {
    const { server, customer, query, agentSocket } = await setUp();
    const conv = new Conversation();
    let stop = false;
    let sent = 0;
    const sending = (async () => {
      while (!stop) {
        expect((await call(agentSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: `live ${sent}` })).ok).toBe(true);
        sent += 1;
      }
    })();
    await until(() => sent >= 10, 5000, 'some messages before the join');
    for (let round = 0; round < 5; round++) {
      const socket = await connectAs(server.url, '/chat', customer.token);
      sockets.push(socket);
      // Live events and the join's page overlap: both feed the same conversation.
      socket.on('message:new', ({ message }: { message: Message }) => conv.add(message));
      await joinAndTrack(socket, query.id, conv, conv.lastSeq);
      await until(() => conv.lastSeq >= 1 + sent - 1, 5000, 'caught up');
      socket.io.engine.close();
    }
    stop = true;
    await sending;
    const last = await connectAs(server.url, '/chat', customer.token);
    sockets.push(last);
    await joinAndTrack(last, query.id, conv, conv.lastSeq);
    expect(conv.seqs()).toEqual(range(1, 1 + sent));
    // Any overlap (a seq seen live and in a join) is absorbed by seq: nothing missing, nothing twice.
    expect(conv.bySeq.size).toBe(1 + sent);
  });

  it('afterSeq past the last message (history restored from an older backup) is refused, not answered with nothing', async () => {
    const { agentSocket, query } = await setUp();
    const beyond = await call(agentSocket, 'query:join', { queryId: query.id, afterSeq: 5 });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(beyond.error.message).toMatch(/history was reset/);
    // The issue's path names the stream to drop: a client tells this refusal from any other invalid payload.
    expect(beyond.error.issues).toEqual([{ path: 'afterSeq', message: beyond.error.message }]);
    const notes = await call(agentSocket, 'query:join', { queryId: query.id, afterSeq: 1, afterNoteSeq: 1 });
    expect(notes.error.code).toBe('invalid_payload');
    expect(notes.error.issues.map((i: { path: string }) => i.path)).toEqual(['afterNoteSeq']);
    expect((await call(agentSocket, 'query:join', { queryId: query.id, afterSeq: 1, afterNoteSeq: 0 })).ok).toBe(true);
  });
});
