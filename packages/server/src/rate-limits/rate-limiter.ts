/**
 * Rate limits, on rate-limiter-flexible (well kept, and the same limiters
 * exist in memory and in Redis). Each limiter allows `perSecond` sustained and
 * a burst of twice that: a second bucket of `perSecond` extra points that
 * refills every {@link BURST_WINDOW_SECONDS}.
 *
 * Limits keyed by something a client can take to another node (an IP, a user)
 * are counted in Redis when the cluster has one ({@link LimiterBackend}), so a
 * client gets the same allowance whichever node it reaches. While Redis is
 * away each node falls back to an in-memory limiter of the same size (an
 * "insurance" limiter): a client spread over N nodes may then get up to N
 * times its allowance until Redis returns (docs/security.md). Limits keyed by
 * one connection stay in memory: a connection lives on one node.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.js';

export const BURST_WINDOW_SECONDS = 10;

/** Takes one point for key, or throws AppError('rate_limited') with retryAfterMs. */
export interface RateLimiter {
  consume(key: string): Promise<void>;
}

/** Where shared limits are counted: Redis under the deployment's prefix, or nowhere but this node. */
export type LimiterBackend = { kind: 'memory' } | { kind: 'redis'; redis: Redis; prefix: string };

export const memoryBackend: LimiterBackend = { kind: 'memory' };

/** A limiter that never refuses (a limit of 0 = off, e.g. for benchmarks). */
export const unlimited: RateLimiter = { consume: async () => {} };

/** One bucket of `points` per `duration` seconds for each key, counted on `backend`. */
export function bucket(backend: LimiterBackend, name: string, points: number, duration: number): RateLimiterAbstract {
  if (backend.kind === 'memory') return new RateLimiterMemory({ keyPrefix: name, points, duration });
  return new RateLimiterRedis({
    storeClient: backend.redis,
    keyPrefix: `${backend.prefix}:rate:${name}`,
    points,
    duration,
    // Without Redis, answer from memory at once rather than wait for a reconnection.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${name}-insurance`, points, duration }),
  });
}

/** `perSecond` sustained, bursts of twice that; 0 = unlimited. `what` names the limit in refusals. */
export function burstyLimiter(perSecond: number, what: string, backend: LimiterBackend = memoryBackend): RateLimiter {
  if (perSecond <= 0) return unlimited;
  const limiter = new BurstyRateLimiter(bucket(backend, what, perSecond, 1), bucket(backend, `${what}-burst`, perSecond, BURST_WINDOW_SECONDS));
  return refusing(limiter, (rejection) => AppError.refusal('rate_limited', `too many ${what}: at most ${perSecond} per second`, { retryAfterMs: retryAfter(rejection) }));
}

/** At most `points` per `durationSeconds` for each key (e.g. uploads per user per minute). */
export function windowLimiter(points: number, durationSeconds: number, what: string, message: string, backend: LimiterBackend = memoryBackend): RateLimiter {
  if (points <= 0) return unlimited;
  return refusing(bucket(backend, what, points, durationSeconds), (rejection) => AppError.refusal('rate_limited', message, { retryAfterMs: retryAfter(rejection) }));
}

function refusing(limiter: Pick<RateLimiterAbstract, 'consume'>, refusal: (rejection: RateLimiterRes) => AppError): RateLimiter {
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw refusal(rejection);
      }
    },
  };
}

function retryAfter(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext));
}
