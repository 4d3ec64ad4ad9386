/**
 * Rate limits of the socket side, on rate-limiter-flexible (well kept, and the
 * same limiters exist backed by Redis for several nodes). Each limiter allows
 * `perSecond` sustained and a burst of twice that: a second bucket of
 * `perSecond` extra points that refills every {@link BURST_WINDOW_SECONDS}.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.js';

export const BURST_WINDOW_SECONDS = 10;

/** Takes one point for key, or throws AppError('rate_limited') with retryAfterMs. */
export interface RateLimiter {
  consume(key: string): Promise<void>;
}

/** A limiter that never refuses (a limit of 0 = off, e.g. for benchmarks). */
export const unlimited: RateLimiter = { consume: async () => {} };

export function burstyLimiter(perSecond: number, what: string): RateLimiter {
  if (perSecond <= 0) return unlimited;
  const limiter = new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix: `${what}`, points: perSecond, duration: 1 }),
    new RateLimiterMemory({ keyPrefix: `${what}-burst`, points: perSecond, duration: BURST_WINDOW_SECONDS }),
  );
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterMs = Math.max(1, Math.ceil(rejection.msBeforeNext));
        throw new AppError('rate_limited', `too many ${what}: at most ${perSecond} per second`, { retryAfterMs });
      }
    },
  };
}
