import { CustomerClient, memoryStorage, signInVisitor, type Conversation, type ConversationState } from '@parley/client';
import type { Query } from '@parley/protocol';

/** A customer driven from the test process through the real SDK (Node, socket.io-client). */
export interface TestCustomer {
  readonly client: CustomerClient;
  readonly name: string;
  /** Opens a query over REST; the body becomes message seq 1. */
  openQuery(subject: string, body: string): Promise<Query>;
  /** Joins a query's conversation (same object for the same id). */
  conversation(queryId: string): Conversation;
  /** Resolves once `predicate` holds for the conversation's state (or rejects after `timeoutMs`). */
  waitFor(queryId: string, predicate: (state: ConversationState) => boolean, timeoutMs?: number): Promise<ConversationState>;
  close(): Promise<void>;
}

/** Signs a visitor in and connects their client. */
export async function openCustomerSession(baseUrl: string, name = 'Ada Customer'): Promise<TestCustomer> {
  const session = await signInVisitor(baseUrl, { name });
  const client = new CustomerClient({ baseUrl, session, storage: memoryStorage() });
  client.connect();
  return {
    client,
    name,
    openQuery: (subject, body) => client.createQuery({ subject, body }),
    conversation: (queryId) => client.conversation(queryId),
    waitFor(queryId, predicate, timeoutMs = 15_000) {
      const store = client.conversation(queryId).state;
      return new Promise((resolve, reject) => {
        const check = (state: ConversationState) => {
          if (!predicate(state)) return false;
          clearTimeout(timer);
          unsubscribe();
          resolve(state);
          return true;
        };
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`customer ${name}: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const unsubscribe = store.subscribe(check);
        check(store.getSnapshot());
      });
    },
    close: () => client.close(),
  };
}
