/**
 * Coalesces message activity into the agents' queue: at most one
 * `query:updated` per query per window, sent at the end of the window with the
 * query's state at that moment. A busy conversation thus costs every agent one
 * update a second, not one per message.
 */
export const QUEUE_COALESCE_MS = 1000;

export class QueueCoalescer {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly publish: (queryId: string) => Promise<void>,
    private readonly windowMs = QUEUE_COALESCE_MS,
  ) {}

  touch(queryId: string): void {
    if (this.#timers.has(queryId)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(queryId);
      void this.publish(queryId);
    }, this.windowMs);
    timer.unref();
    this.#timers.set(queryId, timer);
  }

  get pending(): number {
    return this.#timers.size;
  }

  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
