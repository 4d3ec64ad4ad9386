import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventTally } from '../src/load/event-tally.ts';
import { PendingAcks } from '../src/load/pending-acks.ts';

describe('PendingAcks', () => {
  afterEach(() => vi.useRealTimers());

  it('numbers requests and settles each with the ack of its own id, in any order', async () => {
    const acks = new PendingAcks();
    const sent: number[] = [];
    const first = acks.request('a', (id) => sent.push(id));
    const second = acks.request('b', (id) => sent.push(id));
    expect(sent).toEqual([0, 1]);
    acks.resolve(1, 'second');
    acks.resolve(0, 'first');
    acks.resolve(0, 'again'); // a duplicate ack is ignored
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
    expect(acks.has(0)).toBe(false);
  });

  it('rejects a request whose ack does not come in time', async () => {
    vi.useFakeTimers();
    const acks = new PendingAcks(1_000);
    const late = expect(acks.request('slow', () => {})).rejects.toThrow('no ack for slow within 1000 ms');
    await vi.advanceTimersByTimeAsync(1_000);
    await late;
  });

  it('rejects every waiting request when the connection drops', async () => {
    const acks = new PendingAcks();
    const waiting = [acks.request('a', () => {}), acks.request('b', () => {})];
    acks.failAll('transport close (1006)');
    for (const request of waiting) await expect(request).rejects.toThrow('connection closed before ack: transport close (1006)');
  });
});

describe('EventTally', () => {
  it('counts every event and parses the payload only for names with a listener', () => {
    const tally = new EventTally();
    const seen: unknown[] = [];
    tally.on('message:new', (payload) => seen.push(payload));
    const parse = vi.fn(() => ({ seq: 1 }));
    tally.arrived('message:new', parse);
    tally.arrived('query:updated', parse);
    tally.arrived('query:updated', parse);
    expect(seen).toEqual([{ seq: 1 }]);
    expect(parse).toHaveBeenCalledOnce();
    expect([tally.count('message:new'), tally.count('query:updated'), tally.count('typing')]).toEqual([1, 2, 0]);
  });
});
