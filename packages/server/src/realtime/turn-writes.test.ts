import type { Socket as ServerSocket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { socketIoPair } from '../../test/support/socket-io-pair.js';
import { writeOncePerTurn } from './turn-writes.js';

interface CountedSocket {
  _write: (...args: unknown[]) => unknown;
  _writev: (...args: unknown[]) => unknown;
}

/** Counts the TCP writes (each `_write` or `_writev` call is one syscall's worth) of a server-side connection. */
function countWrites(socket: ServerSocket): { writes: number; frames: number } {
  const raw = (socket.conn.transport as unknown as { socket: { _socket: CountedSocket } }).socket._socket;
  const counts = { writes: 0, frames: 0 };
  const write = raw._write.bind(raw);
  const writev = raw._writev.bind(raw);
  raw._write = (...args) => ((counts.writes += 1), (counts.frames += 1), write(...args));
  raw._writev = (chunks, ...rest) => ((counts.writes += 1), (counts.frames += (chunks as unknown[]).length), writev(chunks, ...rest));
  return counts;
}

async function pair() {
  writeOncePerTurn();
  const { server, client } = await socketIoPair();
  return { server, client };
}

describe('one write per WebSocket per event-loop turn', () => {
  it('sends the packets emitted to a connection in one turn in one write, in order', async () => {
    const { server, client } = await pair();
    const counts = countWrites(server);
    const received: number[] = [];
    const all = new Promise<void>((resolve) => client.on('n', (n: number) => (received.push(n), n === 5 && resolve())));
    for (let n = 1; n <= 5; n++) server.emit('n', n);
    await all;
    expect(received).toEqual([1, 2, 3, 4, 5]);
    expect(counts).toEqual({ writes: 1, frames: 10 }); // each frame is a header and a payload chunk
  });

  it('empties the array of packets engine.io hands over once they are written, so an old array holds no new packet', async () => {
    const { server, client } = await pair();
    const conn = server.conn as unknown as { on(event: 'flush', listener: (packets: unknown[]) => void): void };
    const handed: unknown[][] = [];
    conn.on('flush', (packets) => handed.push(packets));
    const got = new Promise((resolve) => client.once('n', resolve));
    server.emit('n', 1);
    expect(await got).toBe(1);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toEqual([]);
  });

  it('a later turn makes a write of its own: nothing waits for another turn', async () => {
    const { server, client } = await pair();
    const counts = countWrites(server);
    const first = new Promise((resolve) => client.once('n', resolve));
    server.emit('n', 1);
    await first;
    const second = new Promise((resolve) => client.once('n', resolve));
    server.emit('n', 2);
    expect(await second).toBe(2);
    expect(counts.writes).toBe(2);
  });

  it('an ack and broadcasts made in one turn share the write, in the order they were made', async () => {
    const { server, client } = await pair();
    await server.join('room');
    server.on('go', (ack: (answer: string) => void) => {
      server.nsp.to('room').emit('room', 1);
      ack('done');
      server.nsp.to('room').emit('room', 2);
    });
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => client.on('room', (n: number) => (seen.push(`room ${n}`), n === 2 && resolve())));
    const counts = countWrites(server);
    const acked = new Promise<void>((resolve) => client.emit('go', (answer: string) => (seen.push(`ack ${answer}`), resolve())));
    await Promise.all([acked, done]);
    expect(seen).toEqual(['room 1', 'ack done', 'room 2']);
    expect(counts.writes).toBe(1);
  });
});
