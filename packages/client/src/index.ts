/**
 * @parley/client: the typed, resilient Parley SDK for browsers and Node.
 * See docs/client.md.
 */
export type { ReadableStore } from './store.js';
export { memoryStorage, browserStorage, type KeyValueStorage } from './storage.js';
export { ParleyError } from './errors.js';
export type { Session, CustomerIdentity } from './auth/session.js';
export { identitySubject } from './auth/session.js';
export { signInVisitor, signInCustomer, signInAgent } from './auth/sign-in.js';
export type { ConnectionStatus } from './connection/connection-status.js';
export type { BackoffOptions } from './connection/backoff.js';
export type { ChatMessage, DeliveryState } from './conversation/chat-message.js';
export type { Conversation, ConversationState } from './conversation/conversation.js';
export type { QueryListState } from './queries/query-list.js';
export type { QueueState } from './queries/live-queue.js';
export type { PresenceMap } from './presence/agent-statuses.js';
export type { CustomerCard, CustomerCards } from './customers/customer-directory.js';
export type { MessageRange } from './rest/parley-rest.js';
export type { FetchLike } from './rest/http.js';
export { ParleyClient, type ClientKind, type CloseOptions } from './client/parley-client.js';
export { CustomerClient } from './client/customer-client.js';
export { AgentClient } from './client/agent-client.js';
export type { ClientOptions } from './client/client-options.js';
export { newClientId } from './conversation/client-id.js';
export { placeTimeline, type PlacedTimeline } from './conversation/timeline-placement.js';
