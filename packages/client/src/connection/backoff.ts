/**
 * Reconnection delays: exponential backoff with "full jitter" (a uniformly
 * random delay between 0 and the exponential ceiling). When a load balancer
 * drops 10,000 clients at once, full jitter spreads their returns evenly over
 * the whole window instead of sending them back in synchronised waves, which
 * is what equal or no jitter does (AWS Architecture Blog, "Exponential
 * Backoff And Jitter").
 */
export interface BackoffOptions {
  /** Ceiling of the first retry. */
  baseMs: number;
  /** Largest ceiling, reached after a few failures. */
  capMs: number;
  /**
   * How long a connection must stay up before the schedule starts again from
   * the first window. A server that accepts and then drops its clients
   * (overloaded, crash-looping) sees them back off instead of return at once.
   */
  stableAfterMs?: number;
}

/**
 * 2 s first window: 10,000 clients cut at once come back at ~5,000 handshakes/s
 * instead of ~20,000/s with 500 ms, while one client's blip still heals in 1 s on average.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 30_000, stableAfterMs: 5_000 };

/** The most attempt n (0 = first retry) may wait. */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  // 2 ** 30 already dwarfs any cap; clamping avoids Infinity on absurd attempt counts.
  return Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
}

/** The delay before attempt n: uniform in [0, ceiling]; `random` is injectable for tests. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, options));
}
