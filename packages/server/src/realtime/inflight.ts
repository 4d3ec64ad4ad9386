/** Counts work in progress so shutdown can wait for it (acks of messages being committed). */
export class Inflight {
  #count = 0;
  #waiters: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#count += 1;
    try {
      return await work();
    } finally {
      this.#count -= 1;
      if (this.#count === 0) for (const wake of this.#waiters.splice(0)) wake();
    }
  }

  get count(): number {
    return this.#count;
  }

  /** Resolves when nothing is in flight, or after timeoutMs, whichever comes first. */
  idle(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
