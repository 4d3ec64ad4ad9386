import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainEvents } from '../domain/domain-events.js';
import { CustomerLastSeen, FLUSH_MS } from './customer-last-seen.js';

describe('CustomerLastSeen', () => {
  let events: DomainEvents;
  let writes: Array<{ ids: readonly string[]; at: string }>;
  let recorder: CustomerLastSeen;
  const store = { recordCustomersSeen: async (ids: readonly string[], at: string) => void writes.push({ ids, at }) };
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-06T10:00:00.000Z') });
    events = new DomainEvents();
    writes = [];
    recorder = new CustomerLastSeen(store, events, { warn: () => {} });
  });
  afterEach(() => vi.useRealTimers());

  it('writes every customer whose presence changed within a second in one statement, each once', async () => {
    for (const id of ['a', 'b', 'a', 'c']) events.emit('customer-presence:changed', { customerId: id, status: 'online' });
    events.emit('customer-presence:changed', { customerId: 'b', status: 'offline' });
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(writes).toEqual([{ ids: ['a', 'b', 'c'], at: '2026-12-06T10:00:01.000Z' }]);
    events.emit('customer-presence:changed', { customerId: 'a', status: 'offline' });
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(writes.map((w) => w.ids)).toEqual([['a', 'b', 'c'], ['a']]);
  });

  it('close writes what is pending at once and stops listening', async () => {
    events.emit('customer-presence:changed', { customerId: 'a', status: 'offline' });
    await recorder.close();
    expect(writes).toEqual([{ ids: ['a'], at: '2026-12-06T10:00:00.000Z' }]);
    events.emit('customer-presence:changed', { customerId: 'b', status: 'online' });
    await vi.advanceTimersByTimeAsync(FLUSH_MS * 2);
    expect(writes).toHaveLength(1);
  });

  it('a failed write is logged, not thrown, and later changes are still written', async () => {
    const warned: unknown[] = [];
    let fail = true;
    const own = new DomainEvents();
    const flaky = new CustomerLastSeen(
      { recordCustomersSeen: async (ids, at) => (fail ? Promise.reject(new Error('database away')) : void writes.push({ ids, at })) },
      own,
      { warn: (o: unknown) => void warned.push(o) },
    );
    own.emit('customer-presence:changed', { customerId: 'a', status: 'online' });
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(warned).toHaveLength(1);
    fail = false;
    own.emit('customer-presence:changed', { customerId: 'b', status: 'online' });
    await flaky.flush();
    expect(writes.map((w) => w.ids)).toEqual([['b']]);
  });
});
