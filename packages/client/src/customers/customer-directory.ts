/**
 * The customers an agent looked at (the customer panel), by id: who they are, whether they are online now and
 * their latest queries — loaded over REST, then kept live by `customer:presence` (heard for the customers whose
 * conversations this socket joined), `customer:updated` (every correction, by anyone) and every query the client
 * hears of or is answered with (a status changed, a query reopened by the customer's message, a new one opened).
 */
import type { Customer, CustomerPresence, CustomerPresenceEvent, CustomerResponse, Query, UpdateCustomerRequest } from '@parley/protocol';
import { WritableStore, type ReadableStore } from '../store.js';

export interface CustomerCard {
  readonly customer: Customer;
  readonly presence: CustomerPresence;
  /** Their latest queries (every status, newest first): loaded, then kept as the client hears of them. */
  readonly queries: readonly Query[];
}

export type CustomerCards = Readonly<Record<string, CustomerCard>>;

/** The REST calls the directory makes. */
export interface CustomerRest {
  getCustomer(id: string): Promise<CustomerResponse>;
  updateCustomer(id: string, patch: UpdateCustomerRequest): Promise<Customer>;
}

export class CustomerDirectory {
  readonly #store = new WritableStore<CustomerCards>({});
  /** Presence heard while a load was in flight: newer than what that load read. */
  readonly #heard = new Map<string, CustomerPresence>();
  readonly #loading = new Set<string>();

  constructor(private readonly rest: CustomerRest) {}

  get store(): ReadableStore<CustomerCards> {
    return this.#store;
  }

  /** Loads (or reloads) a customer's card. */
  async load(id: string): Promise<CustomerCard> {
    this.#loading.add(id);
    this.#heard.delete(id);
    try {
      const answer = await this.rest.getCustomer(id);
      const card: CustomerCard = {
        customer: answer.customer,
        presence: this.#heard.get(id) ?? answer.presence ?? 'offline',
        queries: answer.queries ?? [],
      };
      this.#store.update((cards) => ({ ...cards, [id]: card }));
      return card;
    } finally {
      this.#loading.delete(id);
      this.#heard.delete(id);
    }
  }

  /** An agent corrects a customer's name or email; the card follows at once. */
  async update(id: string, patch: UpdateCustomerRequest): Promise<Customer> {
    const customer = await this.rest.updateCustomer(id, patch);
    this.handleUpdated(customer);
    return customer;
  }

  /** After a reconnect: presence may have changed unseen; every loaded card is read again. */
  reloadAll(): void {
    for (const id of Object.keys(this.#store.getSnapshot())) void this.load(id).catch(() => undefined);
  }

  handlePresence({ customerId, status, at }: CustomerPresenceEvent): void {
    if (this.#loading.has(customerId)) this.#heard.set(customerId, status);
    // Both ways move "last seen": coming online and going are each a moment the customer was there.
    this.#patch(customerId, (card) =>
      card.presence === status && card.customer.lastSeenAt === at
        ? card
        : { ...card, presence: status, customer: { ...card.customer, lastSeenAt: at ?? card.customer.lastSeenAt ?? null } },
    );
  }

  handleUpdated(customer: Customer): void {
    this.#patch(customer.id, (card) => ({ ...card, customer: { ...card.customer, ...customer } }));
  }

  /**
   * A query as it now is: the card of its customer shows it — in place if listed and not older than the copy held,
   * at the top if it is newer than every query listed (just opened). An older query past the loaded page stays out.
   */
  handleQuery(query: Query): void {
    this.#patch(query.customer.id, (card) => {
      const at = card.queries.findIndex((q) => q.id === query.id);
      if (at === -1) {
        const newest = card.queries[0];
        return newest && newest.createdAt > query.createdAt ? card : { ...card, queries: [query, ...card.queries] };
      }
      if (card.queries[at]!.updatedAt > query.updatedAt) return card;
      return { ...card, queries: card.queries.map((q, i) => (i === at ? query : q)) };
    });
  }

  #patch(id: string, change: (card: CustomerCard) => CustomerCard): void {
    this.#store.update((cards) => {
      const card = cards[id];
      if (!card) return cards;
      const next = change(card);
      return next === card ? cards : { ...cards, [id]: next };
    });
  }
}
