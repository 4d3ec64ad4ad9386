import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { burstyLimiter, unlimited } from './rate-limiter.js';

describe('burstyLimiter', () => {
  it('allows twice the rate in a burst, then refuses with retryAfterMs', async () => {
    const limiter = burstyLimiter(3, 'messages');
    for (let i = 0; i < 6; i++) await limiter.consume('a');
    const refusal = await limiter.consume('a').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('rate_limited');
    expect((refusal as AppError).extra.retryAfterMs).toBeGreaterThan(0);
    expect((refusal as AppError).extra.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('counts each key on its own', async () => {
    const limiter = burstyLimiter(1, 'messages');
    await limiter.consume('a');
    await limiter.consume('a');
    await expect(limiter.consume('a')).rejects.toBeInstanceOf(AppError);
    await expect(limiter.consume('b')).resolves.toBeUndefined();
  });

  it('is off at 0', async () => {
    expect(burstyLimiter(0, 'messages')).toBe(unlimited);
  });
});
