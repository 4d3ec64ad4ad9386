/** The customer's client (/chat): their own queries, their conversations, ratings. */
import {
  Namespaces, type ChatClientToServerEvents, type ChatServerToClientEvents, type CreateQueryRequest, type Customer, type Query, type RateQueryRequest,
  type UpdateCustomerRequest, type TeamChoice,
} from '@parley/protocol';
import type { ClientOptions } from './client-options.js';
import { ParleyClient } from './parley-client.js';

/**
 * A customer's client: what a customer may do, and nothing an agent does.
 * @example
 * const session = await signInVisitor('', { name: 'Ada' });
 * const client = new CustomerClient({ baseUrl: '', session, storage: browserStorage() });
 * client.connect();
 * const query = await client.createQuery({ subject: 'Order #42', body: 'Where is it?' });
 * const chat = client.conversation(query.id);
 * chat.state.subscribe((s) => render(s.messages));
 * chat.send('Any news?');
 */
export class CustomerClient extends ParleyClient<ChatServerToClientEvents, ChatClientToServerEvents> {
  constructor(options: ClientOptions) {
    super('customer', Namespaces.Chat, options);
  }

  /**
   * Opens a query with its first message; it enters `queries` at once.
   *
   * Idempotent: the request carries `input.clientId`, or one made here when the
   * caller gives none, and every retry of this call (after a lost response, or
   * after renewing an expired token) reuses it, so the server returns the query
   * it already opened instead of opening a second one. Give your own clientId,
   * one per draft, to make retries of your own (a "Try again" button) safe too.
   * @example
   * const draftId = crypto.randomUUID();
   * await client.createQuery({ subject: 'Order #42', body: 'Where is it?', clientId: draftId });
   */
  async createQuery(input: CreateQueryRequest): Promise<Query> {
    return this.mergeQuery(await this.rest.createQuery(input));
  }

  /** The teams a customer may pick when opening a query (`createQuery({ …, teamId })`); empty without teams. */
  listTeams(): Promise<TeamChoice[]> {
    return this.rest.listTeams<TeamChoice>();
  }

  /** My name, email and whether I am identified by the host site (then my details are not editable here). */
  getDetails(): Promise<Customer> {
    return this.rest.myDetails();
  }

  /**
   * A visitor changes their own name and/or email (`email: null` removes it). The session takes the new name
   * (watch `session` to persist it) and the next messages carry it. An identified customer is refused
   * (`forbidden`): their details come from the site they signed in on.
   */
  updateDetails(input: UpdateCustomerRequest): Promise<Customer> {
    return this.keeper.updateCustomerDetails(input);
  }

  /** Rates a resolved query of mine (1–5, an optional comment); resolves with the query as it now is. */
  async rateQuery(queryId: string, rating: RateQueryRequest): Promise<Query> {
    return this.mergeQuery(await this.rest.rateQuery(queryId, rating));
  }
}
