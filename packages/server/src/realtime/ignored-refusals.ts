/**
 * Refusals a client was told about and ignored, for one connection. An event
 * refused `rate_limited` carries `retryAfterMs`; a client that heeds it (the
 * SDK's outbox waits exactly that) sends nothing more of that kind until the
 * wait is over. One that keeps sending inside the wait is a script: each of its
 * events still costs a read, a decode, a limiter call and an answer (refusing is
 * not free: docs/performance.md, "Abuse"), so past
 * {@link IGNORED_REFUSALS_BEFORE_CUT} the connection is cut (flood-guard.ts).
 * Events already on their way when the refusal was sent are not counted: only
 * those arriving {@link IN_FLIGHT_GRACE_MS} after it.
 */

/** Ignored refusals one connection may collect before it is cut. */
export const IGNORED_REFUSALS_BEFORE_CUT = 20;
/** Time for the refusal to reach the client and for events it sent before hearing it to arrive. */
export const IN_FLIGHT_GRACE_MS = 250;

interface Wait {
  refusedAt: number;
  until: number;
}

export class IgnoredRefusals {
  /** The latest wait the client was told, per limit (each limit has its own waits). */
  readonly #waits = new Map<string, Wait>();
  #ignored = 0;

  /**
   * Records a refusal of an event of `limit` told to the client with `retryAfterMs`.
   * @returns true once the connection has ignored more than {@link IGNORED_REFUSALS_BEFORE_CUT} waits.
   */
  refused(limit: string, retryAfterMs: number | undefined, now: number = performance.now()): boolean {
    const wait = this.#waits.get(limit);
    if (wait && now < wait.until && now - wait.refusedAt >= IN_FLIGHT_GRACE_MS) this.#ignored += 1;
    // A refusal inside a wait it ignored does not start a new grace: it is the same wait, told again.
    const ignoring = wait !== undefined && now < wait.until;
    const until = now + (retryAfterMs ?? 0);
    this.#waits.set(limit, { refusedAt: ignoring ? wait.refusedAt : now, until: Math.max(until, ignoring ? wait.until : 0) });
    return this.#ignored > IGNORED_REFUSALS_BEFORE_CUT;
  }
}
