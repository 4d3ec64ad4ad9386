import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseReceivedFrames } from './received-frames.js';

interface ReceiverInternals {
  _fragments: unknown[];
  _mask: unknown;
}

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function pair() {
  releaseReceivedFrames();
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<ServerSocket>((resolve) => io.once('connection', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  closers.push(() => (client.close(), io.close()));
  const server = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  const receiver = (server.conn.transport as unknown as { socket: { _receiver: ReceiverInternals } }).socket._receiver;
  return { server, client, receiver };
}

describe('what a WebSocket received is let go once the message is complete', () => {
  it('empties the array the payload was collected in and drops the mask, and the event arrives whole', async () => {
    const { server, client, receiver } = await pair();
    const collecting = receiver._fragments;
    const got = new Promise((resolve) => server.once('note', resolve));
    client.emit('note', { body: 'x'.repeat(300) });
    expect(await got).toEqual({ body: 'x'.repeat(300) });
    // ws moved on to a new array for the next message; the old one keeps nothing alive.
    expect(receiver._fragments).not.toBe(collecting);
    expect(collecting).toEqual([]);
    expect(receiver._mask).toBeUndefined();
  });

  it('messages keep arriving whole and in order, one after another', async () => {
    const { server, client } = await pair();
    const seen: number[] = [];
    const all = new Promise<void>((resolve) => server.on('n', (n: number) => (seen.push(n), n === 50 && resolve())));
    for (let n = 1; n <= 50; n++) client.emit('n', n);
    await all;
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
