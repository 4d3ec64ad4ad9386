/**
 * Coalesces message activity (new messages, read cursors) into `query:updated`
 * pushes: at most one per query per window, sent at the end of the window with
 * the query's state at that moment. A busy conversation thus costs each of its
 * listeners one update a second, not one per message. Who the listeners are is
 * the publisher's business (see `Broadcaster`); the coalescer only remembers,
 * per query, whether the customer's side has something to hear too.
 *
 * Windows end on a {@link SLOT_MS} boundary, so the queries whose windows end
 * together are published in one call: the publisher reads them from the store
 * in one round trip (with a thousand active conversations, forty reads a second
 * instead of a thousand), and one timer serves them all. Short slots keep each
 * burst of updates short: the event loop never holds a message behind many.
 */
export const QUEUE_COALESCE_MS = 1000;
/** Windows last QUEUE_COALESCE_MS and at most this much longer. */
export const SLOT_MS = 25;

/** Who a pending update is for, beyond the staff who always hear activity. */
export interface ActivityAudience {
  /** Customer-visible activity (a public message): the customer's own list hears it too. */
  customer: boolean;
}

/** The queries whose windows ended together, each with the merged audience of its touches. */
export type PublishActivity = (due: ReadonlyMap<string, ActivityAudience>) => Promise<void>;

interface Slot {
  timer: NodeJS.Timeout;
  queries: Map<string, ActivityAudience>;
}

export class QueueCoalescer {
  /** The audience of every query waiting, by query (the same object its slot holds). */
  readonly #pending = new Map<string, ActivityAudience>();
  readonly #slots = new Map<number, Slot>();

  constructor(
    private readonly publish: PublishActivity,
    private readonly windowMs = QUEUE_COALESCE_MS,
    private readonly slotMs = SLOT_MS,
  ) {}

  /** Marks the query dirty; the audiences of every touch in one window are merged. */
  touch(queryId: string, audience: ActivityAudience = { customer: false }): void {
    const pending = this.#pending.get(queryId);
    if (pending) {
      pending.customer ||= audience.customer;
      return;
    }
    const now = Date.now();
    const end = Math.ceil((now + this.windowMs) / this.slotMs) * this.slotMs;
    let slot = this.#slots.get(end);
    if (!slot) {
      const timer = setTimeout(() => this.#fire(end), end - now);
      timer.unref();
      slot = { timer, queries: new Map() };
      this.#slots.set(end, slot);
    }
    const entry = { ...audience };
    slot.queries.set(queryId, entry);
    this.#pending.set(queryId, entry);
  }

  get pending(): number {
    return this.#pending.size;
  }

  close(): void {
    for (const { timer } of this.#slots.values()) clearTimeout(timer);
    this.#slots.clear();
    this.#pending.clear();
  }

  #fire(end: number): void {
    const slot = this.#slots.get(end);
    if (!slot) return;
    this.#slots.delete(end);
    for (const queryId of slot.queries.keys()) this.#pending.delete(queryId);
    void this.publish(slot.queries);
  }
}
