/**
 * A tarpit for REST refusals: a request refused `rate_limited` is answered
 * after `delayMs`, not at once.
 *
 * Why: refusing is cheap, but not free. A client that ignores `Retry-After`
 * and sends again as soon as it is answered (32 requests in flight on
 * keep-alive connections was enough, in bench/'s abuse scenario) gets tens of
 * thousands of refusals a second out of one node and takes a core to do it,
 * and everyone else waits behind it. HTTP/1.1 answers one request at a time
 * per connection, so holding each refusal for a second caps such a client at
 * one request a second per connection — and connections per address are
 * capped too (MAX_CONNECTIONS_PER_IP, HAProxy's per-source limits). The same
 * idea as HAProxy's `http-request tarpit`. A client that honours
 * `Retry-After` loses nothing: it was going to wait at least that long.
 *
 * At most `maxHeld` refusals wait at once (a held refusal is a timer and a
 * request object); past that they are answered at once. Shutting down
 * releases every held refusal, so a drain never waits on one.
 */
import { setTimeout as delay } from 'node:timers/promises';

export class RefusalTarpit {
  readonly #delayMs: number;
  readonly #maxHeld: number;
  #held = 0;
  #release = new AbortController();

  /** @param delayMs 0 turns the tarpit off. */
  constructor(delayMs: number, maxHeld = 10_000) {
    this.#delayMs = delayMs;
    this.#maxHeld = maxHeld;
  }

  /** Refusals waiting now. */
  get held(): number {
    return this.#held;
  }

  /** Resolves when the refusal may be answered: after the delay, or at once if the tarpit is off, full or released. */
  async hold(): Promise<void> {
    if (this.#delayMs <= 0 || this.#held >= this.#maxHeld || this.#release.signal.aborted) return;
    this.#held++;
    try {
      // Unreferenced: a held refusal never keeps the process alive.
      await delay(this.#delayMs, undefined, { signal: this.#release.signal, ref: false });
    } catch {
      // Released by close(): answer now.
    } finally {
      this.#held--;
    }
  }

  /** Answers every held refusal now, and every later one at once. */
  close(): void {
    this.#release.abort();
  }
}
