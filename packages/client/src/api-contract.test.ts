/**
 * The public API is a contract with the two web apps (/work/brief/client-api.md):
 * these type assertions fail `npm test` (tsc -p tsconfig.test.json) if a name
 * or a signature drifts.
 */
import type {
  AgentWithPresence,
  CreateQueryRequest,
  ListQueriesParams,
  Message,
  PresenceStatus,
  Query,
  UpdateQueryRequest,
  UserRef,
} from '@parley/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import {
  browserStorage,
  memoryStorage,
  ParleyClient,
  ParleyError,
  signInAgent,
  signInCustomer,
  signInVisitor,
  type ChatMessage,
  type ConnectionStatus,
  type Conversation,
  type ConversationState,
  type DeliveryState,
  type KeyValueStorage,
  type ParleyClientOptions,
  type ReadableStore,
  type Session,
} from './index.js';

describe('public API contract', () => {
  it('exposes the stores, REST and socket calls the apps program against', () => {
    expectTypeOf<ParleyClient['status']>().toEqualTypeOf<ReadableStore<ConnectionStatus>>();
    expectTypeOf<ParleyClient['pendingCount']>().toEqualTypeOf<ReadableStore<number>>();
    expectTypeOf<ParleyClient['queries']['getSnapshot']>().returns.toExtend<{ items: readonly Query[]; loading: boolean; nextCursor: string | null }>();
    expectTypeOf<ParleyClient['presence']>().toEqualTypeOf<ReadableStore<Readonly<Record<string, PresenceStatus>>>>();
    expectTypeOf<ParleyClient['user']>().toEqualTypeOf<UserRef>();
    expectTypeOf<ParleyClient['token']>().toEqualTypeOf<string>();
    expectTypeOf<ParleyClient['conversation']>().toEqualTypeOf<(queryId: string) => Conversation>();
    expectTypeOf<ParleyClient['listAgents']>().returns.toEqualTypeOf<Promise<AgentWithPresence[]>>();
    expectTypeOf<ParleyClient['assign']>().toEqualTypeOf<(queryId: string, agentId?: string) => Promise<Query>>();
    expectTypeOf<ParleyClient['setPresence']>().toEqualTypeOf<(status: 'online' | 'away') => Promise<void>>();
    expectTypeOf<ParleyClient['close']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<ParleyClient['request']>().toEqualTypeOf<<T>(method: string, path: string, body?: unknown) => Promise<T>>();
    expectTypeOf<ParleyClient['connect']>().toEqualTypeOf<() => void>();
    expectTypeOf<ParleyClient['loadQueries']>().toEqualTypeOf<(params?: ListQueriesParams) => Promise<void>>();
    // Additions for the apps: list reload, the agents' working queue.
    expectTypeOf<ParleyClient['refreshQueries']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<ParleyClient['loadQueue']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<ParleyClient['loadMoreResolved']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<ParleyClient['fetchAttachment']>().toEqualTypeOf<(attachment: { url: string }) => Promise<Blob>>();
    expectTypeOf<ParleyClient['renewToken']>().toEqualTypeOf<() => Promise<boolean>>();
    expectTypeOf<ParleyClient['queue']['getSnapshot']>().returns.toExtend<{ items: readonly Query[]; unresolvedComplete: boolean; resolvedCursor: string | null }>();
    expectTypeOf<ParleyClient['createQuery']>().toEqualTypeOf<(input: CreateQueryRequest) => Promise<Query>>();
    expectTypeOf<CreateQueryRequest>().toHaveProperty('clientId').toEqualTypeOf<string | undefined>();
    expectTypeOf<ParleyClient['getQuery']>().toEqualTypeOf<(id: string) => Promise<Query>>();
    expectTypeOf<ParleyClient['updateQuery']>().toEqualTypeOf<(id: string, patch: UpdateQueryRequest) => Promise<Query>>();
    expectTypeOf<ParleyClient['listMessages']>().toEqualTypeOf<
      (queryId: string, params: { after?: number; before?: number; limit?: number; internal?: boolean }) => Promise<Message[]>
    >();
    expectTypeOf<ParleyClient['resolve']>().toEqualTypeOf<(queryId: string) => Promise<Query>>();
    expectTypeOf<ParleyClient['reopen']>().toEqualTypeOf<(queryId: string) => Promise<Query>>();
    expectTypeOf<ParleyClientOptions>().toHaveProperty('onSessionExpired').toEqualTypeOf<(() => Promise<Session | null>) | undefined>();
    expectTypeOf<ParleyClientOptions>().toHaveProperty('storage').toEqualTypeOf<KeyValueStorage | undefined>();
  });

  it('a conversation sends with an immediate pending message and a promise of the stored one', () => {
    expectTypeOf<Conversation['send']>().returns.toEqualTypeOf<{ message: ChatMessage; done: Promise<Message> }>();
    expectTypeOf<Conversation['state']>().toEqualTypeOf<ReadableStore<ConversationState>>();
    expectTypeOf<ConversationState['messages']>().toEqualTypeOf<readonly ChatMessage[]>();
    expectTypeOf<ChatMessage['delivery']>().toEqualTypeOf<DeliveryState>();
    expectTypeOf<DeliveryState>().toEqualTypeOf<'pending' | 'sent' | 'read' | 'failed'>();
    expectTypeOf<ChatMessage['seq']>().toEqualTypeOf<number | null>();
    expectTypeOf<Conversation['retry']>().toEqualTypeOf<(clientId: string) => void>();
    expectTypeOf<Conversation['discard']>().toEqualTypeOf<(clientId: string) => void>();
    expectTypeOf<Conversation['setTyping']>().toEqualTypeOf<(typing: boolean) => void>();
    expectTypeOf<Conversation['markRead']>().toEqualTypeOf<(seq?: number) => void>();
    expectTypeOf<Conversation['loadOlder']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Conversation['leave']>().toEqualTypeOf<() => void>();
    expectTypeOf<ConversationState['hasOlder']>().toEqualTypeOf<boolean>();
    expectTypeOf<ConversationState['notes']>().toEqualTypeOf<readonly ChatMessage[]>();
  });

  it('sign-in helpers and storage', () => {
    expectTypeOf(signInVisitor).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(signInVisitor).returns.toEqualTypeOf<Promise<Session>>();
    expectTypeOf(signInCustomer).returns.toEqualTypeOf<Promise<Session>>();
    expectTypeOf(signInAgent).returns.resolves.toHaveProperty('agent');
    expectTypeOf(memoryStorage).returns.toEqualTypeOf<KeyValueStorage>();
    expectTypeOf(browserStorage).parameter(0).toEqualTypeOf<string | undefined>();
    expectTypeOf<ParleyError['code']>().toEqualTypeOf<import('@parley/protocol').ErrorCode>();
    expectTypeOf<ConnectionStatus>().toExtend<{ state: 'connecting' | 'online' | 'reconnecting' | 'offline' }>();
  });
});
