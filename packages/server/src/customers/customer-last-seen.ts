/**
 * Records when customers were last seen: each change of their presence (first socket in, last socket out),
 * which the cluster announces once, is written within {@link FLUSH_MS} in one statement for every customer
 * seen meanwhile — a reconnect storm of thousands of customers costs a few writes, not one per socket.
 */
import type { Logger } from 'pino';
import type { DomainEvents } from '../domain/domain-events.js';
import type { Store } from '../store/store.js';

export const FLUSH_MS = 1000;

export class CustomerLastSeen {
  readonly #pending = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'recordCustomersSeen'>,
    private readonly events: DomainEvents,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    events.on('customer-presence:changed', this.#onChange);
  }

  /** Writes what is pending now (shutdown, before the store closes) and stops listening. */
  async close(): Promise<void> {
    this.events.off('customer-presence:changed', this.#onChange);
    await this.flush();
  }

  /** Writes what is pending now. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const ids = [...this.#pending];
    this.#pending.clear();
    const at = this.now().toISOString();
    this.#writing = this.#writing.then(async () => {
      if (ids.length === 0) return;
      try {
        await this.store.recordCustomersSeen(ids, at);
      } catch (error) {
        // Not worth a retry loop: the next change of presence records them again.
        this.log.warn({ err: error, customers: ids.length }, 'could not record when customers were last seen');
      }
    });
    await this.#writing;
  }

  readonly #onChange = ({ customerId }: { customerId: string }): void => {
    this.#pending.add(customerId);
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), FLUSH_MS);
    this.#timer.unref();
  };
}
