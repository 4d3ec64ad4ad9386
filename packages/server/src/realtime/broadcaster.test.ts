import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Rooms, type Message, type Query } from '@parley/protocol';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainEvents } from '../domain/domain-events.js';
import type { Store } from '../store/store.js';
import { Broadcaster } from './broadcaster.js';
import type { Namespaces } from './namespaces.js';
import type { PresenceTracker } from './presence.js';
import { QUEUE_COALESCE_MS } from './queue-coalescer.js';

const queryId = '0190a000-0000-7000-8000-000000000001';
const message = {
  id: '0190a000-0000-7000-8000-0000000000aa', queryId, seq: 2, clientId: 'c1', author: { id: 'cust', role: 'customer', name: 'Ada' },
  body: 'hello', internal: false, attachments: [], createdAt: new Date().toISOString(),
} as unknown as Message;

describe('Broadcaster: message:new', () => {
  const cleanup: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A real Socket.IO server with the two namespaces; every client joins the query's room. */
  async function setUp(onlyNode: boolean, queries: Query[] = []) {
    const http = createServer();
    const io = new Server(http);
    const nsps = { chat: io.of('/chat'), admin: io.of('/admin') } as unknown as Namespaces;
    for (const nsp of [nsps.chat, nsps.admin]) nsp.on('connection', (socket) => void socket.join(String(socket.handshake.query.room)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const events = new DomainEvents();
    const getQueries = vi.fn(async () => queries);
    const store = { getQueries } as unknown as Store;
    const broadcaster = new Broadcaster(nsps, events, store, {} as PresenceTracker, pino({ level: 'silent' }), onlyNode);
    const clients: ClientSocket[] = [];
    cleanup.push(async () => {
      broadcaster.close();
      for (const c of clients) c.close();
      await io.close();
    });
    const join = async (nsp: '/chat' | '/admin', room = Rooms.query(queryId)) => {
      const client = connect(`${url}${nsp}`, { transports: ['websocket'], query: { room } });
      clients.push(client);
      await new Promise<void>((resolve) => client.once('connect', resolve));
      const server = nsps[nsp === '/chat' ? 'chat' : 'admin'];
      await vi.waitFor(() => expect(server.adapter.rooms.get(room)?.has(client.id!)).toBe(true));
      return client;
    };
    return { nsps, events, join, getQueries };
  }

  const received = (client: ClientSocket) => new Promise<unknown>((resolve) => client.once('message:new', resolve));

  it('on a single node, encodes nothing for a room whose only socket is the sender’s, and still reaches the others', async () => {
    const { nsps, events, join } = await setUp(true);
    const sender = await join('/chat');
    const agent = await join('/admin');
    const chatBroadcasts = vi.spyOn(nsps.chat.adapter, 'broadcast');
    const delivered = received(agent);
    events.emit('message:stored', { message, query: {} as Query, origin: sender.id });
    expect(await delivered).toEqual({ message });
    expect(chatBroadcasts).not.toHaveBeenCalled();

    // A second tab of the customer is somebody to tell.
    const otherTab = await join('/chat');
    const toOtherTab = received(otherTab);
    events.emit('message:stored', { message, query: {} as Query, origin: sender.id });
    expect(await toOtherTab).toEqual({ message });
    expect(chatBroadcasts).toHaveBeenCalledTimes(1);
  });

  it('with several nodes, always emits: other nodes’ sockets are not in this node’s rooms', async () => {
    const { nsps, events, join } = await setUp(false);
    const sender = await join('/chat');
    const chatBroadcasts = vi.spyOn(nsps.chat.adapter, 'broadcast');
    const adminBroadcasts = vi.spyOn(nsps.admin.adapter, 'broadcast');
    events.emit('message:stored', { message, query: {} as Query, origin: sender.id });
    expect(chatBroadcasts).toHaveBeenCalledTimes(1);
    expect(adminBroadcasts).toHaveBeenCalledTimes(1);
  });

  it('on a single node, a query’s coalesced activity is encoded only when an agent or the customer is there to hear it', async () => {
    const unassigned = { id: queryId, assignee: null, customer: { id: 'cust', name: 'Ada' } } as unknown as Query;
    const { nsps, events, join, getQueries } = await setUp(true, [unassigned]);
    const adminBroadcasts = vi.spyOn(nsps.admin.adapter, 'broadcast');
    const chatBroadcasts = vi.spyOn(nsps.chat.adapter, 'broadcast');
    events.emit('query:activity', { queryId });
    // Activity is coalesced over a window of QUEUE_COALESCE_MS.
    await vi.waitFor(() => expect(getQueries).toHaveBeenCalledTimes(1), { timeout: QUEUE_COALESCE_MS * 3 });
    // The emits follow the read in the same continuation: one turn later they have been made or not.
    await new Promise((resolve) => setImmediate(resolve));
    expect(adminBroadcasts).not.toHaveBeenCalled();
    expect(chatBroadcasts).not.toHaveBeenCalled();

    const agent = await join('/admin', Rooms.queue);
    const heard = new Promise((resolve) => agent.once('query:updated', resolve));
    events.emit('query:activity', { queryId });
    expect(await heard).toMatchObject({ query: { id: queryId } });
  });
});

describe('Broadcaster: teams:changed', () => {
  it('sends two quick team changes in the order they happened, even when the store answers the second read first', async () => {
    const emit = vi.fn();
    const nsps = { admin: { emit }, chat: {} } as unknown as Namespaces;
    const events = new DomainEvents();
    const answers = [
      { teams: [{ id: 't', name: 'Sales' }], delayMs: 30 },
      { teams: [], delayMs: 0 },
    ];
    let reads = 0;
    const listTeams = vi.fn(() => {
      const { teams, delayMs } = answers[reads++]!;
      return new Promise((resolve) => setTimeout(() => resolve(teams), delayMs));
    });
    const broadcaster = new Broadcaster(nsps, events, { listTeams } as unknown as Store, {} as PresenceTracker, pino({ level: 'silent' }), true);
    try {
      events.emit('team:changed', { teamId: 't' });
      events.emit('team:changed', { teamId: 't' });
      await vi.waitFor(() => expect(emit).toHaveBeenCalledTimes(2));
      expect(emit.mock.calls).toEqual([['teams:changed', { teams: [{ id: 't', name: 'Sales' }] }], ['teams:changed', { teams: [] }]]);
    } finally {
      broadcaster.close();
    }
  });
});
