/**
 * A bare Socket.IO server and one socket.io-client connected to it over WebSocket, for unit tests of the patches
 * Parley applies to engine.io and ws (realtime/turn-writes.ts, realtime/received-frames.ts). Both end with the test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { onTestFinished } from 'vitest';

export interface SocketIoPair {
  server: ServerSocket;
  client: ClientSocket;
}

export async function socketIoPair(): Promise<SocketIoPair> {
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<ServerSocket>((resolve) => io.once('connection', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  onTestFinished(() => (client.close(), void io.close()));
  const server = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  return { server, client };
}
