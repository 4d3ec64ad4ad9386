import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueCoalescer, type ActivityAudience } from './queue-coalescer.js';

/** Every publish call, as [query ids, their audiences]. */
function recorder() {
  const calls: Array<Map<string, ActivityAudience>> = [];
  const publish = async (due: ReadonlyMap<string, ActivityAudience>) => void calls.push(new Map([...due].map(([id, a]) => [id, { ...a }])));
  return { calls, publish, ids: () => calls.map((c) => [...c.keys()].sort()) };
}

describe('QueueCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('publishes once per query per window, at the end of the window', async () => {
    const r = recorder();
    const c = new QueueCoalescer(r.publish, 1000, 100);
    for (let i = 0; i < 50; i++) c.touch('a');
    c.touch('b');
    await vi.advanceTimersByTimeAsync(999);
    expect(r.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.ids()).toEqual([['a', 'b']]);
    c.touch('a');
    await vi.advanceTimersByTimeAsync(999);
    expect(r.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.ids()).toEqual([['a', 'b'], ['a']]);
  });

  it('ends windows on a slot boundary, so queries touched a little apart are published in one call', async () => {
    const r = recorder();
    const c = new QueueCoalescer(r.publish, 1000, 100);
    await vi.advanceTimersByTimeAsync(10);
    c.touch('a');
    await vi.advanceTimersByTimeAsync(50);
    c.touch('b');
    await vi.advanceTimersByTimeAsync(50);
    c.touch('c'); // at 110: its window ends at 1200
    await vi.advanceTimersByTimeAsync(1099 - 110);
    expect(r.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.ids()).toEqual([['a', 'b']]);
    await vi.advanceTimersByTimeAsync(100);
    expect(r.ids()).toEqual([['a', 'b'], ['c']]);
    expect(c.pending).toBe(0);
  });

  it('merges the audiences of every touch in a window, and starts each window afresh', async () => {
    const r = recorder();
    const c = new QueueCoalescer(r.publish, 1000, 100);
    c.touch('a', { customer: false });
    c.touch('a', { customer: true });
    c.touch('a', { customer: false });
    c.touch('b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls).toEqual([new Map([['a', { customer: true }], ['b', { customer: false }]])]);
    c.touch('a', { customer: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls.at(-1)).toEqual(new Map([['a', { customer: false }]]));
  });

  it('drops pending publications on close', async () => {
    const publish = vi.fn(async () => {});
    const c = new QueueCoalescer(publish, 1000, 100);
    c.touch('a');
    c.close();
    await vi.advanceTimersByTimeAsync(2000);
    expect(publish).not.toHaveBeenCalled();
    expect(c.pending).toBe(0);
  });
});
