/**
 * When a failed delivery is tried again: exponential backoff from the first
 * delay (10 s by default), doubling up to one hour, each drawn from the upper
 * half of its step (jitter, so endpoints that failed together do not all come
 * back at the same second), until the retry window is spent — then the
 * delivery is `failed`.
 */

/** Longest delay between two attempts. */
export const MAX_RETRY_MS = 60 * 60_000;

/**
 * The delay after the `attempts`-th failed attempt (1 = the first): first, 2×first, 4×first… capped at an
 * hour, each drawn from [half, whole] of its step.
 */
export function retryDelayMs(attempts: number, firstRetryMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, firstRetryMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryInput {
  /** Failed attempts so far, this one included. */
  attempts: number;
  /** When this attempt failed. */
  at: Date;
  /** The end of the retry window: no attempt is scheduled past it. */
  deadline: Date;
  firstRetryMs: number;
  random?: () => number;
}

/** The next attempt's time, or null when the next would fall past the window (then the delivery has failed). */
export function nextAttemptAt(input: RetryInput): Date | null {
  const next = new Date(input.at.getTime() + retryDelayMs(input.attempts, input.firstRetryMs, input.random));
  return next.getTime() > input.deadline.getTime() ? null : next;
}
