import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { makeChatMessage, makeQuery } from '@parley/angular/testing';
import type { ClientOptions } from '@parley/client';
import type { Query } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { AGENT_SESSION as session, FakeAgentClient } from '../testing/fake-agent-client';
import { RealtimeService } from './realtime';
import { PARLEY_CLIENT_FACTORY } from './tokens';

describe('RealtimeService', () => {
  let client: FakeAgentClient;
  let options: ClientOptions | undefined;

  beforeEach(() => {
    localStorage.clear();
    client = new FakeAgentClient();
    options = undefined;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: PARLEY_CLIENT_FACTORY,
          useValue: (o: ClientOptions) => {
            options = o;
            return client;
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
    expect(options).toMatchObject({ session });
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

  it('hands out a conversation as signals, leaving the room when released', () => {
    TestBed.inject(SessionStore).save(session);
    const realtime = TestBed.inject(RealtimeService);
    realtime.ensureStarted();
    const handle = TestBed.runInInjectionContext(() => realtime.conversation('q-1'));
    const conversation = client.opened.get('q-1')!;
    conversation.push({ joined: true, messages: [makeChatMessage({ seq: 1 })] });
    expect(handle.state().joined).toBe(true);
    expect(handle.messages().map((m) => m.seq)).toEqual([1]);
    handle.release();
    expect(conversation.left).toBe(true);
    expect(conversation.state.listenerCount).toBe(0);
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
