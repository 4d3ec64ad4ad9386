/**
 * @parley/client: the typed, resilient Parley SDK for browsers and Node.
 * See docs/client.md.
 */
export type { ReadableStore } from './store.js';
export { memoryStorage, browserStorage, type KeyValueStorage } from './storage.js';
export { ParleyError } from './errors.js';
export type { Session, CustomerIdentity } from './auth/session.js';
export { signInVisitor, signInCustomer, signInAgent, refreshToken } from './auth/sign-in.js';
export type { ConnectionStatus } from './connection/connection-status.js';
export { backoffDelay, backoffCeiling, DEFAULT_BACKOFF, type BackoffOptions } from './connection/backoff.js';
export type { ChatMessage, DeliveryState } from './conversation/chat-message.js';
export type { Conversation, ConversationState } from './conversation/conversation.js';
export type { QueryListState } from './queries/query-list.js';
export type { QueueState } from './queries/live-queue.js';
export { ParleyClient } from './client.js';
export { ACK_TIMEOUT_MS, type ParleyClientOptions } from './client-options.js';
export { CREATE_QUERY_RETRY_DELAY_MS } from './rest/parley-rest.js';
export { newClientId } from './conversation/client-id.js';
