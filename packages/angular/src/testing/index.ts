/**
 * @parley/angular/testing: fakes of the SDK's interfaces and builders of its data, for the
 * apps' unit tests. Each fake implements the real interface (`ReadableStore`, `Conversation`)
 * and each builder returns the real type, so a change in the SDK or the protocol breaks them
 * at compile time instead of leaving the tests testing a shape that is gone.
 */
export { FakeStore } from './fake-store.js';
export { emptyConversationState, FakeConversation } from './fake-conversation.js';
export { makeChatMessage, makeQuery } from './fixtures.js';
