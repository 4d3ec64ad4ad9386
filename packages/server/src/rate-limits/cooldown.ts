/**
 * A penalty box: keys (a client address, a user) put in it are refused for a
 * while. Used for connections cut for flooding, so a flooder cannot simply
 * reconnect and go on. Counted on the shared backend like the other limits
 * keyed by something a client can take to another node (rate-limiter.ts).
 */
import { AppError } from '../errors/app-error.js';
import { bucket, type LimiterBackend } from './rate-limiter.js';

export interface Cooldown {
  /** How long a key is refused once imposed; 0 for {@link noCooldown}. */
  readonly seconds: number;
  /** Refuses `key` for the cooldown from now on. */
  impose(key: string): Promise<void>;
  /** @throws AppError('rate_limited', retryAfterMs) while `key` is cooling down. */
  check(key: string): Promise<void>;
}

/** A cooldown that never refuses (flood cutting off). */
export const noCooldown: Cooldown = { seconds: 0, impose: async () => {}, check: async () => {} };

/** Keys are refused for `seconds` after {@link Cooldown.impose}. */
export function cooldown(seconds: number, backend: LimiterBackend): Cooldown {
  // One point per window, never consumed: `block` marks a key as over it, and `get` reads the mark.
  const limiter = bucket(backend, 'cooldown', 1, seconds);
  return {
    seconds,
    async impose(key) {
      await limiter.block(key, seconds);
    },
    async check(key) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints > 1 && state.msBeforeNext > 0) {
        throw AppError.refusal('rate_limited', 'this connection was cut for flooding; wait before connecting again', {
          retryAfterMs: Math.ceil(state.msBeforeNext),
        });
      }
    },
  };
}
