import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueueCoalescer, type ActivityAudience } from './queue-coalescer.js';

describe('QueueCoalescer', () => {
  afterEach(() => vi.useRealTimers());

  it('publishes once per query per window, at the end of the window', async () => {
    vi.useFakeTimers();
    const published: string[] = [];
    const c = new QueueCoalescer(async (id) => void published.push(id), 1000);
    for (let i = 0; i < 50; i++) c.touch('a');
    c.touch('b');
    expect(published).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(published.sort()).toEqual(['a', 'b']);
    c.touch('a');
    await vi.advanceTimersByTimeAsync(999);
    expect(published).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(published).toHaveLength(3);
  });

  it('merges the audiences of every touch in a window, and starts each window afresh', async () => {
    vi.useFakeTimers();
    const published: Array<[string, ActivityAudience]> = [];
    const c = new QueueCoalescer(async (id, audience) => void published.push([id, audience]), 1000);
    c.touch('a', { customer: false });
    c.touch('a', { customer: true });
    c.touch('a', { customer: false });
    c.touch('b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(new Map(published)).toEqual(new Map([['a', { customer: true }], ['b', { customer: false }]]));
    c.touch('a', { customer: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(published.at(-1)).toEqual(['a', { customer: false }]);
  });

  it('drops pending publications on close', async () => {
    vi.useFakeTimers();
    const publish = vi.fn(async () => {});
    const c = new QueueCoalescer(publish, 1000);
    c.touch('a');
    c.close();
    await vi.advanceTimersByTimeAsync(2000);
    expect(publish).not.toHaveBeenCalled();
  });
});
