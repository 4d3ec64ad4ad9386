/**
 * A token bucket counted synchronously, packet by packet, before anything is
 * decoded: the cheapest test a flood can meet. `perSecond` sustained, bursts
 * of `burst`.
 */
export class PacketBudget {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number = performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes one packet's token; false when the budget is spent. */
  take(now: number = performance.now()): boolean {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
