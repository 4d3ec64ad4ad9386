import { InjectionToken } from '@angular/core';
import { CustomerClient, type ClientOptions } from '@parley/client';

/**
 * The part of the SDK's customer client the app uses, by name. Test fakes implement exactly
 * this, so a change in the SDK breaks them at compile time.
 */
export type CustomerAppClient = Pick<
  CustomerClient,
  // What the session mirrors into signals, and the client's lifetime.
  | 'user' | 'status' | 'pendingCount' | 'queries' | 'presence' | 'session' | 'token'
  | 'connect' | 'close' | 'renewToken' | 'conversation'
  // REST: my queries, ratings, attachments.
  | 'loadQueries' | 'refreshQueries' | 'createQuery' | 'rateQuery'
  // My own details (name, email).
  | 'getDetails' | 'updateDetails' | 'listTeams'
  | 'fetchAttachment' | 'deleteAttachment'
>;

/** Makes the customer's SDK client; tests swap in a fake without touching the network. */
export const CUSTOMER_CLIENT_FACTORY = new InjectionToken<(options: ClientOptions) => CustomerAppClient>('CUSTOMER_CLIENT_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => new CustomerClient(options),
});
