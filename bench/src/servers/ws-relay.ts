/**
 * Baseline 2: a bare `ws` room relay — the floor for any websocket server in
 * Node.js. Same semantics as the Socket.IO relay (join a room; a message goes
 * to the room except the sender and is acked), JSON frames as described in
 * src/load/ws-client.ts.
 *
 * Run as a child process: `PORT=0 node src/servers/ws-relay.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Limits, Rooms } from '@parley/protocol';
import { isRelaySendPayload, relayAuthor, RelayMessages } from './relay-message.ts';
import { announceListening, createStatsHandler } from './stats-endpoint.ts';

interface RequestFrame {
  t: 'req';
  id: number;
  event: string;
  payload: unknown;
}

const httpServer = createServer();
const wss = new WebSocketServer({ server: httpServer, path: '/ws', maxPayload: Limits.MAX_FRAME_BYTES });
httpServer.on('request', createStatsHandler(() => wss.clients.size));
const rooms = new Map<string, Set<WebSocket>>();
const messages = new RelayMessages();

function ackFrame(id: number, payload: unknown): string {
  return `{"t":"ack","id":${id},"payload":${JSON.stringify(payload)}}`;
}

wss.on('connection', (socket) => {
  const author = relayAuthor('customer');
  const joined = new Set<string>();
  socket.on('message', (data) => {
    let frame: RequestFrame;
    try {
      frame = JSON.parse(data.toString()) as RequestFrame;
    } catch {
      return socket.close(1003, 'bad frame');
    }
    const payload = frame.payload as { queryId?: unknown } | null;
    switch (frame.event) {
      case 'query:join': {
        if (typeof payload?.queryId !== 'string') break;
        const room = Rooms.query(payload.queryId);
        let members = rooms.get(room);
        if (!members) rooms.set(room, (members = new Set()));
        members.add(socket);
        joined.add(room);
        return socket.send(ackFrame(frame.id, { ok: true }));
      }
      case 'query:leave': {
        if (typeof payload?.queryId !== 'string') break;
        const room = Rooms.query(payload.queryId);
        rooms.get(room)?.delete(socket);
        joined.delete(room);
        return socket.send(ackFrame(frame.id, { ok: true }));
      }
      case 'message:send': {
        if (!isRelaySendPayload(payload)) break;
        const message = messages.create(payload, author);
        // Serialised once for the whole room, as Socket.IO's adapter does.
        const event = `{"t":"evt","event":"message:new","payload":${JSON.stringify({ message })}}`;
        for (const member of rooms.get(Rooms.query(payload.queryId)) ?? []) {
          if (member !== socket) member.send(event);
        }
        return socket.send(ackFrame(frame.id, { ok: true, message }));
      }
    }
    socket.send(ackFrame(frame.id, { ok: false, error: { code: 'invalid_payload', message: 'bad request' } }));
  });
  socket.on('close', () => {
    for (const room of joined) {
      const members = rooms.get(room);
      members?.delete(socket);
      if (members?.size === 0) rooms.delete(room);
    }
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  announceListening((httpServer.address() as AddressInfo).port);
});
process.on('SIGTERM', () => {
  wss.close();
  process.exit(0);
});
