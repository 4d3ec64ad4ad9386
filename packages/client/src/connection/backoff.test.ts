import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

describe('reconnection backoff', () => {
  it('doubles the ceiling from 2 s up to the 30 s cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffCeiling(n))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffCeiling(10_000)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('draws the delay uniformly between 0 and the ceiling (full jitter)', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.5)).toBe(2_000);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999_999)).toBe(3_999);
  });

  it('spreads 10,000 clients cut off at once evenly instead of in one burst', () => {
    const delays = Array.from({ length: 10_000 }, () => backoffDelay(6));
    // 30 one-second buckets over the 30 s window: each should hold about 333 clients.
    const buckets = new Array<number>(30).fill(0);
    for (const d of delays) buckets[Math.floor(d / 1_000)]!++;
    expect(Math.max(...buckets)).toBeLessThan(450);
    expect(Math.min(...buckets)).toBeGreaterThan(220);
  });

  it('keeps the very first retry of 10,000 clients under ~6,500 handshakes per second', () => {
    const first = Array.from({ length: 10_000 }, () => backoffDelay(0));
    const slices = new Map<number, number>();
    for (const d of first) slices.set(Math.floor(d / 100), (slices.get(Math.floor(d / 100)) ?? 0) + 1);
    // 100 ms slices: 650 in one slice is 6,500/s. A 500 ms first window would put ~2,000 in each.
    expect(Math.max(...slices.values())).toBeLessThan(650);
    expect(DEFAULT_BACKOFF.stableAfterMs).toBeGreaterThanOrEqual(5_000);
  });
});
