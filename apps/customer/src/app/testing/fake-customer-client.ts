import type { Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeConversation, FakeStore } from '@parley/angular/testing';
import type { ConnectionStatus, ConversationState, CustomerClient, PresenceMap, QueryListState, Session } from '@parley/client';
import { vi } from 'vitest';
import { CUSTOMER_CLIENT_FACTORY, type CustomerAppClient } from '../session/client-factory';
import { ParleySession } from '../session/parley-session';
import { saveSession } from '../session/saved-session';

/** A visitor's session, for tests that need a signed-in customer. */
export const CUSTOMER_SESSION: Session = {
  token: 'token-1',
  user: { id: 'c1', role: 'customer', name: 'Ada' },
  resumeKey: 'resume-1',
};

/**
 * The customer's SDK client, faked: it implements {@link CustomerAppClient} (a `Pick` of the
 * real client), so a change in the SDK breaks it at compile time. Stores are pushed to by the
 * test (`client.status.set(…)`) as the SDK does on socket events; every method is a `vi.fn`
 * with a harmless default, which a test replaces (`client.rateQuery.mockResolvedValue(…)`).
 */
export class FakeCustomerClient implements CustomerAppClient {
  readonly status = new FakeStore<ConnectionStatus>({ state: 'online' });
  readonly pendingCount = new FakeStore(0);
  readonly queries = new FakeStore<QueryListState>({ items: [], loading: false, nextCursor: null });
  readonly presence = new FakeStore<PresenceMap>({});
  readonly session: FakeStore<Session>;
  token: string;
  /** The conversations opened, by query id (the latest one for each). */
  readonly opened = new Map<string, FakeConversation>();
  /** The state a conversation opens with; a test sets it before the page opens one. */
  initialState: (queryId: string) => Partial<ConversationState> = () => ({});

  readonly connect = vi.fn<CustomerClient['connect']>();
  readonly close = vi.fn<CustomerClient['close']>(async () => undefined);
  readonly renewToken = vi.fn<CustomerClient['renewToken']>(async () => false);
  readonly conversation = vi.fn<CustomerClient['conversation']>((queryId) => {
    const conversation = new FakeConversation(queryId, this.initialState(queryId), this.user);
    this.opened.set(queryId, conversation);
    return conversation;
  });
  readonly loadQueries = vi.fn<CustomerClient['loadQueries']>(async () => undefined);
  readonly refreshQueries = vi.fn<CustomerClient['refreshQueries']>(async () => undefined);
  readonly createQuery = vi.fn<CustomerClient['createQuery']>(async () => notSetUp('createQuery'));
  readonly rateQuery = vi.fn<CustomerClient['rateQuery']>(async () => notSetUp('rateQuery'));
  readonly getDetails = vi.fn<CustomerClient['getDetails']>(async () => ({ id: 'c-1', name: 'Ada', email: null, externalId: null, createdAt: '' }));
  readonly updateDetails = vi.fn<CustomerClient['updateDetails']>(async () => notSetUp('updateDetails'));
  readonly listTeams = vi.fn<CustomerClient['listTeams']>(async () => []);
  readonly fetchAttachment = vi.fn<CustomerClient['fetchAttachment']>(async () => new Blob());
  readonly deleteAttachment = vi.fn<CustomerClient['deleteAttachment']>(async () => undefined);

  constructor(session: Session = CUSTOMER_SESSION) {
    this.session = new FakeStore(session);
    this.token = session.token;
  }

  get user(): Session['user'] {
    return this.session.getSnapshot().user;
  }
}

function notSetUp(method: string): never {
  throw new Error(`FakeCustomerClient.${method}: the test did not say what it answers`);
}

/** Makes ParleySession open `client` instead of a real SDK client. */
export function provideFakeCustomerClient(client: FakeCustomerClient): Provider {
  return { provide: CUSTOMER_CLIENT_FACTORY, useValue: () => client };
}

/**
 * Signs the fake's customer in the way a returning visitor is (a saved session), so the real
 * ParleySession opens the client {@link provideFakeCustomerClient} gave it.
 */
export async function startSession(client: FakeCustomerClient): Promise<ParleySession> {
  saveSession(localStorage, client.session.getSnapshot());
  const session = TestBed.inject(ParleySession);
  await session.restore();
  return session;
}
