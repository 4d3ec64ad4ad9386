/**
 * The public API is a contract with the web apps, the end-to-end tests and the
 * benchmark (and docs/client.md documents it): these type assertions fail
 * `npm test` (tsc -p tsconfig.test.json) if a name or a signature drifts — and
 * prove that what a customer cannot do is not on a customer's client, and that
 * an emit that drifts from the protocol does not compile.
 */
import type {
  Agent,
  AgentWithPresence,
  CannedReply,
  WebhookDeliveryListResponse,
  WebhookResponse,
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  CreateQueryRequest,
  ListQueriesParams,
  Message,
  PresenceStatus,
  Query,
  UpdateQueryRequest,
  UserRef,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { describe, expectTypeOf, it } from 'vitest';
import { emitWithAck } from './connection/emit-with-ack.js';
import type { ConversationEvents, LiveLink } from './connection/live-link.js';
import {
  AgentClient,
  browserStorage,
  CustomerClient,
  memoryStorage,
  ParleyError,
  signInAgent,
  signInCustomer,
  signInVisitor,
  type ChatMessage,
  type ClientOptions,
  type ConnectionStatus,
  type Conversation,
  type ConversationState,
  type DeliveryState,
  type KeyValueStorage,
  type ReadableStore,
  type Session,
} from './index.js';

// Compile-time checks: each @ts-expect-error fails the build if the mistake below it ever compiles. The
// values below exist only for the type checker; the bodies that use them are wrapped in functions never run.
declare const customer: CustomerClient;
declare const agent: AgentClient;
declare const chatSocket: Socket<ChatServerToClientEvents, ChatClientToServerEvents>;
declare const link: LiveLink<ConversationEvents>;

/** Type-checks `checks` without running it (the declared values above do not exist at run time). */
function typeOnly(checks: () => unknown): void {
  expectTypeOf(checks).toBeFunction();
}

describe('public API contract', () => {
  it('both clients: stores, conversations, queries, attachments, the session', () => {
    typeOnly(() => {
      for (const client of [customer, agent]) {
        expectTypeOf(client.status).toEqualTypeOf<ReadableStore<ConnectionStatus>>();
        expectTypeOf(client.pendingCount).toEqualTypeOf<ReadableStore<number>>();
        expectTypeOf(client.queries.getSnapshot()).toExtend<{ items: readonly Query[]; loading: boolean; nextCursor: string | null }>();
        expectTypeOf(client.user).toEqualTypeOf<UserRef>();
        expectTypeOf(client.token).toEqualTypeOf<string>();
        expectTypeOf(client.conversation).toEqualTypeOf<(queryId: string) => Conversation>();
        expectTypeOf(client.close).toEqualTypeOf<(options?: { discardUnsent?: boolean }) => Promise<void>>();
        expectTypeOf(client.connect).toEqualTypeOf<() => void>();
        expectTypeOf(client.loadQueries).toEqualTypeOf<(params?: ListQueriesParams) => Promise<void>>();
        expectTypeOf(client.refreshQueries).toEqualTypeOf<() => Promise<void>>();
        expectTypeOf(client.fetchAttachment).toEqualTypeOf<(attachment: { url: string }) => Promise<Blob>>();
        expectTypeOf(client.deleteAttachment).toEqualTypeOf<(attachment: { url: string }) => Promise<void>>();
        expectTypeOf(client.renewToken).toEqualTypeOf<() => Promise<boolean>>();
        expectTypeOf(client.getQuery).toEqualTypeOf<(id: string) => Promise<Query>>();
        expectTypeOf(client.listMessages).parameters.toEqualTypeOf<[string, { after?: number; before?: number; limit?: number; internal?: boolean }]>();
        expectTypeOf(client.listMessages).returns.toEqualTypeOf<Promise<Message[]>>();
      }
      expectTypeOf<ClientOptions>().toHaveProperty('onSessionExpired').toEqualTypeOf<(() => Promise<Session | null>) | undefined>();
      expectTypeOf<ClientOptions>().toHaveProperty('storage').toEqualTypeOf<KeyValueStorage | undefined>();
    });
  });

  it('customers open and rate their queries, and do nothing an agent does', () => {
    typeOnly(() => {
      expectTypeOf(customer.createQuery).toEqualTypeOf<(input: CreateQueryRequest) => Promise<Query>>();
      expectTypeOf<CreateQueryRequest>().toHaveProperty('clientId').toEqualTypeOf<string | undefined>();
      expectTypeOf(customer.rateQuery).returns.toEqualTypeOf<Promise<Query>>();
      // @ts-expect-error a customer cannot assign
      void customer.assign;
      // @ts-expect-error a customer cannot resolve
      void customer.resolve;
      // @ts-expect-error a customer cannot reopen
      void customer.reopen;
      // @ts-expect-error a customer has no working queue
      void customer.queue;
      // @ts-expect-error a customer has no presence to set
      void customer.setPresence;
      // @ts-expect-error a customer cannot change a query's status
      void customer.updateQuery;
    });
  });

  it('agents work the queue, change queries, set presence, manage agents and canned replies', () => {
    typeOnly(() => {
      expectTypeOf(agent.queue.getSnapshot()).toExtend<{ items: readonly Query[]; unresolvedComplete: boolean; resolvedCursor: string | null }>();
      expectTypeOf(agent.loadQueue).toEqualTypeOf<() => Promise<void>>();
      expectTypeOf(agent.loadMoreResolved).toEqualTypeOf<() => Promise<void>>();
      expectTypeOf(agent.presence).toEqualTypeOf<ReadableStore<Readonly<Record<string, PresenceStatus>>>>();
      expectTypeOf(agent.listAgents).returns.toEqualTypeOf<Promise<AgentWithPresence[]>>();
      expectTypeOf(agent.assign).toEqualTypeOf<(queryId: string, agentId?: string) => Promise<Query>>();
      expectTypeOf(agent.resolve).toEqualTypeOf<(queryId: string) => Promise<Query>>();
      expectTypeOf(agent.reopen).toEqualTypeOf<(queryId: string) => Promise<Query>>();
      expectTypeOf(agent.setPresence).toEqualTypeOf<(status: 'online' | 'away') => Promise<void>>();
      expectTypeOf(agent.updateQuery).toEqualTypeOf<(id: string, patch: UpdateQueryRequest) => Promise<Query>>();
      expectTypeOf(agent.createAgent).returns.toEqualTypeOf<Promise<Agent>>();
      expectTypeOf(agent.listCannedReplies).returns.toEqualTypeOf<Promise<CannedReply[]>>();
      expectTypeOf(agent.createWebhook).returns.toEqualTypeOf<Promise<WebhookResponse>>();
      expectTypeOf(agent.listWebhookDeliveries).returns.toEqualTypeOf<Promise<WebhookDeliveryListResponse>>();
      // @ts-expect-error agents do not open queries
      void agent.createQuery;
    });
  });

  it('emits are typed by the protocol: a misspelt event or a wrong payload does not compile', () => {
    typeOnly(() => {
      expectTypeOf(emitWithAck(chatSocket, 1000, 'query:join', { queryId: 'q' })).resolves.toExtend<{ ok: boolean } | null>();
      // @ts-expect-error there is no such event
      void emitWithAck(chatSocket, 1000, 'query:asign', { queryId: 'q' });
      // @ts-expect-error query:assign is not a /chat event
      void emitWithAck(chatSocket, 1000, 'query:assign', { queryId: 'q' });
      // @ts-expect-error the payload names the query `queryId`
      void emitWithAck(chatSocket, 1000, 'query:join', { query: 'q' });
      // @ts-expect-error message:send needs a clientId
      void link.request('message:send', { queryId: 'q', body: 'hi' });
      // @ts-expect-error typing carries a boolean
      link.notify('typing', { queryId: 'q', typing: 'yes' });
    });
  });

  it('ack results are the protocol’s: a customer’s join has no notes, an agent’s does', () => {
    typeOnly(async () => {
      const join = await link.request('query:join', { queryId: 'q' });
      if (join?.ok) {
        expectTypeOf(join.messages).toEqualTypeOf<Message[]>();
        if ('notes' in join) expectTypeOf(join.notes).toEqualTypeOf<Message[]>();
      }
      const sent = await link.request('message:send', { queryId: 'q', clientId: 'c', body: 'hi' });
      if (sent?.ok) expectTypeOf(sent.message).toEqualTypeOf<Message>();
    });
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
