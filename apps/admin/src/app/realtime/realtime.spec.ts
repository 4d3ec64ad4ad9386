import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ConnectionStatus, ParleyClient, ParleyClientOptions, Session } from '@parley/client';
import type { PresenceStatus, Query } from '@parley/protocol';
import { type AgentSession, SessionStore } from '../auth/session-store';
import { FakeStore } from '../testing/fake-store';
import { makeQuery } from '../testing/fixtures';
import { RealtimeService, type QueueState } from './realtime';
import { PARLEY_CLIENT_FACTORY } from './tokens';

const session: AgentSession = {
  token: 'token-1',
  user: { id: 'a-1', role: 'agent', name: 'Ann' },
  agent: { id: 'a-1', email: 'ann@example.test', name: 'Ann', role: 'agent', active: true, createdAt: '' },
};

/** Just the part of ParleyClient the service touches, driven by the test. */
function fakeClient() {
  return {
    status: new FakeStore<ConnectionStatus>({ state: 'connecting' }),
    pendingCount: new FakeStore(0),
    queue: new FakeStore<QueueState>({ items: [], loading: true, unresolvedComplete: false, resolvedCursor: null, loadingResolved: false }),
    presence: new FakeStore<Readonly<Record<string, PresenceStatus>>>({}),
    session: new FakeStore<Session>(session),
    token: session.token,
    connect: vi.fn(),
    close: vi.fn(async () => undefined),
    loadQueue: vi.fn(async () => undefined),
    loadMoreResolved: vi.fn(async () => undefined),
  };
}

describe('RealtimeService', () => {
  let client: ReturnType<typeof fakeClient>;
  let options: ParleyClientOptions | undefined;

  beforeEach(() => {
    localStorage.clear();
    client = fakeClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: PARLEY_CLIENT_FACTORY,
          useValue: (o: ParleyClientOptions) => {
            options = o;
            return client as unknown as ParleyClient;
          },
        },
      ],
    });
  });

  it('does nothing while signed out', () => {
    expect(TestBed.inject(RealtimeService).ensureStarted()).toBeNull();
  });

  it('starts one agent client for the stored session and loads the whole working queue (not one unfiltered page)', () => {
    TestBed.inject(SessionStore).save(session);
    const realtime = TestBed.inject(RealtimeService);
    realtime.ensureStarted();
    realtime.ensureStarted();
    expect(options).toMatchObject({ kind: 'agent', session });
    expect(client.connect).toHaveBeenCalledTimes(1);
    expect(client.loadQueue).toHaveBeenCalledTimes(1);
  });

  it('mirrors every SDK store into a signal as the socket pushes changes', () => {
    TestBed.inject(SessionStore).save(session);
    const realtime = TestBed.inject(RealtimeService);
    realtime.ensureStarted();
    const query: Query = makeQuery();

    client.status.set({ state: 'reconnecting', attempt: 2, nextRetryAt: 0 });
    client.pendingCount.set(3);
    client.queue.set({ items: [query], loading: false, unresolvedComplete: true, resolvedCursor: 'c', loadingResolved: false });
    client.presence.set({ 'a-2': 'away' });

    expect(realtime.status()).toEqual({ state: 'reconnecting', attempt: 2, nextRetryAt: 0 });
    expect(realtime.pendingCount()).toBe(3);
    expect(realtime.queue()).toMatchObject({ items: [query], unresolvedComplete: true, resolvedCursor: 'c' });
    expect(realtime.presence()).toEqual({ 'a-2': 'away' });
  });

  it('persists a renewed token so a reload starts with it', () => {
    const sessions = TestBed.inject(SessionStore);
    sessions.save(session);
    TestBed.inject(RealtimeService).ensureStarted();
    client.session.set({ ...session, token: 'token-2' });
    expect(sessions.session()?.token).toBe('token-2');
    expect(JSON.parse(localStorage.getItem('parley-admin:session')!).token).toBe('token-2');
  });

  it('unsubscribes and closes the client on stop', async () => {
    TestBed.inject(SessionStore).save(session);
    const realtime = TestBed.inject(RealtimeService);
    realtime.ensureStarted();
    await realtime.stop();
    expect(client.close).toHaveBeenCalled();
    expect(client.status.listenerCount).toBe(0);
    expect(client.queue.listenerCount).toBe(0);
    expect(realtime.started()).toBe(false);
  });

  it('pages resolved queries on demand through the SDK', async () => {
    TestBed.inject(SessionStore).save(session);
    const realtime = TestBed.inject(RealtimeService);
    realtime.ensureStarted();
    await realtime.loadMoreResolved();
    expect(client.loadMoreResolved).toHaveBeenCalledTimes(1);
  });

  it('signs the agent out with a reason when the SDK cannot renew the session', async () => {
    vi.useFakeTimers();
    try {
      const sessions = TestBed.inject(SessionStore);
      sessions.save(session);
      const router = TestBed.inject(Router);
      const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
      vi.spyOn(router, 'url', 'get').mockReturnValue('/queries/q-7');
      TestBed.inject(RealtimeService).ensureStarted();

      await expect(options!.onSessionExpired!()).resolves.toBeNull();
      await vi.runAllTimersAsync();

      expect(client.close).toHaveBeenCalled();
      expect(sessions.session()).toBeNull();
      expect(sessions.endedReason()).toContain('expired');
      expect(localStorage.getItem('parley-admin:session')).toBeNull();
      expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/queries/q-7' } });
    } finally {
      vi.useRealTimers();
    }
  });
});
