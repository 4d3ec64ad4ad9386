/**
 * The public API is a contract with the two web apps (/work/brief/client-api.md):
 * these type assertions fail `npm test` (tsc -p tsconfig.test.json) if a name
 * or a signature drifts.
 */
import type { AgentWithPresence, Message, PresenceStatus, Query, UserRef } from '@parley/protocol';
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
  });

  it('a conversation sends with an immediate pending message and a promise of the stored one', () => {
    expectTypeOf<Conversation['send']>().returns.toEqualTypeOf<{ message: ChatMessage; done: Promise<Message> }>();
    expectTypeOf<Conversation['state']>().toEqualTypeOf<ReadableStore<ConversationState>>();
    expectTypeOf<ConversationState['messages']>().toEqualTypeOf<readonly ChatMessage[]>();
    expectTypeOf<ChatMessage['delivery']>().toEqualTypeOf<DeliveryState>();
    expectTypeOf<DeliveryState>().toEqualTypeOf<'pending' | 'sent' | 'read' | 'failed'>();
    expectTypeOf<ChatMessage['seq']>().toEqualTypeOf<number | null>();
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
