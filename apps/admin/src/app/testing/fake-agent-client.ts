import type { Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeConversation, FakeStore } from '@parley/angular/testing';
import type { Team, WorkspaceSettings } from '@parley/protocol';
import type { AgentClient, ConnectionStatus, ConversationState, CustomerCard, CustomerCards, PresenceMap, QueueState, Session } from '@parley/client';
import { vi } from 'vitest';
import { type AgentSession, SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';
import { type ConsoleClient, PARLEY_CLIENT_FACTORY } from '../realtime/tokens';

/** A signed-in agent, for tests that need one. */
export const AGENT_SESSION: AgentSession = {
  token: 'token-1',
  user: { id: 'a-1', role: 'agent', name: 'Ann' },
  agent: { id: 'a-1', email: 'ann@example.test', name: 'Ann', role: 'agent', active: true, createdAt: '' },
};

const LOADING_QUEUE: QueueState = { items: [], loading: true, unresolvedComplete: false, resolvedCursor: null, loadingResolved: false };

/**
 * The console's SDK client, faked: it implements {@link ConsoleClient} (a `Pick` of the real
 * `AgentClient`), so a change in the SDK breaks it at compile time. Stores are pushed to by the
 * test (`client.queue.set(…)`) as the SDK does on socket events; every method is a `vi.fn`
 * with a harmless default, which a test replaces (`client.assign.mockResolvedValue(…)`).
 */
export class FakeAgentClient implements ConsoleClient {
  readonly status = new FakeStore<ConnectionStatus>({ state: 'connecting' });
  readonly pendingCount = new FakeStore(0);
  readonly queue = new FakeStore<QueueState>(LOADING_QUEUE);
  readonly presence = new FakeStore<PresenceMap>({});
  readonly customers = new FakeStore<CustomerCards>({});
  readonly settings = new FakeStore<WorkspaceSettings | null>(null);
  /** Every team, as `loadTeams` or a test (a live `teams:changed`) sets it. */
  readonly teams = new FakeStore<Team[] | null>(null);
  readonly session: FakeStore<Session>;
  /** The conversations opened, by query id (the latest one for each). */
  readonly opened = new Map<string, FakeConversation>();
  /** The state a conversation opens with; a test sets it before the view opens one. */
  initialState: (queryId: string) => Partial<ConversationState> = () => ({});

  readonly connect = vi.fn<AgentClient['connect']>();
  readonly close = vi.fn<AgentClient['close']>(async () => undefined);
  readonly reconnectNow = vi.fn<AgentClient['reconnectNow']>();
  readonly loadQueue = vi.fn<AgentClient['loadQueue']>(async () => undefined);
  readonly loadMoreResolved = vi.fn<AgentClient['loadMoreResolved']>(async () => undefined);
  readonly conversation = vi.fn<AgentClient['conversation']>((queryId) => {
    const conversation = new FakeConversation(queryId, this.initialState(queryId), this.session.getSnapshot().user);
    this.opened.set(queryId, conversation);
    return conversation;
  });
  readonly assign = vi.fn<AgentClient['assign']>(async () => notSetUp('assign'));
  readonly resolve = vi.fn<AgentClient['resolve']>(async () => notSetUp('resolve'));
  readonly reopen = vi.fn<AgentClient['reopen']>(async () => notSetUp('reopen'));
  readonly updateQuery = vi.fn<AgentClient['updateQuery']>(async () => notSetUp('updateQuery'));
  readonly setPresence = vi.fn<AgentClient['setPresence']>(async () => undefined);
  readonly listAgents = vi.fn<AgentClient['listAgents']>(async () => []);
  readonly createAgent = vi.fn<AgentClient['createAgent']>(async () => notSetUp('createAgent'));
  readonly updateAgent = vi.fn<AgentClient['updateAgent']>(async () => notSetUp('updateAgent'));
  readonly updateProfile = vi.fn<AgentClient['updateProfile']>(async () => notSetUp('updateProfile'));
  readonly listCannedReplies = vi.fn<AgentClient['listCannedReplies']>(async () => []);
  readonly createCannedReply = vi.fn<AgentClient['createCannedReply']>(async () => notSetUp('createCannedReply'));
  readonly updateCannedReply = vi.fn<AgentClient['updateCannedReply']>(async () => notSetUp('updateCannedReply'));
  readonly deleteCannedReply = vi.fn<AgentClient['deleteCannedReply']>(async () => undefined);
  /** Answers {@link customerCard} (a test replaces it) and puts the card in `customers`, as the SDK does. */
  readonly loadCustomer = vi.fn<AgentClient['loadCustomer']>(async (id) => {
    const card = this.customerCard(id);
    this.customers.set({ ...this.customers.getSnapshot(), [id]: card });
    return card;
  });
  readonly updateCustomer = vi.fn<AgentClient['updateCustomer']>(async () => notSetUp('updateCustomer'));
  /** Answers (and stores in `settings`) the defaults; a test replaces it. */
  readonly loadSettings = vi.fn<AgentClient['loadSettings']>(async () => {
    const settings = { replyAssigns: true };
    this.settings.set(settings);
    return settings;
  });
  readonly updateSettings = vi.fn<AgentClient['updateSettings']>(async (patch) => {
    const settings = { replyAssigns: true, ...this.settings.getSnapshot(), ...patch } as WorkspaceSettings;
    this.settings.set(settings);
    return settings;
  });
  /** The card `loadCustomer` answers for an id. */
  customerCard: (id: string) => CustomerCard = (id) => ({
    customer: { id, name: 'Customer', email: null, externalId: null, createdAt: '2026-12-01T09:00:00.000Z', lastSeenAt: null },
    presence: 'offline',
    queries: [],
  });
  readonly capabilities = vi.fn<AgentClient['capabilities']>(async () => ({ emailNotifications: false }));
  readonly listWebhooks = vi.fn<AgentClient['listWebhooks']>(async () => []);
  readonly createWebhook = vi.fn<AgentClient['createWebhook']>(async () => notSetUp('createWebhook'));
  readonly updateWebhook = vi.fn<AgentClient['updateWebhook']>(async () => notSetUp('updateWebhook'));
  readonly deleteWebhook = vi.fn<AgentClient['deleteWebhook']>(async () => undefined);
  readonly listWebhookDeliveries = vi.fn<AgentClient['listWebhookDeliveries']>(async () => ({ deliveries: [], nextCursor: null }));
  readonly redeliverWebhook = vi.fn<AgentClient['redeliverWebhook']>(async () => notSetUp('redeliverWebhook'));
  readonly fetchAttachment = vi.fn<AgentClient['fetchAttachment']>(async () => new Blob());
  readonly renewToken = vi.fn<AgentClient['renewToken']>(async () => true);
  readonly search = vi.fn<AgentClient['search']>(async () => ({ queries: [], messages: [], nextCursor: null }));
  readonly report = vi.fn<AgentClient['report']>(async () => notSetUp('report'));
  readonly listTeams = vi.fn<AgentClient['listTeams']>(async () => []);
  /** Answers (and stores in `teams`) what `listTeams` answers. */
  readonly loadTeams = vi.fn<AgentClient['loadTeams']>(async () => {
    const teams = await this.listTeams();
    this.teams.set(teams);
    return teams;
  });
  readonly createTeam = vi.fn<AgentClient['createTeam']>(async () => notSetUp('createTeam'));
  readonly updateTeam = vi.fn<AgentClient['updateTeam']>(async () => notSetUp('updateTeam'));
  readonly deleteTeam = vi.fn<AgentClient['deleteTeam']>(async () => undefined);
  readonly deleteAttachment = vi.fn<AgentClient['deleteAttachment']>(async () => undefined);
  get token(): string {
    return this.session.getSnapshot().token;
  }

  constructor(session: Session = AGENT_SESSION) {
    this.session = new FakeStore(session);
  }
}

function notSetUp(method: string): never {
  throw new Error(`FakeAgentClient.${method}: the test did not say what it answers`);
}

/** Makes the console's RealtimeService start `client` instead of a real AgentClient. */
export function provideFakeAgentClient(client: FakeAgentClient): Provider {
  return { provide: PARLEY_CLIENT_FACTORY, useValue: () => client };
}

/** Signs `session` in and starts the RealtimeService (on the client {@link provideFakeAgentClient} gave it). */
export function startRealtime(session: AgentSession = AGENT_SESSION): RealtimeService {
  TestBed.inject(SessionStore).save(session);
  const realtime = TestBed.inject(RealtimeService);
  realtime.ensureStarted();
  return realtime;
}
