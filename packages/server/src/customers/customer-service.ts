/**
 * Customers as agents see them (the customer panel: who, first and last seen, online now, their queries) and
 * as they change: an agent correcting a name or an email, a visitor editing their own.
 */
import type { Customer, CustomerResponse, UpdateCustomerRequest, UserRef } from '@parley/protocol';
import type { DomainEvents } from '../domain/domain-events.js';
import { AppError } from '../errors/app-error.js';
import type { PresenceTracker } from '../realtime/presence.js';
import type { Store } from '../store/store.js';

/** How many of the customer's queries the panel lists (newest first). */
export const PROFILE_QUERIES = 20;

export class CustomerService {
  constructor(
    private readonly store: Pick<Store, 'getCustomer' | 'updateCustomer' | 'listQueries'>,
    private readonly events: Pick<DomainEvents, 'emit'>,
    private readonly presence: Pick<PresenceTracker, 'status'>,
  ) {}

  /** The customer panel (staff only; the transport checks the role). @throws AppError not_found */
  async profile(id: string): Promise<Required<Omit<CustomerResponse, 'token'>>> {
    const customer = await this.store.getCustomer(id);
    if (!customer) throw new AppError('not_found', 'no customer with this id');
    const [status, page] = await Promise.all([
      this.presence.status(id),
      this.store.listQueries({ customerId: id, limit: PROFILE_QUERIES }),
    ]);
    return { customer, presence: status === 'offline' ? 'offline' : 'online', queries: page.queries };
  }

  /** An agent corrects what the customer gave. @throws AppError not_found */
  async update(id: string, patch: UpdateCustomerRequest): Promise<Customer> {
    const customer = await this.store.updateCustomer(id, patch);
    if (!customer) throw new AppError('not_found', 'no customer with this id');
    this.events.emit('customer:updated', { customer });
    return customer;
  }

  /** A customer's own details. @throws AppError forbidden (staff) | not_found */
  async own(user: UserRef): Promise<Customer> {
    if (user.role !== 'customer') throw new AppError('forbidden', 'only customers have customer details');
    const customer = await this.store.getCustomer(user.id);
    if (!customer) throw new AppError('not_found', 'no customer with this id');
    return customer;
  }

  /**
   * A customer edits their own name or email. Only visitors: an identified customer's name and email belong to
   * the host application, which sends them again at every sign-in (they would be overwritten).
   * @throws AppError forbidden | not_found
   */
  async updateSelf(user: UserRef, patch: UpdateCustomerRequest): Promise<Customer> {
    const current = await this.own(user);
    if (current.externalId !== null) {
      throw new AppError('forbidden', 'your name and email come from the site you signed in on: change them there');
    }
    return this.update(user.id, patch);
  }
}
