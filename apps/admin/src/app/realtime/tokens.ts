import { InjectionToken } from '@angular/core';
import { AgentClient, type ClientOptions } from '@parley/client';

/** Origin of the Parley server. The console is served by that server, so its own origin. */
export const PARLEY_BASE_URL = new InjectionToken<string>('PARLEY_BASE_URL', {
  providedIn: 'root',
  factory: () => globalThis.location?.origin ?? '',
});

/**
 * The part of the SDK's {@link AgentClient} the console uses, by name. Test fakes implement
 * exactly this, so a change in the SDK breaks them at compile time.
 */
export type ConsoleClient = Pick<
  AgentClient,
  // What the realtime service mirrors into signals, and the client's lifetime.
  | 'status' | 'pendingCount' | 'queue' | 'presence' | 'customers' | 'settings' | 'teams' | 'session'
  | 'connect' | 'close' | 'reconnectNow' | 'loadQueue' | 'loadMoreResolved' | 'conversation'
  // Commands on a query, and the agent's own presence.
  | 'assign' | 'resolve' | 'reopen' | 'updateQuery' | 'setPresence'
  // REST: the team, canned replies, webhooks, attachments.
  | 'listAgents' | 'createAgent' | 'updateAgent' | 'updateProfile'
  | 'listCannedReplies' | 'createCannedReply' | 'updateCannedReply' | 'deleteCannedReply'
  | 'loadCustomer' | 'updateCustomer' | 'loadSettings' | 'updateSettings' | 'capabilities' | 'listWebhooks' | 'createWebhook' | 'updateWebhook' | 'deleteWebhook' | 'listWebhookDeliveries' | 'redeliverWebhook'
  | 'fetchAttachment' | 'token' | 'renewToken' | 'deleteAttachment' | 'search' | 'report'
  | 'listTeams' | 'loadTeams' | 'createTeam' | 'updateTeam' | 'deleteTeam'
>;

/** Makes the SDK client; tests swap in a fake without touching the network. */
export const PARLEY_CLIENT_FACTORY = new InjectionToken<(options: ClientOptions) => ConsoleClient>('PARLEY_CLIENT_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => new AgentClient(options),
});
