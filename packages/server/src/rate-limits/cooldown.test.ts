import { describe, expect, it } from 'vitest';
import { cooldown } from './cooldown.js';
import type { AppError } from '../errors/app-error.js';
import { memoryBackend } from './rate-limiter.js';

describe('cooldown', () => {
  it('refuses an imposed key with the time left, and no other key', async () => {
    const box = cooldown(30, memoryBackend);
    await box.check('ip:1');
    await box.impose('ip:1');
    const refusal = await box.check('ip:1').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'rate_limited' });
    const retryAfterMs = (refusal as AppError).extra.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(29_000);
    expect(retryAfterMs).toBeLessThanOrEqual(30_000);
    await box.check('ip:2');
  });

  it('lets the key in again once the cooldown is over', async () => {
    const box = cooldown(1, memoryBackend);
    await box.impose('user:1');
    await expect(box.check('user:1')).rejects.toMatchObject({ code: 'rate_limited' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await box.check('user:1');
  });
});
