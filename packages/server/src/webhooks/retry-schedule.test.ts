import { describe, expect, it } from 'vitest';
import { MAX_RETRY_MS, nextAttemptAt, retryDelayMs } from './retry-schedule.js';

describe('retry schedule', () => {
  it('doubles from the first delay up to an hour, each drawn from the upper half of its step', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 10_000, () => 1))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, 10_000, () => 0))).toEqual([5_000, 10_000, 20_000]);
    expect(retryDelayMs(30, 10_000, () => 1)).toBe(MAX_RETRY_MS);
    expect(retryDelayMs(30, 10_000, () => 0)).toBe(MAX_RETRY_MS / 2);
  });

  it('keeps retrying for the whole window, about thirty attempts in 24 hours, and never schedules past its end', () => {
    const start = new Date('2030-01-01T00:00:00Z');
    const deadline = new Date(start.getTime() + 24 * 3_600_000);
    let at = start;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = nextAttemptAt({ attempts, at, deadline, firstRetryMs: 10_000, random: () => 1 });
      if (!next) break;
      expect(next.getTime()).toBeLessThanOrEqual(deadline.getTime());
      at = next;
    }
    expect(attempts).toBeGreaterThanOrEqual(25);
    expect(attempts).toBeLessThanOrEqual(40);
    expect(deadline.getTime() - at.getTime()).toBeLessThan(MAX_RETRY_MS);
  });
});
