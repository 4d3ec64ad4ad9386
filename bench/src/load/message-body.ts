/**
 * Message bodies carry their send time, so whoever receives a message can
 * compute end-to-end latency without a lookup table. The clock is the bench
 * process's own `performance.now()`: senders and receivers share it.
 */

/** Length of every body: a typical chat line, the same for every target. */
export const BODY_LENGTH = 120;
const FILLER = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam';

/** A body of {@link BODY_LENGTH} characters starting with the send time. */
export function stampedBody(sentAt: number): string {
  const stamp = `${sentAt.toFixed(3)} `;
  return stamp + FILLER.slice(0, BODY_LENGTH - stamp.length);
}

/** The send time a {@link stampedBody} carries; NaN for any other body. */
export function sentAtOf(body: string): number {
  return Number.parseFloat(body.slice(0, body.indexOf(' ')));
}
