/**
 * Coalesces message activity (new messages, read cursors) into `query:updated`
 * pushes: at most one per query per window, sent at the end of the window with
 * the query's state at that moment. A busy conversation thus costs each of its
 * listeners one update a second, not one per message. Who the listeners are is
 * the publisher's business (see `Broadcaster`); the coalescer only remembers,
 * per query, whether the customer's side has something to hear too.
 */
export const QUEUE_COALESCE_MS = 1000;

/** Who a pending update is for, beyond the staff who always hear activity. */
export interface ActivityAudience {
  /** Customer-visible activity (a public message): the customer's own list hears it too. */
  customer: boolean;
}

export type PublishActivity = (queryId: string, audience: ActivityAudience) => Promise<void>;

interface Pending {
  timer: NodeJS.Timeout;
  audience: ActivityAudience;
}

export class QueueCoalescer {
  readonly #pending = new Map<string, Pending>();

  constructor(
    private readonly publish: PublishActivity,
    private readonly windowMs = QUEUE_COALESCE_MS,
  ) {}

  /** Marks the query dirty; the audiences of every touch in one window are merged. */
  touch(queryId: string, audience: ActivityAudience = { customer: false }): void {
    const pending = this.#pending.get(queryId);
    if (pending) {
      pending.audience.customer ||= audience.customer;
      return;
    }
    const entry: Pending = {
      audience: { ...audience },
      timer: setTimeout(() => {
        this.#pending.delete(queryId);
        void this.publish(queryId, entry.audience);
      }, this.windowMs),
    };
    entry.timer.unref();
    this.#pending.set(queryId, entry);
  }

  get pending(): number {
    return this.#pending.size;
  }

  close(): void {
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
