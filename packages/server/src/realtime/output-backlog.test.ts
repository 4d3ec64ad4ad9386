import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { backlogBytes, cutConnectionsThatDoNotRead, MAX_BACKLOG_BYTES } from './output-backlog.js';
import { writeOncePerTurn } from './turn-writes.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const cuts: Array<{ id: string; bytes: number }> = [];

async function pair(): Promise<{ server: ServerSocket; client: ClientSocket }> {
  writeOncePerTurn();
  cutConnectionsThatDoNotRead((id, bytes) => cuts.push({ id, bytes }));
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<ServerSocket>((resolve) => io.once('connection', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false });
  closers.push(() => (client.close(), io.close()));
  const server = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  return { server, client };
}

/** engine.io's id of the connection (typed private, public at run time). */
const engineId = (socket: ServerSocket): string => (socket.conn as unknown as { id: string }).id;

/** The client's own TCP socket (Node's `ws` under socket.io-client). */
function rawOf(client: ClientSocket): { pause(): void } {
  return (client.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket;
}

/** Emits `chunks` packets of 64 KiB, one per timer turn, until `stop` says so. */
async function flood(server: ServerSocket, chunks: number, stop: () => boolean): Promise<number> {
  const payload = 'x'.repeat(64 * 1024);
  let sent = 0;
  for (; sent < chunks && !stop(); sent++) {
    server.emit('chunk', payload);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

describe('connections that do not read are cut', () => {
  it('a client that stops reading is dropped once its backlog passes the limit', async () => {
    const { server, client } = await pair();
    rawOf(client).pause();
    let disconnected = false;
    const gone = new Promise<string>((resolve) => server.once('disconnect', (reason) => ((disconnected = true), resolve(reason))));
    // Far more than the limit (and than the kernel's buffers hold): 64 MiB.
    await flood(server, 1024, () => disconnected);
    // Destroyed, not closed: a close frame would wait behind what it does not read.
    expect(['transport close', 'transport error']).toContain(await gone);
    const cut = cuts.find((c) => c.id === engineId(server));
    expect(cut?.bytes).toBeGreaterThan(MAX_BACKLOG_BYTES);
  });

  it('a few large packets are enough to be measured: one that stops reading is cut before 64 of them wait', async () => {
    const { server, client } = await pair();
    rawOf(client).pause();
    let disconnected = false;
    const gone = new Promise<void>((resolve) => server.once('disconnect', () => ((disconnected = true), resolve())));
    // 1 MiB packets (a join answer's size): far fewer than CHECK_EVERY may wait past the limit.
    const big = 'y'.repeat(1024 * 1024);
    let sent = 0;
    for (; sent < 60 && !disconnected; sent++) {
      server.emit('big', big);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await gone;
    expect(sent).toBeLessThan(40);
  });

  it('a client that reads keeps its connection through the same stream', async () => {
    const { server, client } = await pair();
    let received = 0;
    client.on('chunk', () => (received += 1));
    let disconnected = false;
    server.once('disconnect', () => (disconnected = true));
    const sent = await flood(server, 512, () => disconnected);
    await new Promise<void>((resolve) => {
      const check = () => (received === sent ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(disconnected).toBe(false);
    expect(received).toBe(512);
    expect(cuts.some((c) => c.id === engineId(server))).toBe(false);
  });

  it('counts the bytes waiting in the TCP socket and in the waiting packets', () => {
    const bytes = backlogBytes({
      transport: { writable: false, socket: { _socket: { writableLength: 1000 } } },
      writeBuffer: [{ data: 'abc' }, { data: new Uint8Array(10) }, {}],
    });
    expect(bytes).toBe(1013);
  });
});
