import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { makeQuery } from '@parley/angular/testing';
import type { Query } from '@parley/protocol';
import type { AgentSession } from '../auth/session-store';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { PageTitle } from '../shell/page-title';
import { AlertSettings } from './alert-settings';
import { Beep } from './beep';
import { QueueAlerts } from './queue-alerts';

const ME: AgentSession = {
  token: 't',
  user: { id: 'me', role: 'agent', name: 'Me' },
  agent: { id: 'me', email: 'me@example.test', name: 'Me', role: 'agent', active: true, createdAt: '' },
};

/** Stands in for the shell, which provides the alerts for the signed-in session only. */
@Component({ selector: 'pa-host', template: '', providers: [QueueAlerts] })
class Host {
  readonly alerts = inject(QueueAlerts);
}

describe('QueueAlerts', () => {
  let client: FakeAgentClient;
  const beep = { play: vi.fn() };
  const shown: Array<{ title: string; body?: string }> = [];

  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body });
    }
    close(): void {}
  }

  function setVisibility(state: DocumentVisibilityState): void {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  }

  beforeEach(() => {
    localStorage.clear();
    shown.length = 0;
    beep.play.mockClear();
    client = new FakeAgentClient(ME);
    FakeNotification.permission = 'granted';
    vi.stubGlobal('Notification', FakeNotification);
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '**', children: [] }]), provideFakeAgentClient(client), { provide: Beep, useValue: beep }],
    });
    startRealtime(ME);
    TestBed.inject(PageTitle).route.set('Parley');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setVisibility('visible');
  });

  function start() {
    const fixture = TestBed.createComponent(Host);
    TestBed.tick();
    return fixture;
  }

  function put(...queries: Query[]): void {
    const s = client.queue.getSnapshot();
    client.queue.set({ ...s, loading: false, items: [...queries, ...s.items.filter((q) => !queries.some((n) => n.id === q.id))] });
    TestBed.tick();
  }

  const fresh = (overrides: Partial<Query> = {}) => makeQuery({ createdAt: new Date().toISOString(), ...overrides });

  it('notifies and chimes for a query that arrives while the tab is hidden', () => {
    start();
    setVisibility('hidden');
    put(fresh({ subject: 'Where is my parcel?' }));
    expect(beep.play).toHaveBeenCalledTimes(1);
    expect(shown).toEqual([{ title: 'New query from Ada Customer', body: 'Where is my parcel?' }]);
  });

  it('stays quiet while the agent is looking at the console', () => {
    start();
    put(fresh());
    expect(beep.play).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('keeps new queries that arrive while another console page is shown, for the Queue badge and the toast, until the queue is seen', async () => {
    const fixture = start();
    const router = TestBed.inject(Router);
    const alerts = fixture.componentInstance.alerts;
    put(fresh({ id: 'q-on-queue' }));
    expect(alerts.newElsewhere()).toEqual([]);
    await router.navigateByUrl('/agents');
    put(fresh({ id: 'q-a', subject: 'First' }), makeQuery({ id: 'q-old', createdAt: '2020-01-01T00:00:00.000Z' }));
    put(fresh({ id: 'q-b', subject: 'Second' }));
    expect(alerts.newElsewhere().map((q) => q.id)).toEqual(['q-a', 'q-b']);
    expect(alerts.toastQuery()?.subject).toBe('Second');
    alerts.dismissToast();
    expect(alerts.toastQuery()).toBeNull();
    expect(alerts.newElsewhere()).toHaveLength(2);
    put(fresh({ id: 'q-c', subject: 'Third' }));
    expect(alerts.toastQuery()?.subject).toBe('Third');
    await router.navigateByUrl('/queries/q-a');
    expect(alerts.newElsewhere()).toEqual([]);
    expect(alerts.toastQuery()).toBeNull();
  });

  it('does not announce old queries loaded from history', () => {
    start();
    setVisibility('hidden');
    put(makeQuery({ createdAt: '2020-01-01T00:00:00.000Z' }));
    expect(beep.play).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('announces a customer reply on my query while hidden, unless replies are switched off', () => {
    const settings = TestBed.inject(AlertSettings);
    const mine = makeQuery({ id: 'q-mine', assignee: { id: 'me', name: 'Me' }, lastSeq: 1 });
    start();
    put(mine);
    setVisibility('hidden');
    const customer = { id: 'c-1', role: 'customer' as const, name: 'Ada Customer' };
    put({ ...mine, lastSeq: 2, lastMessage: { seq: 2, body: 'Any news?', author: customer, createdAt: '' } });
    expect(beep.play).toHaveBeenCalledTimes(1);
    expect(shown).toEqual([{ title: 'Ada Customer replied', body: 'Any news?' }]);

    settings.replies.set(false);
    put({ ...mine, lastSeq: 3, lastMessage: { seq: 3, body: 'Hello?', author: customer, createdAt: '' } });
    expect(beep.play).toHaveBeenCalledTimes(1);
    // A colleague's query or my own message is not a reply to me.
    settings.replies.set(true);
    put({ ...mine, lastSeq: 4, lastMessage: { seq: 4, body: 'On it', author: { id: 'me', role: 'agent', name: 'Me' }, createdAt: '' } });
    put(makeQuery({ id: 'q-other', assignee: { id: 'bo', name: 'Bo' } }));
    put(makeQuery({ id: 'q-other', assignee: { id: 'bo', name: 'Bo' }, lastSeq: 5, lastMessage: { seq: 5, body: 'x', author: customer, createdAt: '' } }));
    expect(beep.play).toHaveBeenCalledTimes(1);
  });

  it('honours the switches, and shows no notification without the browser permission', () => {
    const settings = TestBed.inject(AlertSettings);
    start();
    setVisibility('hidden');
    settings.sound.set(false);
    put(fresh({ subject: 'First' }));
    expect(beep.play).not.toHaveBeenCalled();
    expect(shown).toHaveLength(1);

    settings.sound.set(true);
    settings.notify.set(false);
    put(fresh({ subject: 'Second' }));
    expect(beep.play).toHaveBeenCalledTimes(1);
    expect(shown).toHaveLength(1);

    settings.notify.set(true);
    settings.permission.set('denied');
    put(fresh({ subject: 'Third' }));
    expect(shown).toHaveLength(1);
  });

  it('shows the unread count of my and unassigned queries in the page title, and restores it when destroyed', () => {
    const fixture = start();
    const title = { getTitle: () => document.title };
    put(
      makeQuery({ id: 'a', assignee: null, lastSeq: 3, agentReadSeq: 1, waitingSince: '2026-01-01T10:00:00.000Z' }),
      makeQuery({ id: 'b', assignee: { id: 'me', name: 'Me' }, lastSeq: 2, agentReadSeq: 1, waitingSince: '2026-01-01T10:00:00.000Z' }),
      makeQuery({ id: 'c', assignee: { id: 'bo', name: 'Bo' }, lastSeq: 9, agentReadSeq: 1, waitingSince: '2026-01-01T10:00:00.000Z' }),
    );
    TestBed.tick();
    expect(title.getTitle()).toBe('(3) Parley');
    // Navigating keeps the count in front of the new page's title.
    TestBed.inject(PageTitle).route.set('Conversation · Parley');
    TestBed.tick();
    expect(title.getTitle()).toBe('(3) Conversation · Parley');
    fixture.destroy();
    TestBed.tick();
    expect(title.getTitle()).toBe('Conversation · Parley');
  });
});
