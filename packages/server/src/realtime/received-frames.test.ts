import { describe, expect, it } from 'vitest';
import { socketIoPair } from '../../test/support/socket-io-pair.js';
import { releaseReceivedFrames } from './received-frames.js';

interface ReceiverInternals {
  _fragments: unknown[];
  _mask: unknown;
}

async function pair() {
  releaseReceivedFrames();
  const { server, client } = await socketIoPair();
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
