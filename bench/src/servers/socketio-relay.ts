/**
 * Baseline 1: a bare Socket.IO room relay — the best a Socket.IO server can do
 * with Parley's job minus everything Parley adds (auth, validation, storage,
 * queue updates). Same namespaces, events, payloads and ack shapes as Parley,
 * so one client drives both.
 *
 * Run as a child process: `PORT=0 node src/servers/socketio-relay.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { Limits, Namespaces, Rooms } from '@parley/protocol';
import { isRelaySendPayload, relayAuthor, RelayMessages } from './relay-message.ts';
import { announceListening, createStatsHandler } from './stats-endpoint.ts';

type Ack = (response: unknown) => void;

// Created before Socket.IO attaches, which then serves /socket.io/ and hands every other request to it.
const httpServer = createServer(createStatsHandler(() => engineClients()));
const io = new Server(httpServer, { maxHttpBufferSize: Limits.MAX_FRAME_BYTES });
const engineClients = (): number => io.engine.clientsCount;
const messages = new RelayMessages();
const namespaces = [io.of(Namespaces.Chat), io.of(Namespaces.Admin)];

for (const namespace of namespaces) {
  const role = namespace.name === Namespaces.Admin ? 'agent' : 'customer';
  namespace.on('connection', (socket) => {
    const author = relayAuthor(role);
    socket.on('query:join', (payload: { queryId?: unknown }, ack: Ack) => {
      if (typeof payload?.queryId !== 'string') return ack({ ok: false, error: { code: 'invalid_payload', message: 'queryId' } });
      void socket.join(Rooms.query(payload.queryId));
      ack({ ok: true });
    });
    socket.on('query:leave', (payload: { queryId?: unknown }, ack: Ack) => {
      if (typeof payload?.queryId === 'string') void socket.leave(Rooms.query(payload.queryId));
      ack({ ok: true });
    });
    socket.on('message:send', (payload: unknown, ack: Ack) => {
      if (!isRelaySendPayload(payload)) return ack({ ok: false, error: { code: 'invalid_payload', message: 'payload' } });
      const message = messages.create(payload, author);
      // Like Parley: to the room in both namespaces, except the sender (it has the ack).
      for (const target of namespaces) target.to(Rooms.query(payload.queryId)).except(socket.id).emit('message:new', { message });
      ack({ ok: true, message });
    });
  });
}

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  announceListening((httpServer.address() as AddressInfo).port);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
